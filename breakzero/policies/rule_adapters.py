"""Adapters from a FactSource to the non-tier rules (HNTE, 科技型中小企业) and the benefits."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from breakzero.policies import assembly
from breakzero.rules.facts import HnteFacts, TechSmeFacts
from breakzero.rules.hnte import evaluate_hnte
from breakzero.rules.results import Evaluation
from breakzero.rules.tech_sme import evaluate_tech_sme


def hnte_facts(source: assembly.FactSource) -> HnteFacts:
    """HnteFacts: yearly data for the ratios (up to three consecutive years ending last year), declared rest.

    S&T staff falls back to R&D staff (a subset, so the test stays conservative);
    收入总额 is approximated by operating revenue.
    """
    if not source.declared:  # most firms of a province-wide screening: nothing declared
        return _undeclared_hnte_facts(source)
    return _hnte_facts_in_full(source)


def tech_sme_facts(source: assembly.FactSource) -> TechSmeFacts:
    """TechSmeFacts (国科发政〔2017〕115号) for the prior fiscal year: sales = operating revenue."""
    if not source.declared:
        return _undeclared_tech_sme_facts(source)
    return _tech_sme_facts_in_full(source)


def _hnte_facts_in_full(source: assembly.FactSource) -> HnteFacts:
    d = source.declared
    rd, sales, net_assets = _series(source, "rd_expense"), _series(source, "operating_revenue"), _net_assets(source)
    if rd is not None and sales is not None:
        years = min(len(rd), len(sales))
        rd, sales = rd[-years:], sales[-years:]
    domestic_pct = d.get("rd_expense_domestic_pct")
    ip1, ip2 = assembly.ip_class1(source), assembly.ip_class2(source)
    incident = d.get("had_major_incident_3y")
    return HnteFacts(
        as_of=source.as_of,
        registration_date=source.founded_on,
        has_core_ip=None if ip1 is None and ip2 is None else bool((ip1 or 0) + (ip2 or 0)),
        is_in_supported_field=d.get("is_in_supported_field"),
        st_staff=d.get("st_staff", source.amount("rd_staff")),
        total_staff=source.amount("employees"),
        rd_expense_by_year=rd,
        rd_expense_domestic=None if domestic_pct is None or rd is None else sum(rd) * domestic_pct / 100,
        sales_by_year=sales,
        high_tech_revenue=source.year(0).get("high_tech_revenue"),
        total_revenue=source.amount("operating_revenue"),
        had_major_incident_1y=False if incident is False else None,
        net_assets_by_year=net_assets,
        ip_class1=ip1,
        ip_class2=ip2,
        taxable_income=d.get("taxable_income"),
    )


def _tech_sme_facts_in_full(source: assembly.FactSource) -> TechSmeFacts:
    d = source.declared
    incident, abnormal = d.get("had_major_incident_3y"), d.get("is_on_abnormal_or_dishonest_list")
    return TechSmeFacts(
        as_of=source.as_of,
        is_resident_mainland=d.get("is_independent_legal_person"),
        employees=source.amount("employees"),
        sales_revenue=source.amount("operating_revenue"),
        total_assets=source.year(0).get("total_assets"),
        has_prohibited_products=d.get("has_prohibited_products"),
        had_incident_or_misconduct=False if incident is False else None,
        is_on_abnormal_or_violation_list=abnormal,
        st_staff=d.get("st_staff", source.amount("rd_staff")),
        total_staff=source.amount("employees"),
        rd_expense=source.amount("rd_expense"),
        total_cost_and_expense=d.get("total_cost_and_expense"),
        ip_class1=assembly.ip_class1(source),
        ip_class2=assembly.ip_class2(source),
        has_valid_hnte=d.get("has_valid_hnte"),
        has_national_award_top3_5y=d.get("has_national_award_top3_5y"),
        has_ministerial_rd_institution=_ministerial(d.get("rd_institution_level")),
        led_standard_5y=d.get("led_standard_5y"),
    )


def _undeclared_hnte_facts(source: assembly.FactSource) -> HnteFacts:
    """_hnte_facts_in_full of a source with nothing declared, written out: amounts read straight from
    the years (amount() falls back to declared values only), the declared facts left at their
    default (None), the platform's patent counts as the IP classes (_plus of a count and None).
    Tests compare the two."""
    prev, years = source.as_of.year - 1, source.years
    y0, y1, y2 = years.get(prev, _NO_YEAR), years.get(prev - 1, _NO_YEAR), years.get(prev - 2, _NO_YEAR)
    rd = _known_run(y0.get("rd_expense"), y1.get("rd_expense"), y2.get("rd_expense"))
    sales = _known_run(y0.get("operating_revenue"), y1.get("operating_revenue"), y2.get("operating_revenue"))
    if rd is not None and sales is not None and len(rd) != len(sales):
        years_both = min(len(rd), len(sales))
        rd, sales = rd[-years_both:], sales[-years_both:]
    ip1, ip2 = source.invention_grants, source.other_patents
    return HnteFacts.of(
        as_of=source.as_of,
        registration_date=source.founded_on,
        has_core_ip=None if ip1 is None and ip2 is None else bool((ip1 or 0) + (ip2 or 0)),
        st_staff=y0.get("rd_staff"),
        total_staff=y0.get("employees"),
        rd_expense_by_year=rd,
        sales_by_year=sales,
        high_tech_revenue=y0.get("high_tech_revenue"),
        total_revenue=y0.get("operating_revenue"),
        net_assets_by_year=_known_run(_net_assets_of(y0), _net_assets_of(y1), _net_assets_of(y2)),
        ip_class1=ip1,
        ip_class2=ip2,
    )


def _undeclared_tech_sme_facts(source: assembly.FactSource) -> TechSmeFacts:
    """_tech_sme_facts_in_full of a source with nothing declared, written out as
    _undeclared_hnte_facts is. Tests compare the two."""
    y0 = source.years.get(source.as_of.year - 1, _NO_YEAR)
    employees = y0.get("employees")
    return TechSmeFacts.of(
        as_of=source.as_of,
        employees=employees,
        sales_revenue=y0.get("operating_revenue"),
        total_assets=y0.get("total_assets"),
        st_staff=y0.get("rd_staff"),
        total_staff=employees,
        rd_expense=y0.get("rd_expense"),
        ip_class1=source.invention_grants,
        ip_class2=source.other_patents,
    )


_NO_YEAR: dict[str, Any] = {}  # read only (a year without data); never handed out


def _known_run(last: Any, before: Any, oldest: Any) -> tuple[Decimal, ...] | None:
    """_series of three years' values given newest first: the known ones up to the first unknown, oldest first."""
    if last is None:
        return None
    if before is None:
        return (Decimal(last),)
    if oldest is None:
        return (Decimal(before), Decimal(last))
    return (Decimal(oldest), Decimal(before), Decimal(last))


def _net_assets_of(year: dict[str, Any]) -> Decimal | None:
    assets, liabilities = year.get("total_assets"), year.get("total_liabilities")
    if assets is None or liabilities is None:
        return None
    return Decimal(assets) - Decimal(liabilities)


def _ministerial(level: str | None) -> bool | None:
    return None if level is None else level in ("national", "provincial")


def _series(source: assembly.FactSource, key: str) -> tuple[Decimal, ...] | None:
    """Values of the last up-to-three consecutive known years, oldest first; None when last year is unknown."""
    values = []
    for offset in range(3):
        value = source.amount(key, offset)
        if value is None:
            break
        values.append(Decimal(value))
    return tuple(reversed(values)) or None


def _net_assets(source: assembly.FactSource) -> tuple[Decimal, ...] | None:
    values = []
    for offset in range(3):
        year = source.year(offset)
        if year.get("total_assets") is None or year.get("total_liabilities") is None:
            break
        values.append(Decimal(year["total_assets"]) - Decimal(year["total_liabilities"]))
    return tuple(reversed(values)) or None


EXTRA_RULES: tuple[tuple[str, str, Callable[[assembly.FactSource], Any], Callable[[Any], Evaluation]], ...] = (
    ("hnte", "高新技术企业", hnte_facts, evaluate_hnte),
    ("tech_sme", "科技型中小企业", tech_sme_facts, evaluate_tech_sme),
)
