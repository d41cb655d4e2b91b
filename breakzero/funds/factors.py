"""The factor values of the 因素法 allocation, read set-based from the platform's own tables.

Each factor is one grouped query over the regions of the allocation (a city's counties, or the
province's cities), for the year before the budget year. Values are non-negative Decimals, as
`rules.funds.allocate_by_factors` requires (a growth below zero counts as zero)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from breakzero.enterprises.models import EnterpriseYear
from breakzero.funds.models import Fund, RegionScore
from breakzero.regions.models import Region

FACTORS: dict[str, str] = {
    "participants": _("参与“破零倍增”的中小企业数"),
    "break_zero": _("上年破零企业数"),
    "rd_growth": _("上年研发投入增长率（%）"),
    "reporting": _("上年数据填报完整率（%）"),
    "performance": _("上年绩效评价得分"),
}
HUNDREDTH = Decimal("0.01")


def child_regions(parent: Region) -> list[Region]:
    """The regions an allocation of `parent` goes to: the province's cities, a city's counties."""
    if parent.is_province:
        return list(Region.objects.filter(level=Region.Level.PREFECTURE).order_by("code"))
    return list(Region.objects.filter(level=Region.Level.COUNTY, city_code=parent.code).order_by("code"))


def region_factors(*, fund: Fund, parent: Region, year: int, names: list[str]) -> dict[str, dict[str, Decimal]]:
    """Region code → {factor: value} for the children of `parent`, for budget year `year`."""
    regions = child_regions(parent)
    field = "city_id" if parent.is_province else "county_id"
    codes = [r.code for r in regions]
    columns = {name: _READERS[name](fund=fund, field=field, codes=codes, year=year - 1) for name in names}
    return {code: {name: columns[name].get(code, Decimal(0)) for name in names} for code in codes}


def _participants(*, fund: Fund, field: str, codes: list[str], year: int) -> dict[str, Decimal]:
    from breakzero.indicators.models import Participant  # the roster (read only; indicators is downstream)

    rows = (Participant.objects.filter(year=year, **{f"enterprise__{field}__in": codes})
            .values(f"enterprise__{field}").annotate(n=Count("pk")).values_list(f"enterprise__{field}", "n"))
    return {code: Decimal(n) for code, n in rows}


def _break_zero(*, fund: Fund, field: str, codes: list[str], year: int) -> dict[str, Decimal]:
    from breakzero.patents.models import BreakZeroEvent

    rows = (BreakZeroEvent.objects.filter(year=year, **{f"enterprise__{field}__in": codes})
            .values(f"enterprise__{field}").annotate(n=Count("pk")).values_list(f"enterprise__{field}", "n"))
    return {code: Decimal(n) for code, n in rows}


def _rd_growth(*, fund: Fund, field: str, codes: list[str], year: int) -> dict[str, Decimal]:
    rows = (EnterpriseYear.objects.filter(year__in=[year - 1, year], **{f"enterprise__{field}__in": codes})
            .values(f"enterprise__{field}")
            .annotate(now=Sum("rd_expense", filter=Q(year=year)), before=Sum("rd_expense", filter=Q(year=year - 1)))
            .values_list(f"enterprise__{field}", "now", "before"))
    result = {}
    for code, now, before in rows:
        if now is not None and before:
            growth = (Decimal(now) - Decimal(before)) * 100 / Decimal(before)
            result[code] = max(Decimal(0), growth).quantize(HUNDREDTH, ROUND_HALF_UP)
    return result


def _reporting(*, fund: Fund, field: str, codes: list[str], year: int) -> dict[str, Decimal]:
    """Share of the year's participants whose yearly data (R&D expense) was reported."""
    from breakzero.indicators.models import Participant

    reported = EnterpriseYear.objects.filter(year=year, rd_expense__isnull=False).values("enterprise_id")
    rows = (Participant.objects.filter(year=year, **{f"enterprise__{field}__in": codes})
            .values(f"enterprise__{field}")
            .annotate(n=Count("pk"), done=Count("pk", filter=Q(enterprise_id__in=reported)))
            .values_list(f"enterprise__{field}", "n", "done"))
    return {code: (Decimal(done) * 100 / n).quantize(HUNDREDTH, ROUND_HALF_UP) for code, n, done in rows if n}


def _performance(*, fund: Fund, field: str, codes: list[str], year: int) -> dict[str, Decimal]:
    rows = RegionScore.objects.filter(fund=fund, year=year, region_id__in=codes).values_list("region_id", "score")
    return {code: max(Decimal(0), score) for code, score in rows}


_READERS: dict[str, Callable[..., dict[str, Decimal]]] = {
    "participants": _participants, "break_zero": _break_zero, "rd_growth": _rd_growth,
    "reporting": _reporting, "performance": _performance,
}
