"""Service-system counts for the progress dashboard (set-based), per region code and year.

Two forms: dict-returning functions (`platform_counts(year)` …, keyed by the body's or the
engineer's county code when it has one, else its prefecture code) and SQL builders
(`*_inner(years=…, today=…)`) selecting `id, county_id, city_id, year, month` for
`indicators.computations.count_by_level`, which rolls them up to prefectures and province.
A recognition counts in a year when it is valid at the year's end (or today, this year).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import connection
from django.db.models import Min, Q
from django.utils import timezone

from breakzero.service_bodies.models import Engineer, ServiceBody, ServiceEvent, ServiceRecord

FIRST_YEAR = 2020


def _reference_day(year: int, today: dt.date | None = None) -> dt.date:
    return min(dt.date(year, 12, 31), today or timezone.localdate())


def _valid_bodies(kind: str, year: int):
    day = _reference_day(year)
    return ServiceBody.objects.filter(kind=kind, is_active=True, recognized_on__lte=day, valid_until__gte=day)


def platform_counts(year: int) -> dict[str, int]:
    """Key technology-innovation service platforms with a valid recognition in `year`."""
    return dict(Counter(_valid_bodies(ServiceBody.Kind.PLATFORM, year).values_list("region_id", flat=True)))


def core_institution_counts(year: int) -> dict[str, int]:
    return dict(Counter(_valid_bodies(ServiceBody.Kind.CORE_INSTITUTION, year).values_list("region_id", flat=True)))


def engineer_counts(year: int) -> dict[str, int]:
    """Engineers trained or certified by the end of `year` (cumulative)."""
    day = _reference_day(year)
    qs = Engineer.objects.annotate(first_training=Min("trainings__trained_on")).filter(
        Q(certified_on__lte=day) | Q(first_training__lte=day)
    )
    return dict(Counter(county or city for county, city in qs.values_list("county_id", "city_id")))


def event_counts(year: int) -> dict[str, int]:
    return dict(Counter(ServiceEvent.objects.filter(held_on__year=year).values_list("body__region_id", flat=True)))


def served_enterprise_counts(year: int) -> dict[str, int]:
    """Distinct enterprises served in `year`, by the enterprise's county (else prefecture)."""
    rows = ServiceRecord.objects.filter(served_on__year=year).values_list(
        "enterprise_id", "enterprise__county_id", "enterprise__city_id"
    ).distinct()
    return dict(Counter(county or city for _, county, city in {(e, c, y) for e, c, y in rows}))


# ------------------------------------------------------------------ SQL for indicators.computations.count_by_level


def platforms_inner(*, years: list[int] | None, today: dt.date) -> str:
    return _bodies_inner(ServiceBody.Kind.PLATFORM, years, today)


def core_institutions_inner(*, years: list[int] | None, today: dt.date) -> str:
    return _bodies_inner(ServiceBody.Kind.CORE_INSTITUTION, years, today)


def engineers_inner(*, years: list[int] | None, today: dt.date) -> str:
    engineers, trainings = Engineer._meta.db_table, Engineer.trainings.rel.related_model._meta.db_table
    first = (
        f"SELECT g.id, g.county_id, g.city_id, g.certified_on, MIN(t.trained_on) AS trained FROM {engineers} g"
        f" LEFT JOIN {trainings} t ON t.engineer_id = g.id GROUP BY g.id, g.county_id, g.city_id, g.certified_on"
    )
    day = _date("d.day")
    return (
        f"SELECT x.id AS id, x.county_id, x.city_id, d.year AS year, NULL AS month FROM ({first}) x"
        f" JOIN ({_points(years, today)}) d ON (x.certified_on <= {day} OR x.trained <= {day})"
    )


def events_inner(*, years: list[int] | None, today: dt.date) -> str:
    year, month = _extract("year", "v.held_on"), _extract("month", "v.held_on")
    return (
        f"SELECT v.id AS id, {_county('b')} AS county_id, b.city_id, {year} AS year, {month} AS month"
        f" FROM {ServiceEvent._meta.db_table} v JOIN {ServiceBody._meta.db_table} b ON b.id = v.body_id"
        f" WHERE 1 = 1{_year_filter(year, years)}"
    )


def served_enterprises_inner(*, years: list[int] | None, today: dt.date) -> str:
    from breakzero.enterprises.models import Enterprise

    year = _extract("year", "r.served_on")
    return (
        f"SELECT r.enterprise_id AS id, e.county_id, e.city_id, {year} AS year, NULL AS month"
        f" FROM {ServiceRecord._meta.db_table} r JOIN {Enterprise._meta.db_table} e ON e.id = r.enterprise_id"
        f" WHERE 1 = 1{_year_filter(year, years)}"
    )


def _bodies_inner(kind: str, years: list[int] | None, today: dt.date) -> str:
    day = _date("d.day")
    return (
        f"SELECT b.id AS id, {_county('b')} AS county_id, b.city_id, d.year AS year, NULL AS month"
        f" FROM {ServiceBody._meta.db_table} b JOIN ({_points(years, today)}) d"
        f" ON b.recognized_on <= {day} AND b.valid_until >= {day}"
        f" WHERE b.is_active AND b.kind = '{ServiceBody.Kind(kind).value}'"
    )


def _points(years: list[int] | None, today: dt.date) -> str:
    wanted = [int(y) for y in years] if years else list(range(FIRST_YEAR, today.year + 1))
    return " UNION ALL ".join(f"SELECT {y} AS year, '{_reference_day(y, today).isoformat()}' AS day" for y in wanted)


def _county(alias: str) -> str:
    return f"CASE WHEN {alias}.region_id = {alias}.city_id THEN NULL ELSE {alias}.region_id END"


def _date(expr: str) -> str:
    return f"CAST({expr} AS date)" if connection.vendor == "postgresql" else expr


def _extract(part: str, expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT({part.upper()} FROM {expr}) AS integer)"
    return f"CAST(strftime('{'%Y' if part == 'year' else '%m'}', {expr}) AS integer)"


def _year_filter(year_expr: str, years: list[int] | None) -> str:
    if not years:
        return ""
    return f" AND {year_expr} IN ({', '.join(str(int(y)) for y in years)})"
