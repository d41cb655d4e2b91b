"""Cultivation tiers (policy-rules §2, cases C1–C10) with every band edge and property tests."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.facts import EnterpriseFacts, MainProductField, RdInstitutionLevel
from breakzero.rules.results import CriterionStatus
from breakzero.rules.rulesets import available_rule_sets
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme
from breakzero.rules.tiers.srdi_score import quality_item
from breakzero.rules.unconfirmed import DEFAULT, GrowthMethod

AS_OF = date(2024, 6, 1)
ELIGIBLE = dict(
    is_sme=True,
    is_independent_legal_person=True,
    is_on_abnormal_or_dishonest_list=False,
    has_prohibited_products=False,
    had_major_incident_3y=False,
)
NO_INNOVATIVE_DIRECT = dict(
    has_sti_award_3y=False,
    has_valid_honour=False,
    rd_institution_level=RdInstitutionLevel.NONE,
    equity_financing_3y=D(0),
)
MET, UNMET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNMET, CriterionStatus.UNKNOWN


def facts(**values: object) -> EnterpriseFacts:
    return EnterpriseFacts(as_of=values.pop("as_of", AS_OF), **{**ELIGIBLE, **values})  # type: ignore[arg-type]


def c1_facts(**overrides: object) -> EnterpriseFacts:
    """§2.1 worked example / C1: 15 + 15 + 15 + 10 + 10 + 20 = 85."""
    base = dict(
        ip_class1_high_value=0,
        ip_class1_self_developed=1,
        ip_class1=1,
        ip_class2=0,
        rd_expense_prev=D(400),
        operating_revenue_prev=D(10000),
        main_business_revenue_prev=D(8000),
        main_business_revenue_prev2=D("7142.857142857142857142857143"),
        total_assets=D(1000),
        total_liabilities=D(500),
        is_strategic_emerging_field=True,
        **NO_INNOVATIVE_DIRECT,
    )
    return facts(**{**base, **overrides})


# ---------------------------------------------------------------- 创新型 (§2.1)


def test_innovative_c1_worked_example_qualifies_with_85() -> None:
    result = evaluate_innovative_sme(c1_facts(main_business_revenue_prev2=D(8000) / D("1.12")))
    assert result.score == 85
    assert result.passed is True
    assert result.rule_set == "miit-2022-63"
    assert [result.item(c).points for c in ("score.ip", "score.rd_ratio", "score.revenue_growth")] == [15, 15, 15]


def test_innovative_c2_innovation_group_below_20_fails_despite_75() -> None:
    result = evaluate_innovative_sme(
        c1_facts(
            ip_class1=0,
            ip_class2=1,
            rd_expense_prev=D(250),
            main_business_revenue_prev=D(7500),
            main_business_revenue_prev2=D(6250),
            total_liabilities=D(400),
        )
    )
    assert result.score == 75
    assert result.item("group.innovation").status is UNMET
    assert "还差 5 分" in result.item("group.innovation").reason_zh
    assert result.passed is False


def test_innovative_c3_total_40_with_hnte_honour_qualifies() -> None:
    low = c1_facts(
        ip_class1=0,
        ip_class2=0,
        rd_expense_prev=D(0),
        main_business_revenue_prev=D(7500),
        main_business_revenue_prev2=D(8000),
    )
    assert evaluate_innovative_sme(low).score == 40
    assert evaluate_innovative_sme(low).passed is False
    assert evaluate_innovative_sme(dataclasses.replace(low, has_valid_honour=True)).passed is True


@pytest.mark.parametrize("field", ["has_sti_award_3y", "has_valid_honour"])
def test_innovative_direct_condition_unknown_with_failing_score_is_undecided(field: str) -> None:
    low = c1_facts(ip_class1=0, ip_class2=0, rd_expense_prev=D(0))
    assert evaluate_innovative_sme(dataclasses.replace(low, **{field: None})).passed is None


@pytest.mark.parametrize(("equity", "passed"), [(D(500), True), (D("499.99"), False)])
def test_innovative_direct_equity_500_edge_decides(equity: D, passed: bool) -> None:
    low = c1_facts(ip_class1=0, ip_class2=0, rd_expense_prev=D(0), equity_financing_3y=equity)
    assert evaluate_innovative_sme(low).passed is passed


def test_innovative_provincial_rd_institution_direct_qualifies() -> None:
    low = c1_facts(ip_class1=0, ip_class2=0, rd_expense_prev=D(0), rd_institution_level=RdInstitutionLevel.PROVINCIAL)
    assert evaluate_innovative_sme(low).passed is True


def test_innovative_ineligible_firm_fails_even_with_direct_condition() -> None:
    assert evaluate_innovative_sme(c1_facts(is_sme=False, has_valid_honour=True)).passed is False


@pytest.mark.parametrize(
    ("rd", "points"),
    [
        (D(500), 20),
        (D("499.99"), 15),
        (D(300), 15),
        (D("299.96"), 10),
        (D("300.03"), 15),
        (D(200), 10),
        (D("199.99"), 5),
        (D(100), 5),
        (D("99.99"), 0),
        (D(0), 0),
    ],
)
def test_innovative_rd_ratio_band_edges_score(rd: D, points: int) -> None:
    assert evaluate_innovative_sme(c1_facts(rd_expense_prev=rd)).item("score.rd_ratio").points == points


def test_innovative_rd_ratio_gap_reason_gives_money() -> None:
    item = evaluate_innovative_sme(c1_facts(rd_expense_prev=D(240), operating_revenue_prev=D(10000))).item(
        "score.rd_ratio"
    )
    assert "2.40%" in item.reason_zh and "约还需增加研发费用 60.00 万元" in item.reason_zh


@pytest.mark.parametrize(
    ("previous", "points"),
    [
        (D(1150), 20),
        (D("1149.99"), 15),
        (D(1100), 15),
        (D("1099.99"), 10),
        (D(1050), 10),
        (D("1049.99"), 5),
        (D(1000), 5),
        (D("999.99"), 0),
    ],
)
def test_innovative_growth_band_edges_score(previous: D, points: int) -> None:
    result = evaluate_innovative_sme(c1_facts(main_business_revenue_prev=previous, main_business_revenue_prev2=D(1000)))
    assert result.item("score.revenue_growth").points == points


def test_innovative_growth_zero_base_scores_zero_and_flags() -> None:
    item = evaluate_innovative_sme(c1_facts(main_business_revenue_prev2=D(0))).item("score.revenue_growth")
    assert item.points == 0 and "待确认" in item.reason_zh


def test_innovative_growth_zero_base_unknown_when_configured() -> None:
    options = dataclasses.replace(DEFAULT, zero_base_growth_scores_zero=False)
    result = evaluate_innovative_sme(c1_facts(main_business_revenue_prev2=D(0)), options=options)
    assert result.item("score.revenue_growth").status is UNKNOWN


@pytest.mark.parametrize(
    ("liabilities", "favourable", "points"),
    [
        (D("549.99"), False, 10),
        (D(550), False, 5),
        (D(550), True, 10),
        (D("550.01"), True, 5),
        (D("749.99"), False, 5),
        (D(750), False, 0),
        (D(750), True, 5),
        (D("750.01"), True, 0),
    ],
)
def test_innovative_debt_ratio_edges_follow_setting(liabilities: D, favourable: bool, points: int) -> None:
    options = dataclasses.replace(DEFAULT, debt_ratio_edge_favourable=favourable)
    result = evaluate_innovative_sme(c1_facts(total_liabilities=liabilities), options=options)
    assert result.item("score.debt_ratio").points == points


@pytest.mark.parametrize(
    ("main", "points"),
    [
        (D(7000), 20),
        (D("6999.99"), 15),
        (D(6000), 15),
        (D("5999.99"), 10),
        (D(5500), 10),
        (D("5499.99"), 5),
        (D(5000), 5),
        (D("4999.99"), 0),
    ],
)
def test_innovative_main_business_share_edges_score(main: D, points: int) -> None:
    result = evaluate_innovative_sme(c1_facts(main_business_revenue_prev=main))
    assert result.item("score.main_business_share").points == points


@pytest.mark.parametrize(
    ("counts", "points"),
    [((1, 1, 1, 0), 20), ((0, 1, 1, 0), 15), ((0, 0, 3, 0), 10), ((0, 0, 0, 2), 5), ((0, 0, 0, 0), 0)],
)
def test_innovative_ip_takes_highest_band_only(counts: tuple[int, ...], points: int) -> None:
    high, own, class1, class2 = counts
    result = evaluate_innovative_sme(
        c1_facts(ip_class1_high_value=high, ip_class1_self_developed=own, ip_class1=class1, ip_class2=class2)
    )
    assert result.item("score.ip").points == points


def test_innovative_ip_unknown_better_band_is_unknown() -> None:
    item = evaluate_innovative_sme(c1_facts(ip_class1_high_value=None)).item("score.ip")
    assert item.status is UNKNOWN and item.points is None


def test_innovative_group_minimum_edges_score_exactly() -> None:
    # innovation exactly 20 (IP 10 + R&D 10), growth 15 (5 + 10), specialisation 15 (5 + 10).
    edge = c1_facts(
        ip_class1_self_developed=0,
        rd_expense_prev=D(200),
        main_business_revenue_prev=D(5500),
        main_business_revenue_prev2=D(5500),
        total_liabilities=D(400),
        is_strategic_emerging_field=False,
    )
    result = evaluate_innovative_sme(edge)
    assert [result.item(f"group.{g}").points for g in ("innovation", "growth", "specialisation")] == [20, 15, 15]
    assert all(result.item(f"group.{g}").status is MET for g in ("innovation", "growth", "specialisation"))
    assert result.score == 50 and result.passed is False  # total below 60


@pytest.mark.parametrize(("rd", "passed"), [(D(200), True), (D("199.99"), False)])
def test_innovative_innovation_group_20_edge_decides(rd: D, passed: bool) -> None:
    # IP 10 + R&D 10 (2%) = 20 at the edge; 1.9999% gives 5 → 15 < 20; other groups full (total ≥ 60).
    result = evaluate_innovative_sme(c1_facts(ip_class1_self_developed=0, rd_expense_prev=rd))
    assert result.score >= 60 and result.passed is passed


# ---------------------------------------------------------------- 专精特新 63号 (§2.2)


def c6_facts(**overrides: object) -> EnterpriseFacts:
    """§2.2 worked example / C6: 19 + 19 + 10 + 25 = 73, with conditions 1–3 met."""
    base = dict(
        niche_years=D(7),
        operating_revenue_prev=D(6000),
        operating_revenue_prev2=D(5500),
        main_business_revenue_prev=D(5049),
        main_business_revenue_prev2=D(4590),
        main_business_revenue_prev3=D(4250),
        main_product_field=MainProductField.FOUNDATION,
        digital_level=2,
        quality_items=2,
        net_profit_prev=D(420),
        total_assets=D(1000),
        total_liabilities=D(450),
        provincial_characteristic_points=D(10),
        ip_class1_high_value=0,
        ip_class1_self_developed=0,
        ip_class1=1,
        ip_class2=0,
        rd_expense_prev=D(450),
        rd_expense_prev2=D(400),
        rd_staff=12,
        employees=100,
        rd_institution_level=RdInstitutionLevel.PROVINCIAL,
        equity_financing_2y=D(0),
        has_award_top_rank_3y=False,
        is_maker_china_top500_3y=False,
    )
    return facts(**{**base, **overrides})


def test_srdi_c6_worked_example_scores_73_and_passes() -> None:
    result = evaluate_srdi_sme(c6_facts())
    groups = {
        g: sum(i.points for i in result.items if i.group == g and i.max_points)
        for g in ("specialisation", "refinement", "characteristic", "innovation")
    }
    assert groups == {"specialisation": 19, "refinement": 19, "characteristic": 10, "innovation": 25}
    assert result.score == 73 and result.item("score.total").status is MET
    assert result.passed is True


def test_srdi_c4_conditions_at_edges_met() -> None:
    result = evaluate_srdi_sme(c6_facts(niche_years=D(2), rd_expense_prev=D(100), operating_revenue_prev=D(3333)))
    codes = ("condition.niche_years", "condition.rd_expense", "condition.rd_ratio", "condition.revenue_or_financing")
    assert [result.item(c).status for c in codes] == [MET] * 4


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"niche_years": D("1.99")}, "condition.niche_years"),
        ({"rd_expense_prev": D("99.99"), "operating_revenue_prev": D(3000)}, "condition.rd_expense"),
        ({"rd_expense_prev": D(100), "operating_revenue_prev": D(3334)}, "condition.rd_ratio"),
    ],
)
def test_srdi_conditions_just_below_edge_fail(overrides: dict[str, D], code: str) -> None:
    result = evaluate_srdi_sme(c6_facts(**overrides))
    assert result.item(code).status is UNMET and result.passed is False


def test_srdi_rd_ratio_reason_states_money_gap() -> None:
    item = evaluate_srdi_sme(c6_facts(rd_expense_prev=D(240), operating_revenue_prev=D(10000))).item(
        "condition.rd_ratio"
    )
    assert item.reason_zh == "研发费用占营业收入比重 2.40%，需 ≥ 3%：还差 0.60 个百分点，约还需增加研发费用 60.00 万元"


@pytest.mark.parametrize(
    ("revenue", "equity", "status"),
    [
        (D(800), D(2500), MET),
        (D(1000), D(0), MET),
        (D("999.99"), D("1999.99"), UNMET),
        (D(800), D(2000), MET),
        (D(800), None, UNKNOWN),
        (None, D(2000), MET),
    ],
)
def test_srdi_c5_revenue_or_financing(revenue: D | None, equity: D | None, status: CriterionStatus) -> None:
    item = evaluate_srdi_sme(c6_facts(operating_revenue_prev=revenue, equity_financing_2y=equity)).item(
        "condition.revenue_or_financing"
    )
    assert item.status is status


@pytest.mark.parametrize(("count", "points"), [(0, 0), (1, 3), (2, 5), (4, 5)])
def test_srdi_c7_quality_items_score(count: int, points: int) -> None:
    assert quality_item(count).points == points


@pytest.mark.parametrize(
    ("years", "points"), [(D("1.99"), 0), (D(2), 1), (D("3.99"), 1), (D(4), 2), (D(10), 5), (D(14), 5)]
)
def test_srdi_niche_years_full_two_year_steps_score(years: D, points: int) -> None:
    assert evaluate_srdi_sme(c6_facts(niche_years=years)).item("score.niche_years").points == points


@pytest.mark.parametrize(
    ("code", "overrides", "points"),
    [
        ("score.main_business_share", {"main_business_revenue_prev": D(4800)}, 5),
        ("score.main_business_share", {"main_business_revenue_prev": D("4799.99")}, 3),
        ("score.main_business_share", {"main_business_revenue_prev": D(4200)}, 3),
        ("score.main_business_share", {"main_business_revenue_prev": D("4199.99")}, 1),
        ("score.main_business_share", {"main_business_revenue_prev": D(3600)}, 1),
        ("score.main_business_share", {"main_business_revenue_prev": D("3599.99")}, 0),
        ("score.net_margin", {"net_profit_prev": D(600)}, 10),
        ("score.net_margin", {"net_profit_prev": D("599.99")}, 8),
        ("score.net_margin", {"net_profit_prev": D(480)}, 8),
        ("score.net_margin", {"net_profit_prev": D(360)}, 6),
        ("score.net_margin", {"net_profit_prev": D("359.99")}, 4),
        ("score.net_margin", {"net_profit_prev": D(240)}, 4),
        ("score.net_margin", {"net_profit_prev": D(120)}, 2),
        ("score.net_margin", {"net_profit_prev": D("119.99")}, 0),
        ("score.net_margin", {"net_profit_prev": D(-50)}, 0),
        ("score.debt_ratio", {"total_liabilities": D("499.99")}, 5),
        ("score.debt_ratio", {"total_liabilities": D(500)}, 3),
        ("score.debt_ratio", {"total_liabilities": D(600)}, 1),
        ("score.debt_ratio", {"total_liabilities": D("699.99")}, 1),
        ("score.debt_ratio", {"total_liabilities": D(700)}, 0),
        ("score.rd_staff_share", {"rd_staff": 20}, 5),
        ("score.rd_staff_share", {"rd_staff": 19}, 3),
        ("score.rd_staff_share", {"rd_staff": 10}, 3),
        ("score.rd_staff_share", {"rd_staff": 9}, 1),
        ("score.rd_staff_share", {"rd_staff": 5}, 1),
        ("score.rd_staff_share", {"rd_staff": 4}, 0),
        ("score.digital_level", {"digital_level": 4}, 5),
        ("score.digital_level", {"digital_level": 3}, 5),
        ("score.digital_level", {"digital_level": 1}, 0),
        ("score.rd_institution", {"rd_institution_level": RdInstitutionLevel.NATIONAL}, 10),
        ("score.rd_institution", {"rd_institution_level": RdInstitutionLevel.CITY}, 4),
        ("score.rd_institution", {"rd_institution_level": RdInstitutionLevel.BELOW_CITY}, 2),
        ("score.field", {"main_product_field": MainProductField.KEY_CHAIN}, 5),
        ("score.field", {"main_product_field": MainProductField.OTHER}, 0),
    ],
)
def test_srdi_score_band_edges(code: str, overrides: dict[str, object], points: int) -> None:
    assert evaluate_srdi_sme(c6_facts(**overrides)).item(code).points == points


@pytest.mark.parametrize(
    ("rd", "revenue", "points"),
    [
        (D(500), D(100000), 10),
        (D("499.99"), D(100000), 8),
        (D(400), D(100000), 8),
        (D(300), D(100000), 6),
        (D(200), D(100000), 4),
        (D(100), D(100000), 2),
        (D("99.99"), D(100000), 0),
        (D(50), D(500), 10),
        (D(50), D("500.01"), 8),
        (D(40), D(500), 8),
        (D(30), D(500), 6),
        (D(20), D(500), 4),
        (D(15), D(500), 2),
        (D("14.99"), D(500), 0),
        (D(450), D(6000), 8),
    ],
)
def test_srdi_rd_input_takes_better_of_amount_and_ratio(rd: D, revenue: D, points: int) -> None:
    result = evaluate_srdi_sme(c6_facts(rd_expense_prev=rd, operating_revenue_prev=revenue))
    assert result.item("score.rd_input").points == points


def test_srdi_rd_input_unknown_revenue_keeps_top_amount_band() -> None:
    result = evaluate_srdi_sme(c6_facts(rd_expense_prev=D(500), operating_revenue_prev=None))
    assert result.item("score.rd_input").points == 10
    assert evaluate_srdi_sme(c6_facts(operating_revenue_prev=None)).item("score.rd_input").status is UNKNOWN


@pytest.mark.parametrize(
    ("prev", "points"),
    [
        (D("5140.8"), 10),
        (D("5140.79"), 8),
        (D("4957.2"), 8),
        (D("4957.19"), 6),
        (D("4773.6"), 6),
        (D("4773.59"), 4),
        (D(4590), 4),
        (D("4589.99"), 2),
        (D("4222.8"), 2),
        (D("4222.79"), 0),
    ],
)
def test_srdi_average_growth_arithmetic_band_edges(prev: D, points: int) -> None:
    # prev2 = 4590 (8% over 4250); average = (g_prev + 8%) / 2.
    assert evaluate_srdi_sme(c6_facts(main_business_revenue_prev=prev)).item("score.average_growth").points == points


def test_srdi_average_growth_cagr_setting_changes_reading() -> None:
    options = dataclasses.replace(DEFAULT, average_growth_method=GrowthMethod.CAGR)
    item = evaluate_srdi_sme(
        c6_facts(main_business_revenue_prev=D("5142.5"), main_business_revenue_prev3=D(4250)), options=options
    ).item("score.average_growth")
    assert item.points == 10 and item.value == D(10)


def test_srdi_characteristic_unknown_for_hunan_without_provincial_points() -> None:
    result = evaluate_srdi_sme(c6_facts(provincial_characteristic_points=None))
    assert result.item("score.characteristic").status is UNKNOWN
    assert result.score == 63 and result.max_possible_score == 78 and result.passed is True


def test_srdi_score_below_60_passes_via_direct_average_rd() -> None:
    weak = c6_facts(provincial_characteristic_points=D(0), rd_institution_level=RdInstitutionLevel.NONE)
    assert evaluate_srdi_sme(weak).passed is False
    rich = dataclasses.replace(weak, rd_expense_prev=D(1000), rd_expense_prev2=D(1000), operating_revenue_prev=D(6000))
    assert evaluate_srdi_sme(rich).item("direct.average_rd").status is MET


@pytest.mark.parametrize(("equity", "status"), [(D(6000), MET), (D("5999.99"), UNMET)])
def test_srdi_direct_equity_6000_edge(equity: D, status: CriterionStatus) -> None:
    assert evaluate_srdi_sme(c6_facts(equity_financing_2y=equity)).item("direct.equity_financing").status is status


def test_srdi_province_requiring_innovative_title_checks_it() -> None:
    options = dataclasses.replace(DEFAULT, srdi_requires_innovative_title=True)
    assert evaluate_srdi_sme(c6_facts(has_innovative_title=False), options=options).passed is False
    assert evaluate_srdi_sme(c6_facts(has_innovative_title=True), options=options).passed is True


# ---------------------------------------------------------------- 小巨人 63号 (§2.3)


def giant_facts(**overrides: object) -> EnterpriseFacts:
    base = dict(
        has_srdi_title=True,
        niche_years=D(3),
        operating_revenue_prev=D(12000),
        operating_revenue_prev2=D(10000),
        main_business_revenue_prev=D(8800),
        main_business_revenue_prev2=D(8000),
        main_business_revenue_prev3=D(8000),
        has_information_system=True,
        has_foreign_certification=True,
        total_assets=D(1000),
        total_liabilities=D(700),
        niche_market_share_pct=D(10),
        has_own_brand=True,
        rd_expense_prev=D(372),
        rd_expense_prev2=D(300),
        has_rd_institution=True,
        ip_class1_in_use=2,
        has_national_award_top3_3y=False,
        is_maker_china_top50_3y=False,
        has_key_chain_role=True,
        is_main_product_in_key_field=True,
    )
    return facts(**{**base, **overrides})


def test_little_giant_c9_large_firm_ratios_3_1_and_3_0_pass() -> None:
    result = evaluate_little_giant(giant_facts())
    assert result.item("innovation.rd_intensity").status is MET
    assert result.passed is True


def test_little_giant_c8_mid_firm_5_8_percent_fails() -> None:
    result = evaluate_little_giant(
        giant_facts(
            operating_revenue_prev=D(8000),
            rd_expense_prev=D(520),
            operating_revenue_prev2=D(7000),
            rd_expense_prev2=D(406),
        )
    )
    item = result.item("innovation.rd_intensity")
    assert item.status is UNMET and "5.80%" in item.reason_zh and "约还需增加研发费用 14.00 万元" in item.reason_zh
    assert result.passed is False


@pytest.mark.parametrize(("liabilities", "status"), [(D(700), MET), (D(701), UNMET)])
def test_little_giant_c10_debt_ratio_70_inclusive(liabilities: D, status: CriterionStatus) -> None:
    assert (
        evaluate_little_giant(giant_facts(total_liabilities=liabilities)).item("refinement.debt_ratio").status is status
    )


@pytest.mark.parametrize(
    ("revenue", "rd_prev", "status"),
    [(D(10000), D(300), MET), (D("9999.99"), D(300), UNMET), (D(5000), D(300), MET), (D(5000), D("299.99"), UNMET)],
)
def test_little_giant_revenue_band_edges_pick_rd_threshold(revenue: D, rd_prev: D, status: CriterionStatus) -> None:
    result = evaluate_little_giant(
        giant_facts(
            operating_revenue_prev=revenue,
            rd_expense_prev=rd_prev,
            operating_revenue_prev2=D(5000),
            rd_expense_prev2=D(300),
        )
    )
    assert result.item("innovation.rd_intensity").status is status


@pytest.mark.parametrize(
    ("equity", "rd_prev2", "rd_staff", "status"),
    [
        (D(8000), D(1500), 50, MET),
        (D("7999.99"), D(1500), 50, UNMET),
        (D(8000), D("1499.99"), 50, UNMET),
        (D(8000), D(1500), 49, UNMET),
    ],
)
def test_little_giant_small_firm_band_edges(equity: D, rd_prev2: D, rd_staff: int, status: CriterionStatus) -> None:
    result = evaluate_little_giant(
        giant_facts(
            operating_revenue_prev=D("4999.99"),
            equity_financing_2y=equity,
            rd_expense_prev=D(1500),
            rd_expense_prev2=rd_prev2,
            rd_staff=rd_staff,
            employees=100,
        )
    )
    assert result.item("innovation.rd_intensity").status is status


@pytest.mark.parametrize(
    ("code", "overrides"),
    [
        ("specialisation.niche_years", {"niche_years": D("2.99")}),
        (
            "specialisation.main_business_share",
            {"main_business_revenue_prev": D("8399.99"), "operating_revenue_prev": D(12000)},
        ),
        ("specialisation.average_growth", {"main_business_revenue_prev": D("8799.99")}),
        ("characteristic.market_share", {"niche_market_share_pct": D("9.99")}),
        ("innovation.ip_class1_in_use", {"ip_class1_in_use": 1}),
    ],
)
def test_little_giant_just_below_edges_fail(code: str, overrides: dict[str, object]) -> None:
    result = evaluate_little_giant(giant_facts(**overrides))
    assert result.item(code).status is UNMET and result.passed is False


def test_little_giant_direct_condition_rescues_failed_general_conditions() -> None:
    weak = giant_facts(ip_class1_in_use=0)
    assert evaluate_little_giant(weak).passed is False
    assert evaluate_little_giant(dataclasses.replace(weak, has_national_award_top3_3y=True)).passed is True


# ---------------------------------------------------------------- 2026 rule sets (§2.7, UNCONFIRMED)


def test_srdi_rule_set_switches_on_2026_04_01() -> None:
    assert evaluate_srdi_sme(c6_facts(as_of=date(2026, 3, 31))).rule_set == "miit-2022-63"
    assert evaluate_srdi_sme(c6_facts(as_of=date(2026, 4, 1))).rule_set == "miit-2026-2"
    assert evaluate_innovative_sme(c1_facts(as_of=date(2026, 4, 1))).rule_set == "miit-2022-63"


def test_srdi_before_63_hao_applied_retroactively() -> None:
    result = evaluate_srdi_sme(c6_facts(as_of=date(2022, 7, 31)))
    assert result.rule_set == "miit-2022-63" and result.retroactive is True
    assert "追溯适用（待确认）" in result.notes[0]


def test_srdi_preview_2026_rules_for_a_2024_firm() -> None:
    newer = available_rule_sets("srdi_sme")[-1]
    result = evaluate_srdi_sme(c6_facts(has_innovative_title=True, development_score=D(50)), rule_set=newer)
    assert result.rule_set == "miit-2026-2" and any("待确认" in n for n in result.notes)
    assert result.item("condition.main_business_share").status is MET  # 84.15% ≥ 80%
    assert result.passed is True
    assert (
        evaluate_srdi_sme(c6_facts(has_innovative_title=True, development_score=D("49.9")), rule_set=newer).passed
        is False
    )


def test_little_giant_rule_set_of_other_rule_is_rejected() -> None:
    with pytest.raises(ValueError):
        evaluate_little_giant(giant_facts(), rule_set=available_rule_sets("srdi_sme")[0])


def giant_2026(**overrides: object) -> EnterpriseFacts:
    base = dict(
        as_of=date(2026, 6, 1),
        operating_revenue_prev=D(5000),
        operating_revenue_prev3=D("4535.14"),
        main_business_revenue_prev=D(4500),
        rd_expense_prev=D(600),
        rd_expense_prev2=D(600),
        operating_revenue_prev2=D(4800),
        total_liabilities=D(750),
        ip_class1=4,
        development_score=D(60),
        is_re_review=False,
    )
    return giant_facts(**{**base, **overrides})


def test_little_giant_2026_edges_pass() -> None:
    result = evaluate_little_giant(giant_2026())
    assert result.rule_set == "miit-2026-2"
    assert result.passed is True, [i.reason_zh for i in result.items if i.status is not MET]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"operating_revenue_prev": D("4999.99")}, "condition.revenue"),
        ({"operating_revenue_prev3": D("4535.15")}, "condition.revenue_cagr"),
        ({"main_business_revenue_prev": D("4499.99")}, "condition.main_business_share"),
        ({"total_liabilities": D("750.01")}, "condition.debt_ratio"),
        ({"rd_expense_prev2": D("599.99")}, "condition.rd_expense_two_years"),
        ({"ip_class1": 3}, "condition.ip_class1"),
        ({"niche_market_share_pct": D("9.99"), "is_top3_in_china": False}, "condition.market"),
        ({"development_score": D("59.99")}, "condition.development_score"),
    ],
)
def test_little_giant_2026_just_below_edges_fail(overrides: dict[str, object], code: str) -> None:
    result = evaluate_little_giant(giant_2026(**overrides))
    assert result.item(code).status is UNMET and result.passed is False


def test_little_giant_2026_re_review_skips_growth() -> None:
    result = evaluate_little_giant(giant_2026(operating_revenue_prev3=D(6000), is_re_review=True))
    assert result.item("condition.revenue_cagr").status is MET


# ---------------------------------------------------------------- properties

_amount = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
_positive = st.decimals(min_value=D("0.01"), max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@given(rd=_amount, revenue=_positive, main=_amount, main2=_amount, liabilities=_amount, assets=_positive)
@settings(max_examples=200, deadline=None)
def test_innovative_score_never_exceeds_100(rd: D, revenue: D, main: D, main2: D, liabilities: D, assets: D) -> None:
    result = evaluate_innovative_sme(
        c1_facts(
            rd_expense_prev=rd,
            operating_revenue_prev=revenue,
            main_business_revenue_prev=main,
            main_business_revenue_prev2=main2,
            total_liabilities=liabilities,
            total_assets=assets,
        )
    )
    assert 0 <= result.score <= result.max_possible_score <= 100
    assert all(i.points <= i.max_points for i in result.items if i.max_points is not None and i.points is not None)


@given(rd=_amount, extra=_amount, revenue=_positive)
@settings(max_examples=200, deadline=None)
def test_innovative_raising_rd_never_lowers_rd_points(rd: D, extra: D, revenue: D) -> None:
    low = evaluate_innovative_sme(c1_facts(rd_expense_prev=rd, operating_revenue_prev=revenue))
    high = evaluate_innovative_sme(c1_facts(rd_expense_prev=rd + extra, operating_revenue_prev=revenue))
    assert high.item("score.rd_ratio").points >= low.item("score.rd_ratio").points


@given(rd=_amount, extra=_amount, revenue=_positive)
@settings(max_examples=200, deadline=None)
def test_srdi_raising_rd_never_lowers_rd_input_points(rd: D, extra: D, revenue: D) -> None:
    low = evaluate_srdi_sme(c6_facts(rd_expense_prev=rd, operating_revenue_prev=revenue))
    high = evaluate_srdi_sme(c6_facts(rd_expense_prev=rd + extra, operating_revenue_prev=revenue))
    assert high.item("score.rd_input").points >= low.item("score.rd_input").points
    assert 0 <= high.score <= 100


_C1_FIELDS = [f.name for f in dataclasses.fields(EnterpriseFacts) if f.name != "as_of"]


@given(hidden=st.sets(st.sampled_from(_C1_FIELDS)))
@settings(max_examples=150, deadline=None)
def test_tiers_unknown_facts_never_turn_a_pass_into_fail(hidden: set[str]) -> None:
    blanks = dict.fromkeys(hidden)
    cases = (
        (evaluate_innovative_sme, c1_facts()),
        (evaluate_srdi_sme, c6_facts()),
        (evaluate_little_giant, giant_facts()),
        (evaluate_little_giant, giant_2026()),
    )
    for evaluate, full in cases:
        assert evaluate(full).passed is True
        assert evaluate(dataclasses.replace(full, **blanks)).passed in (True, None)
