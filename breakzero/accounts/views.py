"""Login, logout, profile and password change."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from breakzero.core.permissions import any_user, public

login_view = public(auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True))
logout_view = public(auth_views.LogoutView.as_view())


class _PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, "密码已修改。")
        return super().form_valid(form)


password_change = any_user(_PasswordChange.as_view())


@any_user
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {})
