"""Set-based SQL behind each indicator: one GROUP BY per region level over a shared row set.

Every compute function returns ValueRows for counties, prefectures and the province. Counts use
COUNT(DISTINCT …) at each level separately, so a patent whose applicants sit in two counties counts
once in each county and once in their common prefecture and province. Medians use percentile_cont
on PostgreSQL and Python on SQLite.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection

PROVINCE = "430000"
SME_SIZES = ("medium", "small", "micro")


@dataclass
class ValueRow:
    region: str
    year: int
    month: int | None
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    details: dict[str, Any] = field(default_factory=dict)


def break_zero(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    """SMEs whose first invention grant (BreakZeroEvent) falls in the year/month."""
    event = _model("patents", "BreakZeroEvent")
    if event is None:
        return []
    inner = (
        f"SELECT b.enterprise_id AS id, e.county_id, e.city_id, b.year AS year, "
        f"{_month('b.break_zero_date')} AS month FROM {event._meta.db_table} b "
        f"JOIN {_table('enterprises', 'Enterprise')} e ON e.id = b.enterprise_id WHERE b.is_sme{_years('b.year', years)}"
    )
    return _with_year_totals(count_by_level(inner, years))


def sme_invention_grants(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    """Granted invention patents with at least one SME applicant; DISTINCT patents at each level."""
    patent, applicant = _model("patents", "Patent"), _model("patents", "PatentApplicant")
    if patent is None or applicant is None:
        return []
    year_expr = _year("p.grant_date")
    inner = (
        f"SELECT DISTINCT p.id AS id, e.county_id, e.city_id, {year_expr} AS year, {_month('p.grant_date')} AS month "
        f"FROM {patent._meta.db_table} p JOIN {applicant._meta.db_table} a ON a.patent_id = p.id "
        f"JOIN {_table('enterprises', 'Enterprise')} e ON e.id = a.enterprise_id "
        f"LEFT JOIN {_table('enterprises', 'EnterpriseYear')} y ON y.enterprise_id = e.id AND y.year = {year_expr} "
        f"WHERE p.kind IN ('invention', 'pct_invention') AND p.grant_date IS NOT NULL AND {_is_sme('y', 'e')}{_years(year_expr, years)}"
    )
    return _with_year_totals(count_by_level(inner, years))


def rd_intensity(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    """Σ R&D expense / Σ operating revenue of SMEs with both figures; details carry the firms' median."""
    inner = _years_inner("y.rd_expense AS a, y.operating_revenue AS b, 1.0 * y.rd_expense / y.operating_revenue AS r",
                         "y.rd_expense IS NOT NULL AND y.operating_revenue > 0", years)
    is_postgres = connection.vendor == "postgresql"
    median_sql = ", percentile_cont(0.5) WITHIN GROUP (ORDER BY r)" if is_postgres else ""
    medians = {} if is_postgres else _python_medians(inner)
    rows = []
    for region, year, rd, revenue, firms, *median in sum_by_level(inner, f"SUM(a), SUM(b), COUNT(*){median_sql}"):
        rd, revenue = _dec(rd), _dec(revenue)
        value = (rd / revenue).quantize(Decimal("0.000001")) if revenue else Decimal(0)
        middle = median[0] if median else medians.get((region, year))
        details = {"firms": int(firms), "median": float(round(middle, 6)) if middle is not None else None}
        rows.append(ValueRow(region, year, None, value, rd, revenue, details))
    return rows


def new_product_revenue(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    return _sum_field("new_product_revenue", years)


def new_product_profit(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    return _sum_field("new_product_profit", years)


def little_giants(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    """Enterprises holding a valid 小巨人 title at the end of each year (on `today` for the current year).

    The value counts the levels named in the setting (definitions.little_giant_levels, UNCONFIRMED);
    details carry each level's own count, so every level is shown as its own line.
    """
    from breakzero.indicators.definitions import little_giant_levels

    title = _model("cultivation", "Title")
    if title is None:
        return []
    counted = little_giant_levels()
    rows = {(r.region, r.year): r for r in count_by_level(_titles_inner(title, years, today, counted), years)}
    for level in ("national", "provincial"):
        for row in count_by_level(_titles_inner(title, years, today, (level,)), years):
            total = rows.setdefault((row.region, row.year), ValueRow(row.region, row.year, None, Decimal(0)))
            total.details.setdefault("levels", {})[level] = int(row.value)
    for row in rows.values():
        row.details["levels"] = {"national": 0, "provincial": 0} | row.details.get("levels", {})
        row.details["counted_levels"] = list(counted)
    return list(rows.values())


def _titles_inner(title: Any, years: list[int] | None, today: dt.date, levels: tuple[str, ...]) -> str:
    wanted = years or list(range(_first_data_year(), today.year + 1))
    points = " UNION ALL ".join(f"SELECT {y} AS year, '{min(dt.date(y, 12, 31), today).isoformat()}' AS day" for y in wanted)
    listed = ", ".join(f"'{level}'" for level in levels if level.isalpha())
    return (
        f"SELECT t.enterprise_id AS id, e.county_id, e.city_id, d.year AS year, NULL AS month FROM {title._meta.db_table} t "
        f"JOIN {_table('enterprises', 'Enterprise')} e ON e.id = t.enterprise_id JOIN ({points}) d "
        f"ON t.recognized_on <= {_date('d.day')} AND t.valid_until >= {_date('d.day')} "
        f"WHERE t.tier = 'little_giant' AND t.level IN ({listed or 'NULL'})"
    )


def participants(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    inner = (
        f"SELECT p.enterprise_id AS id, e.county_id, e.city_id, p.year AS year, NULL AS month "
        f"FROM {_table('indicators', 'Participant')} p JOIN {_table('enterprises', 'Enterprise')} e "
        f"ON e.id = p.enterprise_id WHERE 1 = 1{_years('p.year', years)}"
    )
    return count_by_level(inner, years)


# ------------------------------------------------------------------ building blocks (public for new indicators)


def _count_or_sum(inner: str, years: list[int] | None, amount: str) -> list[ValueRow]:
    """Records per region and year: their number, or (with `amount`, selected as v) its sum and the count."""
    if not amount:
        return count_by_level(inner, years)
    return [ValueRow(region, year, None, _dec(total), details={"records": int(n)})
            for region, year, total, n in sum_by_level(inner, "SUM(v), COUNT(*)")]


def count_by_level(inner: str, years: list[int] | None) -> list[ValueRow]:
    """COUNT(DISTINCT id) per (region, year, month) for counties, prefectures and the province.

    `inner` selects columns id, county_id, city_id, year, month (month may be NULL).
    """
    rows = []
    for region, year, month, count in _by_level(inner, "COUNT(DISTINCT id)", with_month=True):
        rows.append(ValueRow(region, int(year), int(month) if month is not None else None, Decimal(int(count))))
    return rows


def sum_by_level(inner: str, measures: str) -> list[tuple]:
    """Aggregate `measures` per (region, year) for the three levels."""
    return [(r[0], int(r[1]), *r[2:]) for r in _by_level(inner, measures, with_month=False)]


def _by_level(inner: str, measures: str, *, with_month: bool) -> list[tuple]:
    keys = "year, month" if with_month else "year"
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = (
        f"WITH t AS {materialized}({inner}) "
        f"SELECT county_id, {keys}, {measures} FROM t WHERE county_id IS NOT NULL GROUP BY county_id, {keys} "
        f"UNION ALL SELECT city_id, {keys}, {measures} FROM t GROUP BY city_id, {keys} "
        f"UNION ALL SELECT '{PROVINCE}', {keys}, {measures} FROM t GROUP BY {keys}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _with_year_totals(rows: list[ValueRow]) -> list[ValueRow]:
    """Add the whole-year row per region: each record has exactly one date, so months add up."""
    totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[(row.region, row.year)] += row.value
    monthly = [r for r in rows if r.month is not None]
    return monthly + [ValueRow(region, year, None, value) for (region, year), value in totals.items()]


def _sum_field(name: str, years: list[int] | None) -> list[ValueRow]:
    inner = _years_inner(f"y.{name} AS a", f"y.{name} IS NOT NULL", years)
    return [
        ValueRow(region, year, None, _dec(total), details={"firms": int(firms)})
        for region, year, total, firms in sum_by_level(inner, "SUM(a), COUNT(*)")
    ]


def _years_inner(columns: str, condition: str, years: list[int] | None) -> str:
    """SME yearly rows (size of that year, else the latest size) with their enterprise's regions."""
    return (
        f"SELECT e.county_id, e.city_id, y.year AS year, {columns} FROM {_table('enterprises', 'EnterpriseYear')} y "
        f"JOIN {_table('enterprises', 'Enterprise')} e ON e.id = y.enterprise_id "
        f"WHERE {condition} AND {_is_sme('y', 'e')}{_years('y.year', years)}"
    )


def _python_medians(inner: str) -> dict[tuple[str, int], float]:
    """SQLite has no percentile_cont: group the firms' ratios per region and year in Python."""
    groups: dict[tuple[str, int], list[float]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT county_id, city_id, year, r FROM ({inner}) t")
        for county, city, year, ratio in cursor.fetchall():
            for region in filter(None, (county, city, PROVINCE)):
                groups[(region, int(year))].append(float(ratio))
    return {key: statistics.median(values) for key, values in groups.items()}


def _is_sme(year_alias: str, enterprise_alias: str) -> str:
    sizes = ", ".join(f"'{s}'" for s in SME_SIZES)
    return f"COALESCE(NULLIF({year_alias}.size, ''), {enterprise_alias}.latest_size) IN ({sizes})"


def _years(column: str, years: Iterable[int] | None) -> str:
    if years is None:
        return ""
    listed = ", ".join(str(int(y)) for y in years) or "NULL"
    return f" AND {column} IN ({listed})"


def _year(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%Y', {column}) AS integer)"


def _month(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS integer)"
    return f"CAST(strftime('%m', {column}) AS integer)"


def _date(expr: str) -> str:
    return f"CAST({expr} AS date)" if connection.vendor == "postgresql" else expr


def _dec(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _first_data_year() -> int:
    from django.db.models import Min

    model = apps.get_model("enterprises", "EnterpriseYear")
    first = model.objects.aggregate(first=Min("year"))["first"]
    return min(first or 2019, 2019)


def _model(app_label: str, name: str) -> Any:
    """The model, or None while its app has not defined or migrated it yet."""
    try:
        model = apps.get_model(app_label, name)
    except LookupError:
        return None
    return model if model._meta.db_table in connection.introspection.table_names() else None


def _table(app_label: str, name: str) -> str:
    return apps.get_model(app_label, name)._meta.db_table
