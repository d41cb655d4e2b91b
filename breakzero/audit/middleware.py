"""Makes the current request known to the audit recorder (who and from where), and audits
what no view has to remember: every download and every refusal, on every route."""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("breakzero_audit_request", default=None)

# Answers that mean "you may not": a 404 is also how an object outside the user's scope is
# refused (STYLE §3: not visible → 404), so it is recorded as a denial like a 403.
DENIAL_STATUSES = frozenset({403, 404})
# Files, whether offered for saving (attachment) or shown in the browser (inline, e.g. the bulletin PDF).
FILE_TYPES = ("application/pdf", "application/vnd.openxmlformats", "application/vnd.ms-excel", "text/csv", "application/zip")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            _record_download(request, response)
            _record_denial(request, response)
            return response
        finally:
            current_request.reset(token)


def _signed_in(request: HttpRequest) -> bool:
    """After the view ran: API token authentication sets request.user inside the view."""
    return bool(getattr(getattr(request, "user", None), "is_authenticated", False))


def _record_download(request: HttpRequest, response: HttpResponse) -> None:
    """Every file a user downloads (xlsx/csv/pdf exports, attachments, files shown inline) is
    an audited export, unless the view already recorded it through `core.signals.data_exported`."""
    disposition = response.get("Content-Disposition", "") if hasattr(response, "get") else ""
    content_type = response.get("Content-Type", "") if hasattr(response, "get") else ""
    is_file = "attachment" in disposition or "inline" in disposition or content_type.startswith(FILE_TYPES)
    if not is_file or response.status_code >= 300 or getattr(request, "_export_audited", False):
        return
    if not _signed_in(request):
        return
    from breakzero.audit.services import Action, audit_record

    audit_record(
        action=Action.EXPORT,
        request=request,
        detail={"what": request.path, "file": disposition[-200:], "status": response.status_code},
    )


def _record_denial(request: HttpRequest, response: HttpResponse) -> None:
    """A refusal no decorator recorded: an object outside the user's scope answered 404 by the
    access layer (get_object_or_404 on a scoped queryset), a 403 from a view or the API.
    Anonymous requests are the login's business (redirect / 401, counted by the rate limits)."""
    if response.status_code not in DENIAL_STATUSES or getattr(request, "_denial_audited", False):
        return
    if not _signed_in(request):
        return
    if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
        return  # no route at all (a browser's /favicon.ico): nothing was refused
    from breakzero.audit.services import Action, audit_record

    audit_record(
        action=Action.ACCESS_DENIED, request=request,
        detail={"status": response.status_code, "method": request.method, "view": _view_name(request)},
    )


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return getattr(match, "view_name", "") or ""
