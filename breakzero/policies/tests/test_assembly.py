"""Facts assembly: platform data first, declared facts fill gaps, discrepancies flagged."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.cultivation.models import Title
from breakzero.policies import assembly
from breakzero.policies.rule_adapters import hnte_facts
from breakzero.policies.selectors import fact_rows
from breakzero.policies.tests.factories import AS_OF, DeclaredFactsFactory, enterprise_with_years

pytestmark = pytest.mark.django_db


def _source(enterprise, as_of=AS_OF):
    return assembly.load_sources(as_of=as_of, enterprise_ids=[enterprise.pk])[enterprise.pk]


def test_enterprise_facts_prior_year_taken_from_yearly_data():
    enterprise = enterprise_with_years(last_year=2024, rd="320", revenue="8000")
    facts = assembly.enterprise_facts(_source(enterprise))
    assert facts.operating_revenue_prev == Decimal("8000.00")
    assert facts.rd_expense_prev == Decimal("320.00")
    assert facts.operating_revenue_prev2 == Decimal("7272.73")
    assert facts.is_sme is True
    assert facts.niche_years is None  # not declared → unknown, never guessed


def test_enterprise_facts_declared_fill_gaps_but_platform_wins():
    enterprise = enterprise_with_years(last_year=2024, rd="320")
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={"rd_expense": "999", "niche_years": "3.5"})
    facts = assembly.enterprise_facts(_source(enterprise))
    assert facts.rd_expense_prev == Decimal("320.00")
    assert facts.niche_years == Decimal("3.5")


def test_enterprise_facts_declared_amount_used_when_platform_lacks_year():
    enterprise = enterprise_with_years(last_year=2023)
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={"rd_expense": "150", "operating_revenue": "3000"})
    facts = assembly.enterprise_facts(_source(enterprise))
    assert facts.rd_expense_prev == Decimal("150")
    assert facts.operating_revenue_prev == Decimal("3000")
    assert facts.operating_revenue_prev2 == Decimal("8000.00")


def test_enterprise_facts_valid_titles_only():
    enterprise = enterprise_with_years()
    Title.objects.create(enterprise=enterprise, tier="srdi_sme", level="provincial", recognized_on=dt.date(2023, 1, 1),
                         valid_until=dt.date(2026, 1, 1))
    Title.objects.create(enterprise=enterprise, tier="innovative_sme", level="provincial",
                         recognized_on=dt.date(2020, 1, 1), valid_until=dt.date(2023, 1, 1))
    facts = assembly.enterprise_facts(_source(enterprise))
    assert facts.has_srdi_title is True
    assert facts.has_innovative_title is False


def test_ip_counts_granted_inventions_as_class1_and_others_as_class2():
    from breakzero.patents.models import Patent, PatentApplicant

    enterprise = enterprise_with_years()
    rows = [("CN202010000001", "invention", dt.date(2022, 5, 1), "granted"),
            ("CN202010000002", "invention", None, "pending"),
            ("CN202020000003", "utility_model", dt.date(2021, 1, 1), "granted"),
            ("CN202010000004", "invention", dt.date(2021, 1, 1), "lapsed"),
            ("CN202010000005", "invention", dt.date(2025, 12, 1), "granted")]
    for number, kind, granted, status in rows:
        patent = Patent.objects.create(application_number=number, kind=kind, grant_date=granted, legal_status=status)
        PatentApplicant.objects.create(patent=patent, position=1, name=enterprise.name, name_normalized=enterprise.name,
                                       enterprise=enterprise, applicant_type="enterprise")
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={"ip_class2_other": 3})
    source = _source(enterprise)
    assert assembly.ip_class1(source) == 1
    assert assembly.ip_class2(source) == 4


def test_hnte_facts_three_years_oldest_first():
    enterprise = enterprise_with_years(last_year=2024, rd="330", revenue="3300", founded_on=dt.date(2015, 3, 1))
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={"rd_expense_domestic_pct": "80", "st_staff": 30})
    facts = hnte_facts(_source(enterprise))
    assert facts.sales_by_year == (Decimal("2727.27"), Decimal("3000.00"), Decimal("3300.00"))
    assert facts.rd_expense_domestic == sum(facts.rd_expense_by_year) * Decimal("0.8")
    assert facts.st_staff == 30
    assert facts.registration_date == dt.date(2015, 3, 1)


def test_fact_rows_declared_rd_differs_more_than_5_percent_flagged():
    enterprise = enterprise_with_years(rd="320")
    declaration = DeclaredFactsFactory(enterprise=enterprise, year=2024,
                                       data={"rd_expense": "340", "operating_revenue": "8200"})
    rows = {r.label: r for r in fact_rows(_source(enterprise), declaration)}
    assert rows["上年度研发费用"].discrepancy_percent == Decimal("6.25")
    assert rows["上年度营业收入"].discrepancy_percent is None  # 2.5 % is within tolerance
