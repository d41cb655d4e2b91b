"""HNTE (policy-rules §3, cases H1–H6), band edges, growth zero rules and property tests."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.facts import HnteFacts
from breakzero.rules.hnte import evaluate_hnte, rd_ratio_threshold, tax_effect
from breakzero.rules.hnte_scoring import growth_rate
from breakzero.rules.results import CriterionStatus
from breakzero.rules.rulesets import rule_set_for
from breakzero.rules.unconfirmed import DEFAULT

MET, UNMET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNMET, CriterionStatus.UNKNOWN
APPLIED = date(2024, 6, 1)
RULES = rule_set_for("hnte", APPLIED)


def hnte(**overrides: object) -> HnteFacts:
    """A firm meeting every condition with an innovation score of 80."""
    base = dict(
        registration_date=date(2020, 1, 1),
        has_core_ip=True,
        is_in_supported_field=True,
        st_staff=10,
        total_staff=100,
        rd_expense_by_year=(D(500), D(600), D(700)),
        rd_expense_domestic=D(1800),
        sales_by_year=(D(10000), D(12000), D(15000)),
        high_tech_revenue=D(9000),
        total_revenue=D(15000),
        had_major_incident_1y=False,
        net_assets_by_year=(D(1000), D(1300), D(1690)),
        ip_class1=1,
        ip_class2=0,
        has_self_developed_ip=True,
        conversions_per_year=D(4),
        ip_advancement_points=7,
        ip_core_support_points=7,
        ip_acquisition_points=5,
        ip_standard_points=0,
        rd_system_points=5,
        rd_institution_points=5,
        rd_incentive_points=3,
        rd_talent_points=3,
        sales_growth_points=None,
        taxable_income=D(1000),
    )
    return HnteFacts(as_of=APPLIED, **{**base, **overrides})  # type: ignore[arg-type]


def test_hnte_full_firm_passes_with_score_and_rule_set() -> None:
    result = evaluate_hnte(hnte())
    # IP 7+7+8+5 = 27; conversion 24; management 16; growth 8 + 6 (sales 22.5%) = 14 → 81.
    assert result.score == 81 and result.passed is True and result.rule_set == "most-2016-32"


@pytest.mark.parametrize(
    ("sales", "percent"),
    [(D(5000), D(5)), (D("5000.01"), D(4)), (D(20000), D(4)), (D("20000.01"), D(3)), (D(100), D(5))],
)
def test_hnte_h1_rd_threshold_by_latest_sales_edges(sales: D, percent: D) -> None:
    assert rd_ratio_threshold(sales, RULES) == percent


def test_hnte_h1_sales_5000_needs_5_percent() -> None:
    firm = hnte(sales_by_year=(D(5000),), rd_expense_by_year=(D(250),), rd_expense_domestic=D(250))
    assert evaluate_hnte(firm).item("condition.rd_ratio").status is MET
    below = hnte(sales_by_year=(D(5000),), rd_expense_by_year=(D("249.99"),), rd_expense_domestic=D(200))
    item = evaluate_hnte(below).item("condition.rd_ratio")
    assert item.status is UNMET and "≥ 5%" in item.reason_zh


def test_hnte_h2_domestic_share_55_fails_condition_5() -> None:
    firm = hnte(
        sales_by_year=(D(12000), D(14000), D(15000)),
        rd_expense_by_year=(D(504), D(588), D(630)),
        rd_expense_domestic=D("947.1"),
    )
    result = evaluate_hnte(firm)
    assert result.item("condition.rd_ratio").status is MET  # 4.2% ≥ 4%
    assert result.item("condition.rd_domestic_share").status is UNMET
    assert result.passed is False


@pytest.mark.parametrize(("domestic", "status"), [(D(1080), MET), (D("1079.99"), UNMET)])
def test_hnte_domestic_share_60_edge(domestic: D, status: CriterionStatus) -> None:
    assert evaluate_hnte(hnte(rd_expense_domestic=domestic)).item("condition.rd_domestic_share").status is status


def test_hnte_rd_ratio_is_ratio_of_sums_not_mean_of_ratios() -> None:
    # Ratios 10%, 0.22%, 0.22% average 3.5%; the ratio of sums is 120 / 10000 = 1.2%.
    firm = hnte(
        sales_by_year=(D(1000), D(4500), D(4500)), rd_expense_by_year=(D(100), D(10), D(10)), rd_expense_domestic=D(120)
    )
    item = evaluate_hnte(firm).item("condition.rd_ratio")
    assert item.value == D("1.2") and item.status is UNMET


def test_hnte_h3_net_asset_growth_30_percent_scores_band_max_and_says_range() -> None:
    item = evaluate_hnte(hnte()).item("innovation.net_asset_growth")
    assert item.value == D(30) and item.points == 8
    assert "7–8 分" in item.reason_zh and "上限" in item.reason_zh


def test_hnte_h3_expert_points_inside_band_are_used() -> None:
    assert evaluate_hnte(hnte(net_asset_growth_points=7)).item("innovation.net_asset_growth").points == 7
    with pytest.raises(ValueError):
        evaluate_hnte(hnte(net_asset_growth_points=9))


@pytest.mark.parametrize(("total", "passed"), [(70, False), (71, True)])
def test_hnte_h4_innovation_70_fails_71_passes(total: int, passed: bool) -> None:
    # 65 without R&D management (81 − 16); management 5 → 70, 6 → 71.
    firm = hnte(rd_system_points=5, rd_institution_points=0, rd_incentive_points=0, rd_talent_points=total - 70)
    result = evaluate_hnte(firm)
    assert result.score == total and result.item("condition.innovation").status is (MET if passed else UNMET)
    assert result.passed is passed


def test_hnte_h5_tax_1000_is_150_against_250() -> None:
    effect = tax_effect(D(1000))
    assert (effect.hnte_tax, effect.standard_tax, effect.saving) == (D(150), D(250), D(100))
    assert evaluate_hnte(hnte()).tax_effect == effect


def test_hnte_tax_on_a_loss_is_zero() -> None:
    assert tax_effect(D(-50)).saving == 0


@pytest.mark.parametrize(("staff", "status"), [(9, UNMET), (10, MET)])
def test_hnte_h6_st_staff_share_10_percent_edge(staff: int, status: CriterionStatus) -> None:
    result = evaluate_hnte(hnte(st_staff=staff))
    assert result.item("condition.st_staff_share").status is status
    assert result.passed is (status is MET)


@pytest.mark.parametrize(("days", "status"), [(365, MET), (364, UNMET)])
def test_hnte_registration_365_days_edge(days: int, status: CriterionStatus) -> None:
    firm = hnte(registration_date=APPLIED - timedelta(days=days))
    assert evaluate_hnte(firm).item("condition.registration").status is status


def test_hnte_registration_days_follow_setting() -> None:
    firm = hnte(registration_date=APPLIED - timedelta(days=364))
    options = dataclasses.replace(DEFAULT, hnte_registration_days=360)
    assert evaluate_hnte(firm, options=options).item("condition.registration").status is MET


@pytest.mark.parametrize(("high_tech", "status"), [(D(9000), MET), (D("8999.99"), UNMET)])
def test_hnte_high_tech_revenue_60_edge(high_tech: D, status: CriterionStatus) -> None:
    assert evaluate_hnte(hnte(high_tech_revenue=high_tech)).item("condition.high_tech_revenue_share").status is status


def test_hnte_incident_fails() -> None:
    assert evaluate_hnte(hnte(had_major_incident_1y=True)).passed is False


@pytest.mark.parametrize(
    ("latest", "points"),
    [
        (D(1820), 10),
        (D("1819.99"), 8),
        (D(1560), 8),
        (D("1559.99"), 6),
        (D(1300), 6),
        (D("1299.99"), 4),
        (D(1040), 4),
        (D("1039.99"), 2),
        (D("910.01"), 2),
        (D(910), 0),
        (D(800), 0),
    ],
)
def test_hnte_growth_band_edges(latest: D, points: int) -> None:
    # NA 1000 → 1300 → L: growth = ½(1.3 + L/1300) − 1 ≥ g  ⇔  L ≥ 1300 × (0.7 + 2g).
    item = evaluate_hnte(hnte(net_assets_by_year=(D(1000), D(1300), latest))).item("innovation.net_asset_growth")
    assert item.points == points


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((D(0), D(1000), D(1300)), D(30)),
        ((D(1000), D(0), D(1300)), None),
        ((D(1000), D(1200)), D(20)),
        ((D(0), D(1200)), None),
        ((D(1000),), None),
        ((D(1), D(1000), D(1300), D(1690)), D(30)),
    ],
)
def test_hnte_growth_zero_and_short_history_rules(values: tuple[D, ...], expected: D | None) -> None:
    assert growth_rate(values)[0] == expected


def test_hnte_growth_year2_zero_scores_zero() -> None:
    item = evaluate_hnte(hnte(net_assets_by_year=(D(1000), D(0), D(1300)))).item("innovation.net_asset_growth")
    assert item.points == 0 and "第二年" in item.reason_zh


@pytest.mark.parametrize(
    ("conversions", "points"),
    [(D(5), 30), (D("4.99"), 24), (D(4), 24), (D(3), 18), (D(2), 12), (D(1), 6), (D("0.99"), 0), (D(0), 0)],
)
def test_hnte_conversion_band_edges(conversions: D, points: int) -> None:
    assert evaluate_hnte(hnte(conversions_per_year=conversions)).item("innovation.conversion").points == points


@pytest.mark.parametrize(
    ("class1", "class2", "points"),
    [(1, 0, 8), (0, 5, 6), (0, 4, 4), (0, 3, 4), (0, 2, 2), (0, 1, 2), (0, 0, 0)],
)
def test_hnte_ip_quantity_bands(class1: int, class2: int, points: int) -> None:
    assert evaluate_hnte(hnte(ip_class1=class1, ip_class2=class2)).item("innovation.ip_quantity").points == points


def test_hnte_ip_total_capped_at_30() -> None:
    result = evaluate_hnte(
        hnte(ip_advancement_points=8, ip_core_support_points=8, ip_acquisition_points=6, ip_standard_points=2)
    )
    assert result.item("innovation.ip_total").points == 30 and result.item("innovation.ip_total").value == 32


def test_hnte_acquisition_only_by_transfer_capped_at_3() -> None:
    with pytest.raises(ValueError):
        evaluate_hnte(hnte(has_self_developed_ip=False, ip_acquisition_points=4))
    assert evaluate_hnte(hnte(has_self_developed_ip=False, ip_acquisition_points=3)).passed is True


def test_hnte_unscored_expert_item_leaves_verdict_open_when_it_matters() -> None:
    result = evaluate_hnte(hnte(rd_system_points=None, rd_institution_points=0, rd_incentive_points=0))
    assert result.passed is None and result.item("condition.innovation").status is UNKNOWN
    assert result.max_possible_score == result.score + 6


def test_hnte_unknown_ip_bonus_respects_cap_in_bounds() -> None:
    result = evaluate_hnte(
        hnte(ip_advancement_points=8, ip_core_support_points=8, ip_acquisition_points=6, ip_standard_points=None)
    )
    assert result.item("innovation.ip_total").status is UNKNOWN
    assert (result.score, result.max_possible_score) == (84, 84) and result.passed is True


# ---------------------------------------------------------------- properties

_HNTE_FIELDS = [f.name for f in dataclasses.fields(HnteFacts) if f.name != "as_of"]


@given(hidden=st.sets(st.sampled_from(_HNTE_FIELDS)))
@settings(max_examples=150, deadline=None)
def test_hnte_unknown_facts_never_turn_a_pass_into_fail(hidden: set[str]) -> None:
    full = hnte()
    assert evaluate_hnte(full).passed is True
    assert evaluate_hnte(dataclasses.replace(full, **dict.fromkeys(hidden))).passed in (True, None)


_points = st.integers(min_value=0, max_value=8)


@given(
    a=_points,
    b=_points,
    c=st.integers(0, 6),
    d=st.integers(0, 2),
    conv=st.integers(0, 10),
    growth=st.decimals(min_value=1, max_value=100000, places=2),
)
@settings(max_examples=200, deadline=None)
def test_hnte_score_never_exceeds_100(a: int, b: int, c: int, d: int, conv: int, growth: D) -> None:
    result = evaluate_hnte(
        hnte(
            ip_advancement_points=a,
            ip_core_support_points=b,
            ip_acquisition_points=c,
            ip_standard_points=d,
            conversions_per_year=D(conv),
            rd_system_points=6,
            rd_institution_points=6,
            rd_incentive_points=4,
            rd_talent_points=4,
            net_assets_by_year=(D(1), D(1), growth),
            sales_by_year=(D(1), D(1), growth),
        )
    )
    assert 0 <= result.score <= 100
