"""Recognitions made on publication, with their obligations (the enterprise's to-do of due reports)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakzero.accounts.models import Role
from breakzero.calls import selectors, services
from breakzero.calls.models import Obligation
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS_AND_ADMIN, roles

__all__ = ["recognition_list", "recognition_export", "obligation_done"]
READERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)


@roles(READERS)
def recognition_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.recognitions_visible_to(request.user).prefetch_related("obligations")
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "due": selectors.obligations_due(user=request.user)[:50], "kind": kind}
    return render_page(request, "calls/recognition_list.html", context, partial="results")


@roles(READERS)
def recognition_export(request: HttpRequest) -> HttpResponse:
    headers = ["企业名称", "统一社会信用代码", "项目", "类型", "层级", "认定机关", "批次文号", "认定日期", "有效期至", "状态"]
    rows = [[r.enterprise.name, r.enterprise.uscc, r.programme.name, r.kind, r.get_level_display(), r.authority, r.batch,
             r.recognized_on, r.valid_until or "", r.get_status_display()]
            for r in selectors.recognitions_visible_to(request.user).iterator(chunk_size=2000)]
    return export(request, recognition_export, what="calls_recognitions", headers=headers, rows=rows,
                  filename="认定名录.xlsx")


@roles(Role.ENTERPRISE)
@require_POST
def obligation_done(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = get_object_or_404(Obligation.objects.select_related("recognition"),
                                   pk=pk, recognition__enterprise_id=request.user.enterprise_id)
    attempt(request, lambda: services.obligation_fulfil(obligation=obligation, actor=request.user), _("已报送。"))
    return redirect("calls:recognition-list")
