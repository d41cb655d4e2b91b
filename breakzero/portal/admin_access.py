"""Who may open the portal's Wagtail admin (/portal-admin/): officials only, with the portal
editor or reviewer permission given by the portal groups (see `portal_setup`). Anyone else gets
404 like any refused page, and the refusal is audited; the login is the platform's own."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csp import csp_override

from breakzero.accounts.models import OFFICIAL_ROLES
from breakzero.core.signals import access_denied

EDITORS_GROUP = "门户编辑（市州、区县）"
REVIEWERS_GROUP = "门户审核（省级）"


def can_use_portal_admin(user: Any) -> bool:
    """An official (never an enterprise, expert or administrator: 三员分立) holding Wagtail's
    admin permission through one of the portal groups."""
    return bool(user.is_authenticated and user.role in OFFICIAL_ROLES
                and user.groups.filter(name__in=(EDITORS_GROUP, REVIEWERS_GROUP)).exists())


def officials_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    view = csp_override(_admin_csp())(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_use_portal_admin(request.user):
            access_denied.send(sender=view, request=request)
            raise Http404
        return view(request, *args, **kwargs)

    # The access guard tests see the declaration; the generated matrix leaves Wagtail's admin to
    # this module's own tests (breakzero/portal/tests).
    wrapped.access_declared = ("portal_admin", tuple(OFFICIAL_ROLES))
    return wrapped


def published_documents_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A document is downloadable without login only once a live page attaches it (drafts' files
    stay private); Wagtail then serves it with its own content type and `Content-Disposition`."""

    @wraps(view)
    def wrapped(request: HttpRequest, document_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        from breakzero.portal.models import PolicyAttachment

        if not PolicyAttachment.objects.filter(document_id=document_id, page__live=True).exists():
            raise Http404
        return view(request, document_id, *args, **kwargs)

    return wrapped


def _admin_csp() -> dict:
    """Wagtail's admin still carries a few inline scripts and style attributes: its pages (officials
    only, never linked from the portal) allow them; the public portal keeps the platform's CSP."""
    from django.conf import settings
    from django.utils.csp import CSP

    policy = {key: list(value) for key, value in settings.SECURE_CSP.items()}
    policy["script-src"] = [CSP.SELF, CSP.UNSAFE_INLINE]
    policy["style-src"] = [CSP.SELF, CSP.UNSAFE_INLINE]
    return policy
