"""Progress pages: dashboard (province → city → county), records behind a number, targets, exports."""

from __future__ import annotations


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.period import default_year
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS_AND_ADMIN, roles
from breakzero.core.views import xlsx_response
from breakzero.indicators import definitions, fragments, records, selectors, services, tables, target_selectors
from breakzero.indicators.access import attach_own_region, can_edit_participants, region_for
from breakzero.indicators.sheets import table_xlsx


@roles(OFFICIALS_AND_ADMIN)
def dashboard(request: HttpRequest) -> HttpResponse:
    attach_own_region(request.user)  # the scope check, breadcrumb and header read it: no query per page
    region = region_for(request.user, request.GET.get("region"))  # 404 outside the user's regions, before any fragment
    body = fragments.dashboard_body(user=request.user, region=region, year=_year(request),
                                    indicator_id=_indicator(request), today=timezone.localdate())
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
    context = target_selectors.target_page(user=request.user, region=region, year=year)
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
    """One save for the whole grid; refused as a whole (typed values kept) when any cell is wrong."""
    context = target_selectors.target_page(user=request.user, region=region, year=year)
    values, errors = _grid_values(request, context["grid"])
    if not errors:
        try:
            changed = services.targets_save_grid(user=request.user, region=region, year=year, values=values,
                                                 reason=request.POST.get("reason", ""))
        except (ValidationError, DomainError) as exc:
            errors = list(getattr(exc, "messages", None) or [str(exc)])
        else:
            messages.success(request, _("已保存 %(n)d 项目标。") % {"n": changed})
            return redirect(f"{request.path}?region={region.code}&year={year}")
    context.update(errors=errors, reason=request.POST.get("reason", ""))
    return render_page(request, "indicators/targets.html", context, partial="targets")


def _grid_values(request: HttpRequest, grid: list) -> tuple[dict, list[str]]:
    """Editable cells of the posted grid (typed text kept on each cell for a refused save)."""
    values, errors = {}, []
    for line in grid:
        for cell in line["cells"]:
            if not cell["can_edit"] or cell["field"] not in request.POST:
                continue
            cell["typed"] = request.POST[cell["field"]]
            try:
                values[(line["indicator"].id, cell["region"].code)] = services.parse_target_value(cell["typed"])
            except ValidationError as exc:
                cell["error"] = True
                errors.append(f"{cell['region'].name} {_(line['indicator'].name_zh)}：{'；'.join(exc.messages)}")
    return values, errors


def _year(request: HttpRequest) -> int:
    """?year=, else the programme's default year (core.period: latest year with data in the period)."""
    text = (request.GET.get("year") or "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else default_year()


def _month(request: HttpRequest) -> int | None:
    text = (request.GET.get("month") or "").strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 12 else None


def _indicator(request: HttpRequest) -> str:
    value = request.GET.get("indicator", "")
    return value if value in definitions.REGISTRY else "break_zero"


