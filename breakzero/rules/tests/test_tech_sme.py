"""科技型中小企业 (policy-rules §7, cases T1–T3), band edges and property tests."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.facts import TechSmeFacts
from breakzero.rules.results import CriterionStatus
from breakzero.rules.tech_sme import evaluate_tech_sme

MET, UNMET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNMET, CriterionStatus.UNKNOWN


def firm(**overrides: object) -> TechSmeFacts:
    """T3: staff 25% (16), R&D / sales 5.5% (40), 3 Ⅱ类 IP (18) = 74."""
    base = dict(
        is_resident_mainland=True,
        employees=100,
        sales_revenue=D(10000),
        total_assets=D(8000),
        has_prohibited_products=False,
        had_incident_or_misconduct=False,
        is_on_abnormal_or_violation_list=False,
        st_staff=25,
        total_staff=100,
        rd_expense=D(550),
        total_cost_and_expense=D(9000),
        ip_class1=0,
        ip_class2=3,
        has_valid_hnte=False,
        has_national_award_top3_5y=False,
        has_ministerial_rd_institution=False,
        led_standard_5y=False,
    )
    return TechSmeFacts(as_of=date(2024, 3, 1), **{**base, **overrides})  # type: ignore[arg-type]


def test_tech_sme_t3_worked_example_scores_74_and_qualifies() -> None:
    result = evaluate_tech_sme(firm())
    assert [result.item(c).points for c in ("score.st_staff", "score.rd_input", "score.ip")] == [16, 40, 18]
    assert result.score == 74 and result.passed is True and result.rule_set == "most-2017-115"


def test_tech_sme_t1_size_edges_met() -> None:
    result = evaluate_tech_sme(firm(employees=500, sales_revenue=D(20000), total_assets=D(20000), rd_expense=D(1100)))
    assert [result.item(c).status for c in ("condition.employees", "condition.sales", "condition.assets")] == [MET] * 3


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"employees": 501}, "condition.employees"),
        ({"sales_revenue": D("20000.01")}, "condition.sales"),
        ({"total_assets": D("20000.01")}, "condition.assets"),
    ],
)
def test_tech_sme_size_just_over_edge_fails(overrides: dict[str, object], code: str) -> None:
    result = evaluate_tech_sme(firm(**overrides))
    assert result.item(code).status is UNMET and result.passed is False


def test_tech_sme_t2_staff_9_percent_fails_even_with_max_elsewhere() -> None:
    result = evaluate_tech_sme(firm(st_staff=9, rd_expense=D(3000), ip_class1=2))
    assert result.score == 80 and result.item("condition.st_staff_nonzero").status is UNMET
    assert result.passed is False


def test_tech_sme_direct_confirmation_overrides_score() -> None:
    assert evaluate_tech_sme(firm(st_staff=9, has_valid_hnte=True)).passed is True
    assert evaluate_tech_sme(firm(st_staff=9, has_valid_hnte=True, employees=501)).passed is False


@pytest.mark.parametrize(
    ("staff", "points"),
    [(30, 20), (29, 16), (25, 16), (24, 12), (20, 12), (15, 8), (14, 4), (10, 4), (9, 0)],
)
def test_tech_sme_staff_band_edges(staff: int, points: int) -> None:
    assert evaluate_tech_sme(firm(st_staff=staff)).item("score.st_staff").points == points


@pytest.mark.parametrize(
    ("rd", "points"),
    [(D(600), 50), (D("599.99"), 40), (D(500), 40), (D(400), 30), (D(300), 20), (D(200), 10), (D("199.99"), 0)],
)
def test_tech_sme_rd_sales_band_edges(rd: D, points: int) -> None:
    # Cost base large enough that the cost measure scores lower.
    result = evaluate_tech_sme(firm(rd_expense=rd, total_cost_and_expense=D(100000)))
    assert result.item("score.rd_input").points == points


@pytest.mark.parametrize(
    ("cost", "points"),
    [(D(1000), 50), (D("1000.01"), 40), (D(1200), 40), (D(1500), 30), (D(2000), 20), (D(3000), 10), (D("3000.01"), 0)],
)
def test_tech_sme_rd_cost_band_edges(cost: D, points: int) -> None:
    result = evaluate_tech_sme(firm(rd_expense=D(300), sales_revenue=D(1000000), total_cost_and_expense=cost))
    assert result.item("score.rd_input").points == points


def test_tech_sme_rd_takes_better_measure_and_waits_for_unknown_one() -> None:
    assert (
        evaluate_tech_sme(firm(rd_expense=D(300), total_cost_and_expense=D(1000))).item("score.rd_input").points == 50
    )
    assert evaluate_tech_sme(firm(total_cost_and_expense=None)).item("score.rd_input").status is UNKNOWN


@pytest.mark.parametrize(
    ("class1", "class2", "points"),
    [(1, 0, 30), (0, 5, 24), (0, 4, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6), (0, 0, 0)],
)
def test_tech_sme_ip_bands(class1: int, class2: int, points: int) -> None:
    assert evaluate_tech_sme(firm(ip_class1=class1, ip_class2=class2)).item("score.ip").points == points


@pytest.mark.parametrize(("rd", "score", "passed"), [(D(400), 52, False), (D(500), 62, True)])
def test_tech_sme_score_below_and_above_60(rd: D, score: int, passed: bool) -> None:
    # staff 16 + IP 6 + R&D 30 (4%) or 40 (5%).
    result = evaluate_tech_sme(firm(rd_expense=rd, ip_class2=1))
    assert (result.score, result.passed) == (score, passed)


@pytest.mark.parametrize(("rd", "passed"), [(D(200), True), (D("199.99"), False)])
def test_tech_sme_score_60_edge(rd: D, passed: bool) -> None:
    # staff 20 + IP 30 + R&D 10 (2%) = 60 exactly; 1.9999% scores 0 → 50.
    result = evaluate_tech_sme(firm(st_staff=30, rd_expense=rd, ip_class1=1, total_cost_and_expense=D(100000)))
    assert result.passed is passed


_FIELDS = [f.name for f in dataclasses.fields(TechSmeFacts) if f.name != "as_of"]


@given(hidden=st.sets(st.sampled_from(_FIELDS)))
@settings(max_examples=150, deadline=None)
def test_tech_sme_unknown_facts_never_turn_a_pass_into_fail(hidden: set[str]) -> None:
    full = firm()
    assert evaluate_tech_sme(dataclasses.replace(full, **dict.fromkeys(hidden))).passed in (True, None)


@given(
    staff=st.integers(0, 100),
    rd=st.decimals(min_value=0, max_value=5000, places=2),
    class2=st.integers(0, 10),
    extra=st.decimals(min_value=0, max_value=500, places=2),
)
@settings(max_examples=200, deadline=None)
def test_tech_sme_score_bounded_and_rd_monotone(staff: int, rd: D, class2: int, extra: D) -> None:
    low = evaluate_tech_sme(firm(st_staff=staff, rd_expense=rd, ip_class2=class2))
    high = evaluate_tech_sme(firm(st_staff=staff, rd_expense=rd + extra, ip_class2=class2))
    assert 0 <= low.score <= 100
    assert high.item("score.rd_input").points >= low.item("score.rd_input").points
