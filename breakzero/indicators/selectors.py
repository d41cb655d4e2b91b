"""Reads of indicator summaries for pages, the API, the shell and bulletins (reports app).

Everything reads IndicatorValue / IndicatorTarget — never the source tables — in a fixed, small
number of queries. Bulletins use `region_values` ("all indicators for region R and year/month")
and `subregion_ranking` ("ranking of sub-regions for indicator I").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from breakzero.accounts.access import governs_region
from breakzero.indicators import definitions, forecast
from breakzero.indicators.access import can_view_region
from breakzero.indicators.definitions import Indicator
from breakzero.indicators.models import IndicatorTarget, IndicatorValue, SummaryRefresh, TargetChange
from breakzero.regions.models import Region
from breakzero.rules.doubling import DoublingStatus, doubling_status


@dataclass
class IndicatorProgress:
    indicator: Indicator
    region: Region
    year: int
    actual: Decimal | None
    target: Decimal | None
    target_is_default: bool
    progress: forecast.Progress
    details: dict[str, Any] = field(default_factory=dict)
    history: dict[int, Decimal] = field(default_factory=dict)
    targets: dict[int, Decimal | None] = field(default_factory=dict)
    doubling: DoublingStatus | None = None  # doubling indicators: value vs 2 × base-year value


@dataclass
class RankRow:
    region: Region
    value: Decimal | None
    target: Decimal | None
    ratio: Decimal | None


@dataclass
class Summaries:
    """Yearly values and targets of a set of regions, loaded in two queries."""

    values: dict[tuple[str, str, int], IndicatorValue]  # (indicator, region, year)
    targets: dict[tuple[str, str, int], Decimal]
    years: set[int] = field(default_factory=set)  # years the summaries cover (a missing count there is 0)
    months: dict[int, Decimal] = field(default_factory=dict)  # monthly values asked for with `monthly`

    def actual(self, indicator_id: str, code: str, year: int) -> Decimal | None:
        row = self.values.get((indicator_id, code, year))
        if row is not None:
            return row.value
        return Decimal(0) if definitions.get(indicator_id).is_count and year in self.years else None

    def target(self, indicator: Indicator, code: str, year: int) -> tuple[Decimal | None, bool]:
        """(target, is_default): a set target wins; else the indicator's default rule."""
        explicit = self.targets.get((indicator.id, code, year))
        if explicit is not None:
            return explicit, False
        baseline = self.actual(indicator.id, code, indicator.base_year) if indicator.is_doubling else None
        return definitions.default_target(indicator, region_code=code, year=year, baseline=baseline), True

    def history(self, indicator_id: str, code: str) -> dict[int, Decimal]:
        """Yearly values of one indicator and region (counts: 0 in covered years without records)."""
        years = self.years | {y for (i, c, y) in self.values if i == indicator_id and c == code}
        values = {y: self.actual(indicator_id, code, y) for y in sorted(years)}
        return {y: v for y, v in values.items() if v is not None}


def load_summaries(
    *, codes: list[str], years: list[int] | None = None, refreshed: SummaryRefresh | None = None,
    monthly: tuple[str, str, int] | None = None,
) -> Summaries:
    """Yearly rows of `codes` (plus the monthly rows of one (indicator, region, year)) and their targets."""
    wanted = Q(region_id__in=codes, month__isnull=True)
    if monthly is not None:
        wanted |= Q(indicator=monthly[0], region_id=monthly[1], year=monthly[2], month__isnull=False)
    values = IndicatorValue.objects.filter(wanted).order_by()
    targets = IndicatorTarget.objects.filter(region_id__in=codes)
    if years is not None:
        values, targets = values.filter(year__in=years), targets.filter(year__in=years)
    rows = list(values)
    return Summaries(
        values={(v.indicator, v.region_id, v.year): v for v in rows if v.month is None},
        months={v.month: v.value for v in rows if v.month is not None},
        targets={(t.indicator, t.region_id, t.year): t.value for t in targets},
        years=set(refreshed.covered_years if refreshed is not None else covered_years()),
    )


def progress_rows(
    *, summaries: Summaries, region: Region, year: int, today: dt.date, indicators: list[Indicator] | None = None,
) -> list[IndicatorProgress]:
    """One IndicatorProgress per defined indicator (or per one of `indicators`) for `region` and `year`."""
    rows = []
    for indicator in definitions.all_indicators() if indicators is None else indicators:
        actual = summaries.actual(indicator.id, region.code, year)
        target, is_default = summaries.target(indicator, region.code, year)
        history = summaries.history(indicator.id, region.code)
        progress = forecast.progress_for(
            actual=actual, target=target, history=history, year=year, is_flow=indicator.is_flow, today=today,
            is_yearly=indicator.is_yearly_reported,
        )
        stored = summaries.values.get((indicator.id, region.code, year))
        targets = {y: summaries.target(indicator, region.code, y)[0] for y in sorted(history)}
        doubling = None
        if indicator.is_doubling and year > indicator.base_year:
            doubling = doubling_status(summaries.actual(indicator.id, region.code, indicator.base_year), actual)
        rows.append(IndicatorProgress(indicator, region, year, actual, target, is_default, progress,
                                      stored.details if stored else {}, history, targets, doubling))
    return rows


def region_progress(*, user: Any, region: Region, year: int, today: dt.date) -> list[IndicatorProgress]:
    """All indicators of a region and year with target, forecast and status (the shell, API, bulletins)."""
    if not can_view_region(user, region):
        return []
    return progress_rows(summaries=load_summaries(codes=[region.code]), region=region, year=year, today=today)


def region_values(*, user: Any, region: Region, year: int, month: int | None = None) -> dict[str, IndicatorValue]:
    """All indicators' stored values for a region and a year (or one month of it): one query."""
    if not can_view_region(user, region):
        return {}
    qs = IndicatorValue.objects.filter(region=region, year=year)
    qs = qs.filter(month=month) if month else qs.filter(month__isnull=True)
    return {v.indicator: v for v in qs}


def subregion_ranking(*, user: Any, indicator_id: str, region: Region, year: int) -> list[RankRow]:
    """The sub-regions of `region` ranked by the indicator's value (highest first, missing last)."""
    if not can_view_region(user, region):
        return []
    children = list(Region.objects.filter(parent=region).order_by("code"))
    summaries = load_summaries(codes=[r.code for r in children], years=_years_around(indicator_id, year))
    return rank_children(summaries=summaries, children=children, indicator=definitions.get(indicator_id), year=year)


def rank_children(*, summaries: Summaries, children: list[Region], indicator: Indicator, year: int) -> list[RankRow]:
    rows = []
    for child in children:
        value = summaries.actual(indicator.id, child.code, year)
        target, _ = summaries.target(indicator, child.code, year)
        ratio = (value / target).quantize(Decimal("0.0001")) if value is not None and target else None
        rows.append(RankRow(child, value, target, ratio))
    return sorted(rows, key=lambda r: (r.value is None, -(r.value or 0), r.region.code))


def monthly_values(*, region: Region, indicator_id: str, year: int) -> dict[int, Decimal]:
    qs = IndicatorValue.objects.filter(region=region, indicator=indicator_id, year=year, month__isnull=False)
    return dict(qs.values_list("month", "value"))


def covered_years() -> list[int]:
    """Years with any summary row, as recorded by the last refresh."""
    refreshed = last_refresh()
    return list(refreshed.covered_years) if refreshed else []


def last_refresh() -> SummaryRefresh | None:
    return SummaryRefresh.objects.order_by("-finished_at", "-pk").first()


VERSION_SECONDS = 2  # every web process sees a refresh or a target change within 2 s
_version_memo: list[tuple[float, tuple[SummaryRefresh | None, str]]] = []


def summary_version() -> tuple[SummaryRefresh | None, str]:
    """The last refresh and a version string that changes with every refresh and every target change.

    Kept for 2 seconds in the process (not the shared cache: no round trip per page), so a busy
    dashboard asks the database once per 2 seconds per process; forget_summary_version drops it at once.
    """
    import time

    now = time.monotonic()
    if _version_memo and _version_memo[0][0] > now:
        return _version_memo[0][1]
    found = _summary_version()
    _version_memo[:] = [(now + VERSION_SECONDS, found)]
    return found


def forget_summary_version() -> None:
    _version_memo.clear()
    _data_memo.clear()


def _summary_version() -> tuple[SummaryRefresh | None, str]:
    from django.db.models import Subquery

    latest_change = Subquery(TargetChange.objects.order_by("-pk").values("pk")[:1])
    refreshed = SummaryRefresh.objects.annotate(targets_version=latest_change).order_by("-finished_at", "-pk").first()
    if refreshed is None:
        return None, f"0.{TargetChange.objects.order_by('-pk').values_list('pk', flat=True).first() or 0}"
    return refreshed, f"{refreshed.pk}.{refreshed.targets_version or 0}"


def _years_around(indicator_id: str, year: int) -> list[int]:
    indicator = definitions.get(indicator_id)
    return sorted({year, indicator.base_year})


def yearly_tree(*, codes: list[str]) -> dict[str, dict[int, dict[str, Decimal]]]:
    """{region: {year: {indicator: value}}} — handy for exports."""
    tree: dict[str, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for v in IndicatorValue.objects.filter(region_id__in=codes, month__isnull=True):
        tree[v.region_id][v.year][v.indicator] = v.value
    return tree


@dataclass(frozen=True)
class StoredValue:
    """A yearly summary figure as the dashboard needs it (cached: plain values, not model rows)."""

    value: Decimal
    details: dict[str, Any]


@dataclass
class RegionData:
    """A region's sub-regions and the summaries of both (all years, monthly rows included)."""

    children: list[Region]
    summaries: Summaries
    months: dict[tuple[str, int], dict[int, Decimal]]  # (indicator, year) -> {month: value} of the region


REGION_DATA_SECONDS = 3600


def region_data(*, region: Region, refreshed: SummaryRefresh | None, version: str) -> RegionData:
    """The data every dashboard of `region` is drawn from, read once per summaries' version.

    Kept in the shared cache and in the process under the version (summary_version), so a refresh
    or a target change is never hidden by it; three queries on a miss, none on a hit. Callers
    check access first; callers must not change it (it is shared).
    """
    from django.core.cache import cache

    if _data_memo.get("version") != version:
        _data_memo.clear()
        _data_memo["version"] = version
    data = _data_memo.get(region.code)
    if data is None:
        key = f"progress:data:{version}:{region.code}"
        data = cache.get(key)
        if data is None:
            data = _region_data(region=region, refreshed=refreshed)
            cache.set(key, data, REGION_DATA_SECONDS)
        _data_memo[region.code] = data
    return data


# The current version's region data in this process too (no round trip, no unpickling): at most
# one entry per region (~1.5 MB for Hunan's 137), dropped when the version changes.
_data_memo: dict[str, Any] = {}


def _region_data(*, region: Region, refreshed: SummaryRefresh | None) -> RegionData:
    children = list(Region.objects.filter(parent=region).order_by("code")) if not region.is_county else []
    codes = [region.code, *[c.code for c in children]]
    values: dict[tuple[str, str, int], StoredValue] = {}
    months: dict[tuple[str, int], dict[int, Decimal]] = defaultdict(dict)
    wanted = Q(region_id__in=codes, month__isnull=True) | Q(region_id=region.code, month__isnull=False)
    fields = ("indicator", "region_id", "year", "month", "value", "details")
    for indicator_id, code, year, month, value, details in IndicatorValue.objects.filter(wanted).order_by().values_list(*fields):
        if month is None:
            values[(indicator_id, code, year)] = StoredValue(value, details or {})
        else:
            months[(indicator_id, year)][month] = value
    targets = {(i, c, y): v for i, c, y, v in
               IndicatorTarget.objects.filter(region_id__in=codes).values_list("indicator", "region_id", "year", "value")}
    years = set(refreshed.covered_years if refreshed is not None else covered_years())
    return RegionData(children, Summaries(values=values, targets=targets, years=years), dict(months))


@dataclass
class Dashboard:
    region: Region
    year: int
    indicator: Indicator
    parents: list[Region]
    rows: list[IndicatorProgress]
    ranking: list[RankRow]
    refreshed: SummaryRefresh | None
    years: list[int]
    months: dict[int, Decimal] = field(default_factory=dict)


def dashboard(
    *, user: Any, region: Region, year: int, indicator_id: str, today: dt.date, refreshed: SummaryRefresh | None = None,
    version: str | None = None, chosen_only: bool = False,
) -> Dashboard:
    """Everything the progress page shows for one region and year.

    With the summaries' `version` the region's data comes from the shared cache (region_data);
    without it, from the summary tables (three queries). `chosen_only`: rows holds only the chosen
    indicator's progress (the table is cached). Callers check access first.
    """
    if version is None:
        refreshed = refreshed or last_refresh()
        data = _region_data(region=region, refreshed=refreshed)
    else:
        data = region_data(region=region, refreshed=refreshed, version=version)
    indicator = definitions.get(indicator_id)
    rows = progress_rows(summaries=data.summaries, region=region, year=year, today=today,
                         indicators=[indicator] if chosen_only else None)
    ranking = rank_children(summaries=data.summaries, children=data.children, indicator=indicator, year=year)
    years = sorted(data.summaries.years | {year})
    months = data.months.get((indicator.id, year), {}) if indicator.has_months else {}
    return Dashboard(region, year, indicator, breadcrumb(user, region), rows, ranking, refreshed, years, months)


def breadcrumb(user: Any, region: Region) -> list[Region]:
    """The regions above `region` that the user governs (no breadcrumb the user cannot open); no query."""
    return [p for p in _parents(region) if governs_region(user, p)]


def _parents(region: Region) -> list[Region]:
    """Province › prefecture for a county, province for a prefecture (codes, no query)."""
    chain = []
    if not region.is_province:
        chain.append(Region(code="430000", name="湖南省", level=Region.Level.PROVINCE))
    if region.is_county and region.city_code:
        chain.append(Region(code=region.city_code, name=region.parent.name if region.parent_id else region.city_code,
                            level=Region.Level.PREFECTURE))
    return chain


def participants_in(*, user: Any, region: Region, year: int) -> Any:
    """The roster of a region and year, for officials who see that region."""
    from breakzero.indicators.models import Participant
    from breakzero.regions.selectors import descendants_filter

    if not can_view_region(user, region):
        return Participant.objects.none()
    scope = descendants_filter(region, county_field="enterprise__county", city_field="enterprise__city")
    qs = Participant.objects.filter(year=year, **scope).select_related("enterprise__city", "enterprise__county")
    return qs.order_by("enterprise__name", "pk")


def years_with_data() -> set[int]:
    """Years with at least one non-zero yearly figure (core.period picks the default year from them)."""
    rows = IndicatorValue.objects.filter(month__isnull=True).exclude(value=0).values_list("year", flat=True).distinct()
    return set(rows)
