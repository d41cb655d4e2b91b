"""Refresh of the summary tables (IndicatorValue, SummaryRefresh) — the only writer of summaries.

A refresh recomputes every indicator for the given years (all when None) with set-based SQL, then
replaces those years' rows in one transaction (COPY on PostgreSQL). Pages never compute: they read
the summaries and show SummaryRefresh.finished_at. Staleness = the sources' fingerprint changed.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from breakzero.indicators.computations import _model
from breakzero.indicators.definitions import all_indicators, little_giant_levels
from breakzero.indicators.models import IndicatorValue, SummaryRefresh

SOURCES = (
    ("enterprises", "Enterprise"),
    ("enterprises", "EnterpriseYear"),
    ("patents", "Patent"),
    ("patents", "PatentApplicant"),
    ("patents", "BreakZeroEvent"),
    ("cultivation", "Title"),
    ("indicators", "Participant"),
    # empowerment records (programme-rules-2.md §3, §4, §5, §7): a change to one refreshes the figures reading it
    ("digital", "DigitalUse"),
    ("digital", "Assessment"),
    ("talent", "LeadingTalent"),
    ("talent", "FlexibleExpert"),
    ("talent", "TrainingCourse"),
    ("talent", "ExchangeVisit"),
    ("contests", "Contest"),
    ("contests", "Entry"),
    ("calls", "Programme"),
    ("calls", "Call"),
    ("calls", "Application"),
    ("ipfinance", "PatentDeal"),
    ("ipfinance", "PledgeLoan"),
    ("ipfinance", "Achievement"),
    ("ipfinance", "NavigationProject"),
)


def summaries_refresh(
    *, years: list[int] | None = None, indicators: list[str] | None = None, today: dt.date | None = None,
    fingerprint: dict[str, list] | None = None, year_state: dict[str, dict] | None = None,
) -> SummaryRefresh:
    """Recompute the indicators (the ids in `indicators`, or all) for `years` (or all) and
    replace their summary rows; other indicators' rows are kept as they are. `fingerprint`:
    the sources' fingerprint (and per-year state) when the caller has just taken it."""
    today = today or timezone.localdate()
    started, clock = timezone.now(), time.monotonic()
    if fingerprint is None:
        fingerprint = source_fingerprint()
    if year_state is None:
        year_state = take_year_state(fingerprint=fingerprint)
    chosen = [i for i in all_indicators() if indicators is None or i.id in indicators]
    rows = [(indicator.id, row) for indicator in chosen for row in indicator.compute(years=years, today=today)]
    with transaction.atomic():
        transaction.on_commit(_forget_version)
        transaction.on_commit(_prefill_dashboard)
        stale = IndicatorValue.objects.all() if years is None else IndicatorValue.objects.filter(year__in=years)
        if indicators is not None:
            stale = stale.filter(indicator__in=[i.id for i in chosen])
        stale._raw_delete(stale.db)
        _insert(rows)
        covered = IndicatorValue.objects.filter(region_id="430000", month__isnull=True).order_by().values_list("year", flat=True)
        refreshed = SummaryRefresh.objects.create(
            covered_years=sorted(set(covered)),
            started_at=started, finished_at=timezone.now(), duration_ms=int((time.monotonic() - clock) * 1000),
            years=sorted(years or []), rows=len(rows), fingerprint=fingerprint, year_state=year_state,
        )
        _forget_version()
    return refreshed


def _prefill_dashboard() -> None:
    from breakzero.indicators.fragments import prefill_soon

    prefill_soon()


def _forget_version() -> None:
    from breakzero.indicators.selectors import forget_summary_version

    forget_summary_version()


def summaries_refresh_if_stale(*, today: dt.date | None = None) -> SummaryRefresh | None:
    """Refresh when the sources changed since the last refresh (shell commands need no worker)."""
    last = SummaryRefresh.objects.order_by("-finished_at", "-pk").first()
    if last is not None and last.fingerprint == source_fingerprint():
        return None
    return summaries_refresh(today=today)


def refresh_after_change(*, sources: list[str], enterprise_ids: list[int] | None = None) -> None:
    """Refresher 'indicator_summaries' (order 50): runs after break-zero recomputation.

    Recomputes only the years whose source rows changed since the last refresh started, and
    only the indicators that read a changed table (`Indicator.reads`; undeclared ones always):
    a patent import leaves the yearly-statement indicators alone. A deletion or an enterprise
    change (it may have moved county) refreshes everything.
    """
    last = last_refresh()
    if last is None:
        summaries_refresh()
        return
    fingerprint = source_fingerprint()
    state = take_year_state(last, fingerprint=fingerprint)
    years = changed_years(last, fingerprint=fingerprint, year_state=state)
    if years is not None and not years:
        return
    indicators = None if years is None else changed_indicators(last, fingerprint=fingerprint)
    summaries_refresh(years=years, indicators=indicators, fingerprint=fingerprint, year_state=state)


def changed_indicators(last: SummaryRefresh, *, fingerprint: dict[str, list] | None = None) -> list[str] | None:
    """Ids of the indicators to recompute after the changes since `last`: those without
    declared reads and those reading a table whose fingerprint changed; None = all (a changed
    setting changes every figure)."""
    fingerprint = fingerprint if fingerprint is not None else source_fingerprint()
    changed = {key for key, value in fingerprint.items() if last.fingerprint.get(key) != value}
    if any(key.startswith("setting.") for key in changed):
        return None
    return [i.id for i in all_indicators() if not i.reads or changed.intersection(i.reads)]


def changed_years(
    last: SummaryRefresh, *, fingerprint: dict[str, list] | None = None, year_state: dict[str, dict] | None = None,
) -> list[int] | None:
    """Years touched by rows updated since `last` started, and years whose rows moved away (a record
    whose date moved to another year: the year it left must be recomputed too, and only the per-year
    state shows it); None = refresh all years."""
    fingerprint = fingerprint if fingerprint is not None else source_fingerprint()
    if year_state is None:
        year_state = take_year_state(last, fingerprint=fingerprint)
    for key, (count, *_rest) in fingerprint.items():
        before = last.fingerprint.get(key)
        if before is None or count < before[0]:
            return None  # a table appeared or rows were deleted
    if _model("enterprises", "Enterprise").objects.filter(updated_at__gte=last.started_at).exists():
        return None
    for app_label, name in YEARLESS_SOURCES:
        model = _model(app_label, name)
        if model is not None and model.objects.filter(updated_at__gte=last.started_at).exists():
            return None
    since = last.started_at
    years: set[int] = set()
    for app_label, name, year_field in YEAR_SOURCES:
        model = _model(app_label, name)
        if model is not None:
            years |= {_as_year(v) for v in model.objects.filter(updated_at__gte=since).values_list(year_field, flat=True).distinct() if v}
    title = _model("cultivation", "Title")
    if title is not None:
        for start, end in title.objects.filter(updated_at__gte=since).values_list("recognized_on", "valid_until"):
            years |= set(range(start.year, end.year + 1))
    years |= _moved_years(last.year_state or {}, year_state)
    return sorted(years)


# ------------------------------------------------------------------ per-year state of the dated sources


def take_year_state(last: SummaryRefresh | None = None, *, fingerprint: dict[str, list]) -> dict[str, dict]:
    """{source: {year key: [rows, latest update]}} for every dated source (YEAR_SOURCES and the titles'
    validity ranges). A table whose fingerprint (count, highest id, latest update) is unchanged since
    `last` keeps `last`'s entry: an update or an insert changes its latest update, a deletion its count."""
    previous = last.year_state if last is not None and last.year_state else {}
    before = last.fingerprint if last is not None else {}
    state: dict[str, dict] = {}
    for app_label, name, year_field in (*YEAR_SOURCES, ("cultivation", "Title", "")):
        key = f"{app_label}.{name}"
        if key in previous and key in before and before.get(key) == fingerprint.get(key):
            state[key] = previous[key]
            continue
        model = _model(app_label, name)
        if model is not None:
            state[key] = _grouped_state(model, year_field)
    return state


def _grouped_state(model: Any, year_field: str) -> dict[str, list]:
    from django.db.models.functions import ExtractYear

    if not year_field:  # titles: each validity range counts for every year in it
        groups = {"start": ExtractYear("recognized_on"), "end": ExtractYear("valid_until")}
    elif model._meta.get_field(year_field.split("__")[0]).get_internal_type() in ("DateField", "DateTimeField"):
        groups = {"start": ExtractYear(year_field)}
    else:
        groups = {"start": F(year_field)}
    rows = (model.objects.order_by().annotate(**groups).values(*groups)
            .annotate(n=Count("pk"), changed=Max("updated_at")))
    return {
        "-".join(str(row[g]) for g in groups): [row["n"], str(row["changed"])]
        for row in rows if row["start"] is not None and (len(groups) == 1 or row["end"] is not None)
    }


def _moved_years(before: dict[str, dict], after: dict[str, dict]) -> set[int]:
    """Years whose entry differs between two states, in a source both states hold."""
    years: set[int] = set()
    for source in before.keys() & after.keys():
        old, new = before[source], after[source]
        for year_key in old.keys() | new.keys():
            if old.get(year_key) != new.get(year_key):
                start, _, end = year_key.partition("-")
                years |= set(range(int(start), int(end or start) + 1))
    return years


YEAR_SOURCES = (
    ("enterprises", "EnterpriseYear", "year"),
    ("patents", "Patent", "grant_date"),
    ("patents", "BreakZeroEvent", "year"),
    ("indicators", "Participant", "year"),
    ("digital", "DigitalUse", "year"),
    ("digital", "Assessment", "assessed_on"),
    ("talent", "LeadingTalent", "year"),
    ("talent", "FlexibleExpert", "agreement_start"),
    ("talent", "TrainingCourse", "held_on"),
    ("talent", "ExchangeVisit", "started_on"),
    ("contests", "Contest", "year"),
    ("contests", "Entry", "contest__year"),
    ("calls", "Call", "year"),
    ("calls", "Application", "call__year"),
    ("ipfinance", "PatentDeal", "signed_on"),
    ("ipfinance", "PledgeLoan", "lent_on"),
    ("ipfinance", "Achievement", "listed_on"),
    ("ipfinance", "NavigationProject", "started_on"),
)
# Sources without a year of their own: a change to one (a programme's type) may move every year's figures.
YEARLESS_SOURCES = (("calls", "Programme"),)


def _as_year(value: Any) -> int:
    return value if isinstance(value, int) else value.year


def last_refresh() -> SummaryRefresh | None:
    return SummaryRefresh.objects.order_by("-finished_at", "-pk").first()


def source_fingerprint() -> dict[str, list]:
    """Row count, highest id and latest update per source table: changes when data changes."""
    result: dict[str, list] = {}
    for app_label, name in SOURCES:
        model = _model(app_label, name)
        if model is None:
            continue
        aggregates: dict[str, Any] = {"n": Count("pk"), "top": Max("pk")}
        if any(f.name == "updated_at" for f in model._meta.fields):
            aggregates["changed"] = Max("updated_at")
        values = model.objects.aggregate(**aggregates)
        result[f"{app_label}.{name}"] = json.loads(json.dumps([values.get(k) for k in ("n", "top", "changed")], default=str))
    # A changed reading of the plan changes the figures as much as changed data does.
    result["setting.little_giant_levels"] = list(little_giant_levels())
    return result


def _insert(rows: list[tuple[str, Any]]) -> None:
    table = IndicatorValue._meta.db_table
    columns = ("indicator", "region_id", "year", "month", "value", "numerator", "denominator", "details")
    values = (
        (ind, r.region, r.year, r.month, r.value, r.numerator, r.denominator, json.dumps(r.details, ensure_ascii=False))
        for ind, r in rows
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        return
    IndicatorValue.objects.bulk_create(
        (IndicatorValue(**dict(zip(columns, (*row[:7], json.loads(row[7])), strict=True))) for row in values),
        batch_size=2000,
    )
