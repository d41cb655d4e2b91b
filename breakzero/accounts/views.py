"""Login, logout, profile, password change and the second factor (TOTP)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from breakzero.accounts import otp, security, tokens
from breakzero.accounts.models import ApiToken
from breakzero.accounts.forms import NewPasswordChangeForm, TokenForm
from breakzero.core.permissions import any_user, public

login_view = public(auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True))
logout_view = public(auth_views.LogoutView.as_view())


class _PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = NewPasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = security.must_change_password(self.request.user)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        security.password_changed(user=form.user)
        messages.success(self.request, _("密码已修改。"))
        return response


password_change = any_user(_PasswordChange.as_view())


@any_user
def profile(request: HttpRequest) -> HttpResponse:
    context = {"has_device": security.confirmed_device(request.user) is not None}
    return render(request, "accounts/profile.html", context)


@any_user
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second login step: the 6-digit code from the user's authenticator app."""
    device = security.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:otp-enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("动态口令不正确或已过期。"))
    return render(request, "accounts/otp_verify.html", {"form": form})


@any_user
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: scan the QR code, then confirm with a first code."""
    if security.confirmed_device(request.user) is not None:
        return redirect("accounts:otp")
    device = otp.pending_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("双因素认证已启用。"))
            return redirect(_next_url(request))
        form.add_error("token", _("动态口令不正确，请确认手机时间准确后重试。"))
    context = {"form": form, "qr": otp.qr_data_uri(device), "secret": otp.secret_text(device)}
    return render(request, "accounts/otp_enrol.html", context)


@any_user
def token_list(request: HttpRequest) -> HttpResponse:
    """My API tokens, with revoke (issuing stays in the API: the key is shown only once)."""
    return render(request, "accounts/tokens.html", {"tokens": tokens.tokens_of(user=request.user)})


@any_user
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    tokens.token_revoke(token=get_object_or_404(ApiToken, pk=pk, user=request.user))
    messages.success(request, _("令牌已撤销。"))
    return redirect("accounts:tokens")


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse_lazy(settings.LOGIN_REDIRECT_URL)
