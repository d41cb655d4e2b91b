"""A share that cannot exceed 100% (staff, main business) is never accepted above it; and a verdict's
explanation (blocking items) comes from the same evaluation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.benchmarks import BenchmarkFacts, evaluate_break_zero_benchmark
from breakzero.rules.facts import EnterpriseFacts, HnteFacts, RdInstitutionLevel, TechSmeFacts
from breakzero.rules.hnte import evaluate_hnte
from breakzero.rules.results import CriterionStatus, blocking_items
from breakzero.rules.tech_sme import evaluate_tech_sme
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme

UNKNOWN, MET = CriterionStatus.UNKNOWN, CriterionStatus.MET


@pytest.mark.parametrize(("staff", "status"), [(D(100), MET), (D(101), UNKNOWN), (D(278), UNKNOWN)])
def test_hnte_staff_share_above_100_percent_not_accepted(staff: D, status: CriterionStatus) -> None:
    item = evaluate_hnte(HnteFacts(as_of=date(2025, 1, 1), st_staff=int(staff), total_staff=100)).item(
        "condition.st_staff_share"
    )
    assert item.status is status
    if status is UNKNOWN:
        assert "数据矛盾" in item.reason_zh and "超过 100%" in item.reason_zh


def test_tech_sme_staff_share_above_100_percent_scores_nothing() -> None:
    result = evaluate_tech_sme(TechSmeFacts(as_of=date(2025, 1, 1), st_staff=278, total_staff=100))
    item = result.item("score.st_staff")
    assert item.status is UNKNOWN and item.points is None and "数据矛盾" in item.reason_zh


def test_tier_shares_above_100_percent_not_accepted() -> None:
    facts = EnterpriseFacts(
        as_of=date(2024, 6, 1),
        rd_staff=278,
        employees=100,
        main_business_revenue_prev=D(9000),
        operating_revenue_prev=D(8000),
    )
    assert evaluate_srdi_sme(facts).item("score.rd_staff_share").status is UNKNOWN
    assert evaluate_srdi_sme(facts).item("score.main_business_share").status is UNKNOWN
    assert evaluate_innovative_sme(facts).item("score.main_business_share").status is UNKNOWN
    giant = evaluate_little_giant(facts)
    assert giant.item("specialisation.main_business_share").status is UNKNOWN
    small = EnterpriseFacts(as_of=date(2024, 6, 1), rd_staff=278, employees=100, operating_revenue_prev=D(1000))
    assert "数据矛盾" in evaluate_little_giant(small).item("innovation.rd_intensity").reason_zh


def test_benchmark_staff_share_above_100_percent_not_accepted() -> None:
    facts = BenchmarkFacts(as_of=date(2020, 12, 1), year=2020, rd_staff=278, employees=100)
    assert evaluate_break_zero_benchmark(facts).item("c1.rd_staff").status is UNKNOWN


def test_blocking_items_empty_when_passed_by_direct_condition() -> None:
    facts = EnterpriseFacts(
        as_of=date(2024, 6, 1),
        is_sme=True,
        is_independent_legal_person=True,
        is_on_abnormal_or_dishonest_list=False,
        has_prohibited_products=False,
        had_major_incident_3y=False,
        has_valid_honour=True,
        ip_class1=0,
        ip_class2=0,
        rd_expense_prev=D(0),
        operating_revenue_prev=D(1000),
        main_business_revenue_prev=D(400),
        main_business_revenue_prev2=D(500),
        total_assets=D(100),
        total_liabilities=D(90),
        is_strategic_emerging_field=False,
        rd_institution_level=RdInstitutionLevel.NONE,
    )
    result = evaluate_innovative_sme(facts)
    assert result.passed is True
    assert result.item("score.total").status is CriterionStatus.UNMET
    assert blocking_items(result) == ()
    failed = evaluate_innovative_sme(replace(facts, has_valid_honour=False))
    assert failed.passed is not True
    assert "score.total" in {i.code for i in blocking_items(failed)}


_MONEY = st.none() | st.integers(0, 20000).map(D)
_FLAG = st.none() | st.booleans()
_COUNT = st.none() | st.integers(0, 10)
_FACTS = st.builds(
    EnterpriseFacts,
    as_of=st.sampled_from([date(2019, 6, 1), date(2021, 6, 1), date(2024, 6, 1), date(2026, 6, 1)]),
    is_sme=_FLAG,
    is_independent_legal_person=_FLAG,
    is_on_abnormal_or_dishonest_list=_FLAG,
    has_prohibited_products=_FLAG,
    had_major_incident_3y=_FLAG,
    operating_revenue_prev=_MONEY,
    operating_revenue_prev2=_MONEY,
    main_business_revenue_prev=_MONEY,
    main_business_revenue_prev2=_MONEY,
    main_business_revenue_prev3=_MONEY,
    rd_expense_prev=_MONEY,
    rd_expense_prev2=_MONEY,
    total_assets=_MONEY,
    total_liabilities=_MONEY,
    employees=_COUNT,
    rd_staff=_COUNT,
    niche_years=_MONEY,
    niche_market_share_pct=_MONEY,
    ip_class1=_COUNT,
    ip_class2=_COUNT,
    has_valid_honour=_FLAG,
    has_sti_award_3y=_FLAG,
    has_srdi_title=_FLAG,
    has_rd_institution=_FLAG,
    equity_financing_3y=_MONEY,
    rd_institution_level=st.none() | st.sampled_from(list(RdInstitutionLevel)),
    is_maker_china_top50_3y=_FLAG,
    has_national_award_top3_3y=_FLAG,
)


@settings(max_examples=300, deadline=None)
@given(_FACTS)
def test_blocking_items_agree_with_verdict_for_every_tier(facts: EnterpriseFacts) -> None:
    """A passed verdict has no gap; a failed one names at least one (the screening row's text)."""
    for evaluate in (evaluate_innovative_sme, evaluate_srdi_sme, evaluate_little_giant):
        result = evaluate(facts)
        blocking = blocking_items(result)
        if result.passed is True:
            assert blocking == ()
        if result.passed is False:
            assert blocking, (evaluate.__name__, result.rule_set)
