"""Everything a bulletin says, assembled from the indicator summaries (never recomputed here).

Numbers come from breakzero.indicators (IndicatorValue / IndicatorTarget via `load_summaries`, status
via `forecast.progress_for`). For a month or quarter, indicators with monthly rows use the year-to-date
sum of the months up to the period's end, so a March bulletin made in June still shows March's
position; stocks use their yearly value; yearly-reported indicators (annual statements) are never
pro-rated from part of a year: a month/quarter bulletin shows their latest complete reported year,
labelled with that year (`Line.data_year`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from breakzero.enterprises.models import EnterpriseYear
from breakzero.indicators import definitions, forecast
from breakzero.indicators.definitions import Indicator
from breakzero.indicators.models import IndicatorValue
from breakzero.indicators.selectors import Summaries, last_refresh, load_summaries
from breakzero.regions.models import Region
from breakzero.reporting import selectors as reporting
from breakzero.reporting.models import ReportingWindow
from breakzero.reports.bulletins.periods import BulletinPeriod
from breakzero.reports.selectors import regions_missing_plans

LAGGING = (forecast.Status.OFF_TRACK, forecast.Status.AT_RISK)


@dataclass
class Line:
    """One indicator for one region: actual, target, ratio, forecast and status."""

    indicator: str
    name: str
    unit: str
    decimals: int
    region_code: str
    region_name: str
    actual: Decimal | None
    target: Decimal | None
    ratio: Decimal | None
    forecast: Decimal | None
    status: str
    status_label: str
    rank: int | None = None
    data_year: int | None = None  # set when the line shows another year than the bulletin's (yearly-reported)
    records_query: str = ""  # query string of the records page behind `actual` (/progress/records/?…)
    note: str = ""  # e.g. the 小巨人 count of each title level

    @property
    def label(self) -> str:
        """The indicator's name, with the year its figure belongs to when that is not the bulletin's year."""
        name = f"{self.name}（{self.note}）" if self.note else self.name
        return f"{name}（{self.data_year}年度数据）" if self.data_year else name


@dataclass
class MissingLine:
    region_code: str
    region_name: str
    parent_name: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class ReportingLine:
    """Enterprises' reports behind the yearly-reported figures, for one window and one region: the
    bulletin's region first (no rank), then its cities or counties ranked by timeliness."""

    window: str
    region_code: str
    region_name: str
    rank: int | None
    expected: int
    submitted: int
    on_time: int
    accepted: int
    pending: int
    returned: int
    missing: int
    on_time_rate: float | None
    accepted_rate: float | None


@dataclass
class BulletinData:
    region_code: str
    region_name: str
    label: str
    as_of: dt.date
    data_refreshed_at: str
    summary: list[Line]
    rankings: dict[str, list[Line]]
    lagging: list[Line]
    missing: list[MissingLine]
    reporting: list[ReportingLine] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def assemble(*, region: Region, period: BulletinPeriod, today: dt.date) -> BulletinData:
    """The bulletin for `region` (province or a city) and `period`, figures as of the period's end."""
    as_of = period.as_of(today)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    codes = [region.code, *[c.code for c in children]]
    summaries = load_summaries(codes=codes)
    last_month = min(period.last_month, _month_of(as_of, period))
    to_date = _months_to_date(codes=codes, year=period.year, last_month=last_month)
    use_months = period.period_type != "year" or as_of < period.end

    def line(indicator: Indicator, r: Region) -> Line:
        row = _line(indicator, r, summaries, to_date if use_months else None, period.year, as_of)
        until = f"&until={last_month}" if use_months and indicator.has_months else ""
        row.records_query = f"indicator={indicator.id}&region={r.code}&year={row.data_year or period.year}{until}"
        return row

    indicators = definitions.all_indicators()
    summary = [line(i, region) for i in indicators]
    rankings = {i.id: _ranked([line(i, c) for c in children]) for i in indicators}
    lagging = sorted((row for rows in rankings.values() for row in rows if row.status in LAGGING),
                     key=lambda r: (LAGGING.index(r.status), r.ratio if r.ratio is not None else Decimal(0),
                                    r.region_code, r.indicator))
    refreshed = last_refresh()
    return BulletinData(
        region.code, region.name, period.label, as_of,
        f"{timezone.localtime(refreshed.finished_at):%Y-%m-%d %H:%M}（北京时间）" if refreshed else "",
        summary, rankings, lagging, missing_regions(region=region, year=period.year),
        reporting_lines(region=region, year=period.year, today=today),
    )


MAX_WINDOWS = 4


def reporting_lines(*, region: Region, year: int, today: dt.date) -> list[ReportingLine]:
    """How much of the self-reported figures is accepted, pending or missing, and the regions ranked by
    on-time reports (data collection: timeliness and completeness in bulletins), for the windows of the
    bulletin's year and of the year before (yearly data is reported the next spring) opened by `today`."""
    windows = (ReportingWindow.objects.filter(year__in=[year, year - 1], opens_on__lte=today, dataset__is_active=True)
               .select_related("dataset").order_by("-year", "dataset__code", "-period")[:MAX_WINDOWS])
    lines = []
    for window in windows:
        rows = reporting.completeness(window, region)
        label = f"{window.dataset.name} {window.period}"
        lines.append(_reporting_line(label, region.code, region.name, None, reporting.completeness_total(rows)))
        lines += [_reporting_line(label, r["code"], r["name"], rank, r) for rank, r in enumerate(rows, start=1)]
    return lines


def _reporting_line(label: str, code: str, name: str, rank: int | None, counts: dict) -> ReportingLine:
    pending = counts["submitted"] - counts["accepted"] - counts["returned"]
    return ReportingLine(label, code, name, rank, counts["expected"], counts["submitted"], counts["on_time"],
                         counts["accepted"], pending, counts["returned"], counts["missing"], counts["on_time_rate"],
                         counts["accepted_rate"])


def missing_regions(*, region: Region, year: int) -> list[MissingLine]:
    """Regions inside `region` missing a plan, and counties with no yearly data or no participants."""
    lines: dict[str, MissingLine] = {}
    names = {r.code: r.name for r in Region.objects.filter(level=Region.Level.PREFECTURE)}

    def add(r: Region, reason: str) -> None:
        lines.setdefault(r.code, MissingLine(r.code, r.name, names.get(r.city_code, "") if r.is_county else ""))
        lines[r.code].reasons.append(reason)

    for r in regions_missing_plans(region, year):
        add(r, f"未提交{year}年度实施方案（或已退回待重报）")
    counties = list(_counties_inside(region))
    with_data = set(EnterpriseYear.objects.filter(year=year, enterprise__county_id__in=[c.code for c in counties])
                    .values_list("enterprise__county_id", flat=True).distinct())
    participants = load_summaries(codes=[c.code for c in counties], years=[year])
    for county in counties:
        if county.code not in with_data:
            add(county, f"无{year}年度企业数据")
        if not participants.actual("participants", county.code, year):
            add(county, f"无{year}年度参与企业")
    return sorted(lines.values(), key=lambda m: (m.region_code[:4], m.region_code))  # a city, then its counties


def _line(indicator: Indicator, r: Region, summaries: Summaries, to_date: dict | None, year: int, as_of: dt.date) -> Line:
    if to_date is not None and indicator.is_yearly_reported:
        return _latest_year_line(indicator, r, summaries, year)
    actual = summaries.actual(indicator.id, r.code, year)
    if to_date is not None and indicator.has_months:
        actual = to_date.get((indicator.id, r.code), Decimal(0) if actual is not None else None)
    target, _ = summaries.target(indicator, r.code, year)
    progress = forecast.progress_for(actual=actual, target=target, history=summaries.history(indicator.id, r.code),
                                     year=year, is_flow=indicator.is_flow, today=as_of,
                                     is_yearly=indicator.is_yearly_reported)
    stored = summaries.values.get((indicator.id, r.code, year))
    return Line(indicator.id, indicator.name_zh, indicator.unit, indicator.decimals, r.code, r.name, actual, target,
                progress.ratio, progress.forecast, progress.status, forecast.STATUS_LABELS_ZH[progress.status],
                note=_levels_note(stored.details if stored is not None else {}))


def _levels_note(details: dict) -> str:
    """Each 小巨人 level as its own figure, and which levels the doubling counts (UNCONFIRMED reading)."""
    levels = details.get("levels")
    if not levels:
        return ""
    names = {"national": "国家级", "provincial": "省级"}
    counted = "+".join(names.get(c, c) for c in details.get("counted_levels", []))
    shown = "、".join(f"{names.get(k, k)}{v}" for k, v in levels.items())
    return f"{shown}；倍增按{counted}计，待确认"


def _latest_year_line(indicator: Indicator, r: Region, summaries: Summaries, year: int) -> Line:
    """A yearly-reported indicator in a month/quarter bulletin: its latest complete reported year (before
    `year`), judged as that year's final figure; the year is named on the line."""
    history = summaries.history(indicator.id, r.code)
    shown = max((y for y in history if y < year), default=year - 1)
    actual = history.get(shown)
    target, _ = summaries.target(indicator, r.code, shown)
    progress = forecast.progress_for(actual=actual, target=target, history=history, year=shown, is_flow=False,
                                     today=dt.date(shown + 1, 1, 1), is_yearly=True)
    return Line(indicator.id, indicator.name_zh, indicator.unit, indicator.decimals, r.code, r.name, actual, target,
                progress.ratio, progress.forecast, progress.status, forecast.STATUS_LABELS_ZH[progress.status],
                data_year=shown)


def _ranked(rows: list[Line]) -> list[Line]:
    """Highest actual first, regions without a value last; equal values share a rank (1, 1, 3)."""
    rows.sort(key=lambda r: (r.actual is None, -(r.actual or 0), r.region_code))
    for index, row in enumerate(rows):
        if row.actual is None:
            continue
        same = index and rows[index - 1].actual == row.actual
        row.rank = rows[index - 1].rank if same else index + 1
    return rows


def _months_to_date(*, codes: list[str], year: int, last_month: int) -> dict[tuple[str, str], Decimal]:
    """Year-to-date sums of the monthly summary rows (one query over the indicators' own table)."""
    qs = (IndicatorValue.objects.filter(region_id__in=codes, year=year, month__isnull=False, month__lte=last_month)
          .values("indicator", "region_id").annotate(total=Sum("value"), n=Count("pk")))
    return {(row["indicator"], row["region_id"]): row["total"] for row in qs}


def _month_of(as_of: dt.date, period: BulletinPeriod) -> int:
    return as_of.month if as_of.year == period.year else 12


def _counties_inside(region: Region) -> Any:
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if region.is_province:
        return counties.order_by("city_code", "code")
    if region.is_prefecture:
        return counties.filter(city_code=region.code).order_by("code")
    return counties.filter(code=region.code)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
