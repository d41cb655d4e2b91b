"""The records behind each summary number (drill-down lists and their xlsx exports).

Each listing applies the same rules as computations.py, through the ORM, for one region/year/month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from breakzero.cultivation.models import Title
from breakzero.enterprises.models import EnterpriseYear
from breakzero.indicators.computations import SME_SIZES
from breakzero.indicators.definitions import Indicator
from breakzero.indicators.models import Participant
from breakzero.patents.models import INVENTION_KINDS, BreakZeroEvent, Patent, PatentApplicant
from breakzero.regions.models import Region
from breakzero.regions.selectors import descendants_filter


@dataclass
class Listing:
    indicator: Indicator
    region: Region
    year: int
    month: int | None
    headers: list[str]
    queryset: QuerySet
    kind: str

    def rows(self, objects: Iterable[Any] | None = None) -> list[list[Any]]:
        return [_ROW[self.kind](obj, self) for obj in (self.queryset if objects is None else objects)]


def listing(*, indicator: Indicator, region: Region, year: int, month: int | None) -> Listing:
    kind = indicator.records
    headers, queryset = _BUILD[kind](indicator=indicator, region=region, year=year, month=month)
    return Listing(indicator, region, year, month, headers, queryset, kind)


ENTERPRISE_HEADERS = ["企业名称", "统一社会信用代码", "市州", "区县"]


def _in_region(region: Region, prefix: str = "enterprise__") -> dict:
    return descendants_filter(region, county_field=f"{prefix}county", city_field=f"{prefix}city")


def _break_zero(*, indicator, region, year, month):
    qs = BreakZeroEvent.objects.filter(is_sme=True, year=year, **_in_region(region))
    if month:
        qs = qs.filter(break_zero_date__month=month)
    qs = qs.select_related("enterprise__city", "enterprise__county", "patent").order_by("break_zero_date", "pk")
    return [*ENTERPRISE_HEADERS, "破零日期", "专利申请号", "当年规模"], qs


def _patents(*, indicator, region, year, month):
    size = EnterpriseYear.objects.filter(enterprise=OuterRef("enterprise"), year=year).values("size")[:1]
    applicants = PatentApplicant.objects.filter(patent=OuterRef("pk"), **_in_region(region)).annotate(year_size=Subquery(size))
    sme = applicants.filter(Q(year_size__in=SME_SIZES) | (Q(year_size__isnull=True) | Q(year_size="")) & Q(enterprise__latest_size__in=SME_SIZES))
    qs = Patent.objects.filter(Exists(sme), kind__in=INVENTION_KINDS, grant_date__year=year)
    if month:
        qs = qs.filter(grant_date__month=month)
    return ["申请号", "发明名称", "授权公告日", "申请人"], qs.prefetch_related("applicants").order_by("grant_date", "pk")


def _years(*, indicator, region, year, month):
    field = {"rd_intensity": "rd_expense", "new_product_revenue": "new_product_revenue",
             "new_product_profit": "new_product_profit"}[indicator.id]
    sme = Q(size__in=SME_SIZES) | Q(size="") & Q(enterprise__latest_size__in=SME_SIZES)
    qs = EnterpriseYear.objects.filter(sme, year=year, **{f"{field}__isnull": False}, **_in_region(region))
    if indicator.id == "rd_intensity":
        qs = qs.filter(operating_revenue__gt=0)
    headers = [*ENTERPRISE_HEADERS, "规模", "营业收入", "研发费用", "研发投入强度", "新产品销售收入", "新产品利润"]
    return headers, qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")


def _titles(*, indicator, region, year, month):
    day = min(dt.date(year, 12, 31), dt.date.today())  # same cut-off as the summary (refresh date in the current year)
    qs = Title.objects.filter(tier=Title.Tier.LITTLE_GIANT, recognized_on__lte=day, valid_until__gte=day, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "层级", "批次", "认定日期", "有效期至"], qs


def _participants(*, indicator, region, year, month):
    qs = Participant.objects.filter(year=year, **_in_region(region))
    qs = qs.select_related("enterprise__city", "enterprise__county").order_by("enterprise__name", "pk")
    return [*ENTERPRISE_HEADERS, "备注"], qs


def _enterprise_cells(enterprise) -> list[Any]:
    return [enterprise.name, enterprise.uscc, enterprise.city.name, enterprise.county.name if enterprise.county_id else ""]


_BUILD = {"break_zero": _break_zero, "patents": _patents, "years": _years, "titles": _titles, "participants": _participants}
_ROW = {
    "break_zero": lambda e, _: [*_enterprise_cells(e.enterprise), e.break_zero_date, e.patent.application_number, e.size],
    "patents": lambda p, _: [p.application_number, p.title, p.grant_date,
                             "；".join(a.name for a in sorted(p.applicants.all(), key=lambda a: a.position))],
    "years": lambda y, _: [*_enterprise_cells(y.enterprise), y.size or y.enterprise.latest_size, y.operating_revenue,
                           y.rd_expense, y.rd_intensity.quantize(_Q4) if y.rd_intensity is not None else "",
                           y.new_product_revenue, y.new_product_profit],
    "titles": lambda t, _: [*_enterprise_cells(t.enterprise), t.get_level_display(), t.batch, t.recognized_on, t.valid_until],
    "participants": lambda p, _: [*_enterprise_cells(p.enterprise), p.note],
}
_Q4 = Decimal("0.0001")
