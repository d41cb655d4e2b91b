"""Set-based SQL behind the empowerment areas' indicators (programme-rules-2.md §3 digital, §4 talent, §5
contests, §7 finance and IP, and the engine's published lists): counts and sums per region and year, on the
shared helpers of `computations`."""

from __future__ import annotations

import datetime as dt

from breakzero.indicators.computations import (
    ValueRow, _count_or_sum, _model, _table, _year, _years, count_by_level,
)


def digital_uses(kind: str):
    """Enterprises on the cloud (上云) or an industrial internet platform (上平台) in a year (digital.DigitalUse,
    one row per enterprise, year and kind; programme-rules-2.md §3.1)."""

    def compute(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
        use = _model("digital", "DigitalUse")
        if use is None:
            return []
        inner = (
            f"SELECT u.enterprise_id AS id, e.county_id, e.city_id, u.year AS year, NULL AS month "
            f"FROM {use._meta.db_table} u JOIN {_table('enterprises', 'Enterprise')} e ON e.id = u.enterprise_id "
            f"WHERE u.kind = '{kind if kind.isalpha() else ''}'{_years('u.year', years)}"
        )
        return count_by_level(inner, years)

    return compute


def digital_assessed(min_level: int):
    """Enterprises with a 数字化水平评测 of `min_level` or above dated in the year, each once (§3.3: 三级+ earns
    the 63号 附件2 digital-level points; level 1 counts every enterprise assessed)."""

    def compute(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
        assessment = _model("digital", "Assessment")
        if assessment is None:
            return []
        year_expr = _year("a.assessed_on")
        inner = (
            f"SELECT DISTINCT a.enterprise_id AS id, e.county_id, e.city_id, {year_expr} AS year, NULL AS month "
            f"FROM {assessment._meta.db_table} a JOIN {_table('enterprises', 'Enterprise')} e ON e.id = a.enterprise_id "
            f"WHERE a.level >= {int(min_level)}{_years(year_expr, years)}"
        )
        return count_by_level(inner, years)

    return compute


digital_level3_plus = digital_assessed(3)


def contest_entries(*, winners: bool):
    """Contest entries (or awarded ones) by the edition's year, in the entry's county and city (§5.2)."""

    def compute(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
        entry, contest = _model("contests", "Entry"), _model("contests", "Contest")
        if entry is None or contest is None:
            return []
        awarded = " AND x.award <> ''" if winners else ""
        inner = (
            f"SELECT x.id AS id, x.county_id, x.city_id, c.year AS year, NULL AS month FROM {entry._meta.db_table} x "
            f"JOIN {contest._meta.db_table} c ON c.id = x.contest_id WHERE 1 = 1"
            f"{awarded}{_years('c.year', years)}"
        )
        return count_by_level(inner, years)

    return compute


def leading_talents(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
    """Leading talents and teams selected in the year, in their enterprise's county and city (§4)."""
    talent = _model("talent", "LeadingTalent")
    if talent is None:
        return []
    inner = (
        f"SELECT t.id AS id, e.county_id, e.city_id, t.year AS year, NULL AS month FROM {talent._meta.db_table} t "
        f"JOIN {_table('enterprises', 'Enterprise')} e ON e.id = t.enterprise_id WHERE 1 = 1{_years('t.year', years)}"
    )
    return count_by_level(inner, years)


def published_applications(programme_type: str):
    """Applications of a programme type published (发布) on the calls engine, by the call's year, in the
    application's county and city (e.g. 职称绿色通道 approvals, 民参军 core-technology projects)."""

    def compute(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
        application, call, programme = (_model("calls", "Application"), _model("calls", "Call"),
                                        _model("calls", "Programme"))
        if application is None or call is None or programme is None:
            return []
        kind = programme_type if programme_type.replace("_", "").isalnum() else ""
        inner = (
            f"SELECT a.id AS id, a.county_id, a.city_id, c.year AS year, NULL AS month FROM {application._meta.db_table} a "
            f"JOIN {call._meta.db_table} c ON c.id = a.call_id JOIN {programme._meta.db_table} p ON p.id = c.programme_id "
            f"WHERE p.programme_type = '{kind}' AND a.state = 'published' AND a.city_id IS NOT NULL{_years('c.year', years)}"
        )
        return count_by_level(inner, years)

    return compute


def enterprise_records(app_label: str, model_name: str, date_field: str, *, amount: str = ""):
    """Dated records of an enterprise (patent deals by signing date, pledge loans by lending date) in the
    enterprise's county and city: their number, or the sum of `amount` (万元) when given (§7.4)."""

    def compute(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
        model = _model(app_label, model_name)
        if model is None:
            return []
        year_expr = _year(f"r.{date_field}")
        value = f", r.{amount} AS v" if amount else ""
        inner = (
            f"SELECT r.id AS id, e.county_id, e.city_id, {year_expr} AS year, NULL AS month{value} "
            f"FROM {model._meta.db_table} r JOIN {_table('enterprises', 'Enterprise')} e ON e.id = r.enterprise_id "
            f"WHERE 1 = 1{_years(year_expr, years)}"
        )
        return _count_or_sum(inner, years, amount)

    return compute


def digital_level(level: int):
    """Enterprises whose highest 数字化水平 level assessed in the year is exactly `level` (1–4), each once, in its
    county and city (programme-rules-2.md §3.3: the levels 一级–四级 per enterprise and year)."""

    def compute(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
        assessment = _model("digital", "Assessment")
        if assessment is None:
            return []
        year_expr = _year("a.assessed_on")
        inner = (
            f"SELECT a.enterprise_id AS id, e.county_id, e.city_id, {year_expr} AS year, NULL AS month "
            f"FROM {assessment._meta.db_table} a JOIN {_table('enterprises', 'Enterprise')} e ON e.id = a.enterprise_id "
            f"WHERE a.level IS NOT NULL{_years(year_expr, years)} "
            f"GROUP BY a.enterprise_id, e.county_id, e.city_id, {year_expr} HAVING MAX(a.level) = {int(level)}"
        )
        return count_by_level(inner, years)

    return compute


def region_records(app_label: str, model_name: str, date_field: str, *, amount: str = ""):
    """Dated records placed in a region by their own county and city (training courses by date held, exchange
    visits and navigation projects by start, achievements by listing): their number, or the sum of `amount`
    (e.g. attendees) when given."""

    def compute(*, years: list[int] | None, today: dt.date) -> list[ValueRow]:
        model = _model(app_label, model_name)
        if model is None:
            return []
        year_expr = _year(f"r.{date_field}")
        value = f", r.{amount} AS v" if amount else ""
        inner = (
            f"SELECT r.id AS id, r.county_id, r.city_id, {year_expr} AS year, NULL AS month{value} "
            f"FROM {model._meta.db_table} r WHERE 1 = 1{_years(year_expr, years)}"
        )
        return _count_or_sum(inner, years, amount)

    return compute
