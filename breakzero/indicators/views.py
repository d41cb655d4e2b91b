"""Progress pages: dashboard (province → city → county), records behind a number, targets, exports."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS_AND_ADMIN, roles
from breakzero.core.views import xlsx_response
from breakzero.indicators import definitions, display, records, selectors, services, tables
from breakzero.indicators.access import can_edit_participants, region_for
from breakzero.indicators.sheets import table_xlsx

DASHBOARD_TTL = 600


@roles(OFFICIALS_AND_ADMIN)
def dashboard(request: HttpRequest) -> HttpResponse:
    region = region_for(request.user, request.GET.get("region"))
    refreshed, version = selectors.summary_version()
    today = timezone.localdate()
    year, indicator_id = _year(request, covered=refreshed.covered_years if refreshed else ()), _indicator(request)
    key = f"progress:{region.code}:{year}:{indicator_id}:{version}:{today}:{request.LANGUAGE_CODE}"
    body = cache.get(key)
    if body is None:
        data = selectors.dashboard(user=request.user, region=region, year=year, indicator_id=indicator_id, today=today,
                                   refreshed=refreshed)
        context = {"d": data, "charts": display.chart_json(tables.chart_data(data)), "indicators": definitions.all_indicators()}
        body = render_to_string("indicators/dashboard_body.html", context, request=request)
        cache.set(key, body, DASHBOARD_TTL)
    return render_page(request, "indicators/dashboard.html", {"body": body, "region": region}, partial="body")


@roles(OFFICIALS_AND_ADMIN)
def dashboard_export(request: HttpRequest) -> HttpResponse:
    region = region_for(request.user, request.GET.get("region"))
    year, indicator_id = _year(request), _indicator(request)
    data = selectors.dashboard(user=request.user, region=region, year=year, indicator_id=indicator_id,
                               today=timezone.localdate())
    if request.GET.get("table") == "ranking":
        rows = tables.ranking_table(data.ranking, decimals=data.indicator.decimals)
        return xlsx_response(table_xlsx(tables.RANKING_HEADERS, rows, sheet="排名"), f"{region.name}{year}{data.indicator.name_zh}排名.xlsx")
    return xlsx_response(table_xlsx(tables.PROGRESS_HEADERS, tables.progress_table(data.rows), sheet="进度"),
                         f"{region.name}{year}年指标进度.xlsx")


@roles(OFFICIALS_AND_ADMIN)
def record_list(request: HttpRequest) -> HttpResponse:
    """The records behind a number: the rows that were counted or summed."""
    region = region_for(request.user, request.GET.get("region"))
    indicator = definitions.get(_indicator(request))
    level = request.GET.get("level", "")
    until = request.GET.get("until", "")
    listing = records.listing(indicator=indicator, region=region, year=_year(request), month=_month(request),
                              level=level if level in definitions.LITTLE_GIANT_LEVEL_NAMES else "",
                              until=int(until) if until.isdigit() and 1 <= int(until) <= 12 else None)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(table_xlsx(listing.headers, listing.rows(), sheet=indicator.name_zh),
                             f"{region.name}{listing.year}{indicator.name_zh}明细.xlsx")
    page = Paginator(listing.queryset, 50).get_page(request.GET.get("page"))
    context = {"listing": listing, "page_obj": page, "rows": listing.rows(page.object_list), "region": region}
    return render_page(request, "indicators/record_list.html", context, partial="results")


@roles(OFFICIALS_AND_ADMIN)
def target_list(request: HttpRequest) -> HttpResponse:
    region = region_for(request.user, request.GET.get("region"))
    year = _year(request)
    if request.method == "POST":
        return _target_save(request, region=region, year=year)
    context = selectors.target_page(user=request.user, region=region, year=year)
    if request.GET.get("format") == "xlsx":
        headers, rows = tables.target_table(context)
        return xlsx_response(table_xlsx(headers, rows, sheet="目标分解"), f"{region.name}{year}年目标分解.xlsx")
    return render_page(request, "indicators/targets.html", context, partial="targets")


@roles(OFFICIALS_AND_ADMIN)
def participant_list(request: HttpRequest) -> HttpResponse:
    """The roster of enterprises taking part in a year; officials add or remove their region's firms."""
    region = region_for(request.user, request.GET.get("region"))
    year = _year(request)
    if request.method == "POST":
        return _participant_change(request, region=region, year=year)
    roster = selectors.participants_in(user=request.user, region=region, year=year)
    if request.GET.get("format") == "xlsx":
        rows = ([p.enterprise.name, p.enterprise.uscc, p.enterprise.city.name,
                 p.enterprise.county.name if p.enterprise.county_id else "", p.year, p.note] for p in roster)
        headers = ["企业名称", "统一社会信用代码", "市州", "区县", "年度", "备注"]
        return xlsx_response(table_xlsx(headers, rows, sheet="参与企业"), f"{region.name}{year}年参与企业.xlsx")
    page = Paginator(roster, 50).get_page(request.GET.get("page"))
    context = {"region": region, "year": year, "page_obj": page, "can_edit": can_edit_participants(request.user, region)}
    return render_page(request, "indicators/participants.html", context, partial="results")


def _participant_change(request: HttpRequest, *, region, year: int) -> HttpResponse:
    try:
        if request.POST.get("remove"):
            participant = get_object_or_404(selectors.participants_in(user=request.user, region=region, year=year),
                                            pk=request.POST["remove"])
            services.participant_remove(user=request.user, participant=participant)
        else:
            enterprise = services.enterprise_by_uscc(user=request.user, uscc=request.POST.get("uscc", ""))
            services.participant_add(user=request.user, enterprise=enterprise, year=year, note=request.POST.get("note", ""))
        messages.success(request, _("参与企业名单已更新，汇总将在后台刷新。"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(f"{request.path}?region={region.code}&year={year}")


def _target_save(request: HttpRequest, *, region, year: int) -> HttpResponse:
    target_region = region_for(request.user, request.POST.get("region"))
    try:
        value = services.parse_target_value(request.POST.get("value", ""))
        services.target_set(user=request.user, indicator_id=request.POST.get("indicator", ""), region=target_region,
                            year=year, value=value, reason=request.POST.get("reason", ""))
        messages.success(request, _("已保存 %(region)s %(year)s 年目标。") % {"region": target_region.name, "year": year})
    except (ValidationError, DomainError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
    return redirect(f"{request.path}?region={region.code}&year={year}")


def _year(request: HttpRequest, covered: Sequence[int] = ()) -> int:
    """?year=, else the latest year with data up to this year, else this year."""
    text = (request.GET.get("year") or "").strip()
    this_year = timezone.localdate().year
    default = max((y for y in covered if y <= this_year), default=this_year)
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else default


def _month(request: HttpRequest) -> int | None:
    text = (request.GET.get("month") or "").strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 12 else None


def _indicator(request: HttpRequest) -> str:
    value = request.GET.get("indicator", "")
    return value if value in definitions.REGISTRY else "break_zero"


