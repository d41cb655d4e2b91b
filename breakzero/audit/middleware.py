"""Makes the current request known to the audit recorder (who and from where)."""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("breakzero_audit_request", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            _record_download(request, response)
            return response
        finally:
            current_request.reset(token)


def _record_download(request: HttpRequest, response: HttpResponse) -> None:
    """Every file a user downloads (xlsx/csv/pdf exports, attachments) is an audited export,
    unless the view already recorded it through `core.signals.data_exported`."""
    disposition = response.get("Content-Disposition", "") if hasattr(response, "get") else ""
    if "attachment" not in disposition or getattr(request, "_export_audited", False):
        return
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        return
    from breakzero.audit.services import Action, audit_record

    audit_record(
        action=Action.EXPORT,
        request=request,
        detail={"what": request.path, "file": disposition[-200:], "status": response.status_code},
    )
