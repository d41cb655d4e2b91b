"""The notice centre (站内信): list, open (marks read), mark read / all read, e-mail choices."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.core.htmx import render_page
from breakzero.core.permissions import any_user
from breakzero.notifications import selectors, services
from breakzero.notifications.forms import PreferenceForm

PAGE_SIZE = 30


@any_user
def notice_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notices = selectors.notices_for(request.user, unread_only=unread_only)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "unread_only": unread_only, "unread": selectors.unread_count(request.user)}
    return render_page(request, "notifications/notice_list.html", context, partial="results")


@any_user
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notice: marked read, then on to the page it points at (same site only)."""
    notice = selectors.notice_get(user=request.user, pk=pk)
    services.notices_mark_read(user=request.user, ids=[notice.pk])
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return redirect("notifications:list")


@any_user
@require_POST
def notice_read(request: HttpRequest) -> HttpResponse:
    """Mark the chosen notices read, or all of them (`all=1`)."""
    ids = None if request.POST.get("all") == "1" else [int(v) for v in request.POST.getlist("id") if v.isdigit()]
    count = services.notices_mark_read(user=request.user, ids=ids)
    messages.success(request, _("已将 %(n)d 条标为已读。") % {"n": count})
    return redirect("notifications:list")


@any_user
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    initial = {"email_kinds": sorted(selectors.email_kinds(request.user))}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, email_kinds=form.cleaned_data["email_kinds"])
        messages.success(request, _("通知设置已保存。"))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
