"""Session rules for logged-in users: idle and absolute time-outs, forced password change,
and the second factor for officials and administrators (等保 2.0 身份鉴别)."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.accounts import security

LAST_SEEN = "bz_last_seen"
STARTED = "bz_started"
TOUCH_EVERY = 60  # seconds: avoid a session write on every request


class SessionGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            response = self._expired(request) or self._gate(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> HttpResponse | None:
        now = int(time.time())
        session = request.session
        started = session.setdefault(STARTED, now)
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, _("由于长时间未操作，您已自动退出，请重新登录。"))
            return _to(request, reverse(settings.LOGIN_URL))
        if now - last_seen >= TOUCH_EVERY or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        return None

    def _gate(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        exempt = _exempt_prefixes()
        if request.path.startswith(exempt):
            return None
        if security.needs_second_factor(user) and not _is_verified(user):
            return _to(request, reverse("accounts:otp"))
        if request.path.startswith((reverse("accounts:password-change"), reverse("accounts:tokens"))):
            return None  # revoking one's own API tokens is always possible
        if security.must_change_password(user):
            return _to(request, reverse("accounts:password-change"))
        return None


def _is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("accounts:otp"), reverse("accounts:otp-enrol"), reverse("accounts:logout"),
        settings.STATIC_URL, "/i18n/",
    )


def _to(request: HttpRequest, url: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("请先完成登录步骤（修改密码或双因素认证）。")}, status=403)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class RejectNulMiddleware:
    """入侵防范: NUL characters have no business in any field and crash PostgreSQL text
    columns; such requests get a plain 400 instead of reaching a view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return HttpResponse(_("请求包含非法字符（NUL）。"), status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.content_type == "application/json":
        body = request.body
        return b"\x00" in body or b"\\u0000" in body
    if request.content_type == "application/x-www-form-urlencoded":
        return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists())
    return False
