"""The audit administrator's pages: search the trail, export it (xlsx)."""

import io

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from breakzero.accounts.models import Role
from breakzero.audit import sheets
from breakzero.audit.forms import AuditSearchForm
from breakzero.audit.selectors import audit_entries
from breakzero.audit.services import Action, audit_record
from breakzero.core.htmx import render_page
from breakzero.core.permissions import roles
from breakzero.core.views import xlsx_response

PAGE_SIZE = 50


@roles(Role.AUDIT_ADMIN)
def entry_list(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    page = Paginator(audit_entries(form.criteria()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "audit/entry_list.html", {"form": form, "page_obj": page}, partial="results")


@roles(Role.AUDIT_ADMIN)
def entry_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as xlsx (at most EXPORT_LIMIT rows, newest first); itself audited."""
    form = AuditSearchForm(request.GET or None)
    buffer = io.BytesIO()
    count = sheets.write_entries(buffer, audit_entries(form.criteria()))
    audit_record(action=Action.EXPORT, request=request, detail={"what": "audit", "rows": count, "filters": request.GET.dict()})
    return xlsx_response(buffer.getvalue(), f"审计日志-{timezone.localdate():%Y%m%d}.xlsx")
