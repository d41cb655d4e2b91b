"""rules.summaries gives exactly the screening row of the full evaluation, for every tier and facts.

The reference reads the row off the rule's Evaluation the way policies.screening._judged does
(that function is compared directly in policies/tests/test_screening_summaries.py). Facts cover
every field: unknowns, zero and negative amounts, values exactly on each band edge and threshold,
titles, and dates on both sides of the rule-set boundaries (2022-08-01, 2026-04-01).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from breakzero.rules import summaries
from breakzero.rules.facts import EnterpriseFacts, MainProductField, RdInstitutionLevel
from breakzero.rules.results import CriterionStatus, blocking_items
from breakzero.rules.summaries import REGISTRY, summary_row

AS_OF = (date(2021, 6, 30), date(2022, 7, 31), date(2022, 8, 1), date(2025, 6, 30), date(2026, 3, 31),
         date(2026, 4, 1), date(2027, 1, 1))  # fmt: skip
# Percent edges of every band and threshold of 附件1–3 (RD, growth, shares, debt, margins, staff).
EDGES = (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50, 55, 60, 70, 75, 80, 100, 120)
AMOUNTS = (0, 1, 100, 200, 300, 400, 500, 1000, 1500, 2000, 3000, 5000, 6000, 8000, 10000)


def _reference(rule: str, facts: EnterpriseFacts) -> tuple:
    """policies.screening._judged's row, read off the full evaluation."""
    try:
        ev = REGISTRY[rule].judge(facts)
    except (ValueError, ArithmeticError) as exc:
        return ("error", str(exc))
    unmet = blocking_items(ev)
    unknown = sum(1 for i in ev.items if i.status is CriterionStatus.UNKNOWN)
    gap = f"{unmet[0].name_zh}：{unmet[0].reason_zh}"[:300] if unmet else ""
    score = None if ev.score is None else Decimal(ev.score).quantize(Decimal("0.01"))
    return (ev.passed, score, unknown, len(unmet), gap, ev.rule_set, ev.as_of)


def _summary(rule: str, facts: EnterpriseFacts) -> tuple | None:
    try:
        return summary_row(rule, REGISTRY[rule].judge, facts)
    except (ValueError, ArithmeticError):
        return None  # the caller evaluates in full: same as not covered


def _money(amounts: tuple = AMOUNTS) -> st.SearchStrategy:
    return st.none() | st.sampled_from(amounts).map(Decimal) | st.decimals(-500, 20000, places=2) | st.just(Decimal(-1))


def _edge_of(base: Decimal | None, draw: st.DrawFn) -> Decimal | None:
    """A value exactly on an edge of ``base`` (edge % of it), or anything."""
    if base is None or draw(st.booleans()):
        return draw(_money())
    return base * draw(st.sampled_from(EDGES)) / 100


def _grown(base: Decimal | None, draw: st.DrawFn) -> Decimal | None:
    """``base`` after growth exactly on a band edge (0, 4, 5, 6, 8, 10, 15 %), or anything."""
    if base is None or draw(st.booleans()):
        return draw(_money())
    return base * (100 + draw(st.sampled_from((-10, 0, 4, 5, 6, 8, 10, 15)))) / 100


_flag = st.none() | st.booleans()
_count = st.none() | st.integers(-1, 5)


@st.composite
def enterprise_facts(draw: st.DrawFn) -> EnterpriseFacts:
    revenue, revenue2 = draw(_money()), draw(_money())
    main3 = draw(_money())
    main2 = _grown(main3, draw)
    main = _grown(main2, draw) if draw(st.booleans()) else _edge_of(revenue, draw)
    assets = draw(_money())
    employees = draw(st.none() | st.sampled_from((0, 10, 100, 250)) | st.integers(-1, 2000))
    values = {
        "as_of": draw(st.sampled_from(AS_OF)),
        "is_sme": draw(_flag), "is_independent_legal_person": draw(_flag),
        "is_on_abnormal_or_dishonest_list": draw(_flag), "has_prohibited_products": draw(_flag),
        "had_major_incident_3y": draw(_flag),
        "operating_revenue_prev": revenue, "operating_revenue_prev2": revenue2,
        "operating_revenue_prev3": draw(_money()),
        "main_business_revenue_prev": main, "main_business_revenue_prev2": main2, "main_business_revenue_prev3": main3,
        "rd_expense_prev": _edge_of(revenue, draw), "rd_expense_prev2": _edge_of(revenue2, draw),
        "total_assets": assets, "total_liabilities": _edge_of(assets, draw),
        "net_profit_prev": _edge_of(revenue, draw), "net_profit_prev2": draw(_money()),
        "net_profit_prev3": draw(_money()),
        "equity_financing_2y": draw(_money()), "equity_financing_3y": draw(_money()),
        "employees": employees,
        "rd_staff": draw(st.none() | st.integers(-1, 300)) if employees is None or employees <= 0 or draw(st.booleans())
        else employees * draw(st.sampled_from(EDGES)) // 100,
        "niche_years": draw(st.none() | st.sampled_from((0, 1, 2, 3, 4, 9, 10, 11)).map(Decimal) | st.decimals(-1, 15, places=1)),
        "niche_market_share_pct": draw(st.none() | st.sampled_from(EDGES).map(Decimal)),
        "is_top3_in_china": draw(_flag), "is_top3_in_province": draw(_flag), "has_own_brand": draw(_flag),
        "ip_class1_high_value": draw(_count), "ip_class1_self_developed": draw(_count), "ip_class1": draw(_count),
        "ip_class2": draw(_count), "ip_class1_in_use": draw(_count),
        "is_strategic_emerging_field": draw(_flag),
        "main_product_field": draw(st.none() | st.sampled_from(list(MainProductField))),
        "digital_level": draw(st.none() | st.integers(0, 4)), "quality_items": draw(_count),
        "provincial_characteristic_points": draw(st.none() | st.decimals(-1, 16, places=1)),
        "rd_institution_level": draw(st.none() | st.sampled_from(list(RdInstitutionLevel))),
        "has_rd_institution": draw(_flag), "has_information_system": draw(_flag),
        "has_foreign_certification": draw(_flag), "has_key_chain_role": draw(_flag),
        "is_main_product_in_key_field": draw(_flag),
        "has_sti_award_3y": draw(_flag), "has_valid_honour": draw(_flag), "has_award_top_rank_3y": draw(_flag),
        "has_national_award_top3_3y": draw(_flag), "is_maker_china_top500_3y": draw(_flag),
        "is_maker_china_top50_3y": draw(_flag),
        "has_innovative_title": draw(_flag), "has_srdi_title": draw(_flag), "has_little_giant_title": draw(_flag),
        "is_re_review": draw(_flag), "development_score": draw(st.none() | st.decimals(0, 100, places=1)),
    }  # fmt: skip
    return EnterpriseFacts(**values)


def _all_met(as_of: date = date(2025, 6, 30)) -> EnterpriseFacts:
    """Facts that pass every tier (each summary's passed=True path)."""
    return EnterpriseFacts(
        as_of=as_of, is_sme=True, is_independent_legal_person=True, is_on_abnormal_or_dishonest_list=False,
        has_prohibited_products=False, had_major_incident_3y=False,
        operating_revenue_prev=Decimal(20000), operating_revenue_prev2=Decimal(18000),
        operating_revenue_prev3=Decimal(15000), main_business_revenue_prev=Decimal(19000),
        main_business_revenue_prev2=Decimal(16000), main_business_revenue_prev3=Decimal(13000),
        rd_expense_prev=Decimal(2000), rd_expense_prev2=Decimal(1800), total_assets=Decimal(30000),
        total_liabilities=Decimal(9000), net_profit_prev=Decimal(2500), equity_financing_2y=Decimal(0),
        equity_financing_3y=Decimal(0), employees=200, rd_staff=50, niche_years=Decimal(12),
        niche_market_share_pct=Decimal(20), has_own_brand=True, ip_class1_high_value=1, ip_class1_self_developed=2,
        ip_class1=3, ip_class2=4, ip_class1_in_use=3, is_strategic_emerging_field=True,
        main_product_field=MainProductField.KEY_CHAIN, digital_level=3, quality_items=2,
        provincial_characteristic_points=Decimal(15), rd_institution_level=RdInstitutionLevel.NATIONAL,
        has_rd_institution=True, has_information_system=True, has_foreign_certification=True, has_key_chain_role=True,
        is_main_product_in_key_field=True, has_srdi_title=True, is_top3_in_china=True, development_score=Decimal(90),
    )  # fmt: skip


RULES = ("innovative_sme", "srdi_sme", "little_giant")  # the tiers: EnterpriseFacts


@settings(max_examples=1500)
@given(facts=enterprise_facts(), rule=st.sampled_from(RULES))
@example(facts=_all_met(), rule="innovative_sme")
@example(facts=_all_met(), rule="srdi_sme")
@example(facts=_all_met(), rule="little_giant")
def test_summary_any_facts_equals_full_evaluation(facts: EnterpriseFacts, rule: str) -> None:
    row = _summary(rule, facts)
    if row is not None:  # None: not covered, the caller evaluates in full
        assert row == _reference(rule, facts)
        assert [type(v) for v in row] == [type(v) for v in _reference(rule, facts)]


@pytest.mark.parametrize("rule", RULES)
def test_summary_all_met_facts_passes_like_full_evaluation(rule: str) -> None:
    facts = _all_met()
    assert _reference(rule, facts)[0] is True
    assert _summary(rule, facts) == _reference(rule, facts)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("as_of", AS_OF)
def test_summary_rule_set_boundaries_cover_only_registered_sets(rule: str, as_of: date) -> None:
    """Covered on the registered rule sets only; everything else (before 63号: not applicable or
    retroactive; 2026年2号 while not registered) is left to the full path."""
    facts = dataclasses.replace(_all_met(), as_of=as_of)
    reference, row = _reference(rule, facts), _summary(rule, facts)
    if reference[5] in REGISTRY[rule].rule_sets and date(2022, 8, 1) <= as_of:
        assert row == reference
    else:
        assert row is None


def test_summary_other_options_or_judge_left_to_full_path() -> None:
    from breakzero.rules.unconfirmed import Unconfirmed

    facts = _all_met()
    assert summary_row("innovative_sme", REGISTRY["innovative_sme"].judge, facts, Unconfirmed()) is None
    assert summary_row("innovative_sme", REGISTRY["srdi_sme"].judge, facts) is None
    assert summary_row("no_such_rule", REGISTRY["srdi_sme"].judge, facts) is None
    assert summaries.REGISTRY["little_giant"].rule_sets
