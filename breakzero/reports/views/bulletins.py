"""Bulletins: list of past ones, request a new one (background task), poll until ready, download."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.core.errors import DomainError
from breakzero.core.period import default_year
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, roles
from breakzero.core.views import xlsx_response
from breakzero.regions.models import Region
from breakzero.reports import access, selectors
from breakzero.reports.forms import BulletinForm
from breakzero.reports.services import bulletins as services
from breakzero.reports.views.common import call_service, download

PAGE_SIZE = 20


@roles(OFFICIALS)
@require_http_methods(["GET", "POST"])
def bulletin_list(request: HttpRequest) -> HttpResponse:
    regions = _generatable(request.user)
    today = timezone.localdate()
    year = default_year(today)  # a past year (the period is over): the whole year
    initial = {"period_type": "month" if year == today.year else "year", "year": year, "period": today.month,
               "region": regions[0].code if regions else ""}
    form = BulletinForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST" and regions and form.is_valid():
        data = form.cleaned_data
        region = next(r for r in regions if r.code == data["region"])
        bulletin = call_service(form, lambda: services.bulletin_request(
            user=request.user, region=region, period_type=data["period_type"], year=data["year"], period=data["period"]))
        if bulletin is not None:
            messages.success(request, _("通报已开始生成，完成后可在本页下载。"))
            return redirect(bulletin)
    page = Paginator(selectors.bulletins_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "can_generate": bool(regions), "page_obj": page}
    return render_page(request, "reports/bulletin_list.html", context, partial="results")


@roles(OFFICIALS)
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """While generating, the status partial polls itself with htmx (every 2 s) until the files are ready."""
    bulletin = selectors.bulletin_get(user=request.user, pk=pk)
    tables = bulletin.summary.get("tables", {})
    lagging = bulletin.summary.get("lagging", [])
    codes = {line["region_code"] for line in lagging}
    supervisable = {r.code for r in Region.objects.filter(code__in=codes) if access.can_create_task_for(request.user, r)}
    summary = bulletin.summary.get("summary", [])
    context = {"bulletin": bulletin, "missing_rows": tables.get("缺报地区", []),
               "reporting_rows": tables.get("填报及时率", []),
               "summary_rows": list(zip(tables.get("汇总", []), summary, strict=False)),
               "lagging_rows": [(row, line, line["region_code"] in supervisable)
                                for row, line in zip(tables.get("滞后地区", []), lagging, strict=False)]}
    return render_page(request, "reports/bulletin_detail.html", context, partial="status")


@roles(OFFICIALS)
def bulletin_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    bulletin = selectors.bulletin_get(user=request.user, pk=pk)
    if kind not in {"xlsx", "pdf"} or bulletin.status != bulletin.Status.DONE:
        raise Http404
    if kind == "xlsx":  # always a readable workbook: generated again when the stored file is not one
        try:
            content = services.bulletin_xlsx(bulletin=bulletin)
        except DomainError as exc:
            return render(request, "reports/bulletin_file_error.html", {"bulletin": bulletin, "message": exc.message},
                          status=500)
        return xlsx_response(content, bulletin.xlsx.name.rsplit("/", 1)[-1])
    return download(bulletin.pdf, bulletin.pdf.name.rsplit("/", 1)[-1], inline=True)


def _generatable(user: object) -> list[Region]:
    candidates = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.PREFECTURE]).order_by("code")
    return [r for r in candidates if access.can_generate_bulletin(user, r)]
