"""Tier check-ups for the programme years 2018 to July 2022 (programme-rules-2 §2.4–2.5)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal as D

import pytest

from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.results import CriterionStatus
from breakzero.rules.rulesets import Confidence, available_rule_sets, resolve_rule_set, rule_set_for
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme
from breakzero.rules.unconfirmed import DEFAULT

MET, UNMET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNMET, CriterionStatus.UNKNOWN


def batch_facts(as_of: date = date(2021, 6, 30), **overrides: object) -> EnterpriseFacts:
    """A firm meeting every known 2020–2022 batch condition at its edge."""
    base = dict(
        is_sme=True,
        has_srdi_title=True,
        niche_years=D(3),
        operating_revenue_prev=D(6300),  # 5000万–1亿 band: R&D ≥ 6% each year
        operating_revenue_prev2=D(6000),
        main_business_revenue_prev=D(4410),  # 70% of 6300; +5% a year from 4000
        main_business_revenue_prev2=D(4200),
        main_business_revenue_prev3=D(4000),
        total_assets=D(1000),
        total_liabilities=D(700),
        niche_market_share_pct=D(10),
        rd_expense_prev=D(378),
        rd_expense_prev2=D(360),
        has_rd_institution=True,
        ip_class1=2,
        ip_class2=0,
    )
    return EnterpriseFacts(as_of=as_of, **{**base, **overrides})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("on", "rule_id"),
    [
        (date(2018, 11, 26), "miit-2018-381"),
        (date(2019, 12, 31), "miit-2018-381"),
        (date(2020, 1, 1), "miit-2020-batch2"),
        (date(2021, 7, 1), "miit-2021-batch3"),
        (date(2022, 7, 31), "miit-2022-batch4"),
        (date(2022, 8, 1), "miit-2022-63"),
    ],
)
def test_little_giant_batch_in_force_per_year(on: date, rule_id: str) -> None:
    assert rule_set_for("little_giant", on).id == rule_id
    assert evaluate_little_giant(batch_facts(as_of=on)).rule_set == rule_id


def test_little_giant_batch_thresholds_are_per_batch_settings_marked() -> None:
    batches = [s for s in available_rule_sets("little_giant") if s.id.startswith("miit-202") and "batch" in s.id]
    assert [s.id for s in batches] == ["miit-2020-batch2", "miit-2021-batch3", "miit-2022-batch4"]
    for rule_set in batches:
        assert rule_set.confidence_of("avg_growth") is Confidence.UNCONFIRMED
        assert rule_set.confidence_of("main_share") is Confidence.LIKELY
    first = rule_set_for("little_giant", date(2019, 1, 1))
    assert first.threshold("avg_growth") == 10 and first.confidence_of("avg_growth") is Confidence.UNCONFIRMED


def test_little_giant_2021_batch_all_known_conditions_at_edge() -> None:
    result = evaluate_little_giant(batch_facts())
    assert result.retroactive is False
    assert all(i.status is MET for i in result.items), [(i.code, i.reason_zh) for i in result.items if i.status != MET]
    assert result.passed is True
    assert "待确认" in result.item("specialisation.average_growth").name_zh


@pytest.mark.parametrize(
    ("code", "field", "below", "at", "above"),
    [
        ("specialisation.niche_years", "niche_years", D("2.99"), D(3), D("3.01")),
        ("specialisation.main_business_share", "main_business_revenue_prev", D("4409.99"), D(4410), D("4410.01")),
        ("characteristic.market_share", "niche_market_share_pct", D("9.99"), D(10), D("10.01")),
        ("innovation.rd_intensity", "rd_expense_prev", D("377.99"), D(378), D("378.01")),  # 6% of 6300
    ],
)
def test_little_giant_2021_batch_edges(code: str, field: str, below: object, at: object, above: object) -> None:
    for value, expected in ((below, UNMET), (at, MET), (above, MET)):
        assert evaluate_little_giant(batch_facts(**{field: value})).item(code).status is expected, (field, value)


@pytest.mark.parametrize(("liabilities", "expected"), [(D("699.99"), MET), (D(700), MET), (D("700.01"), UNMET)])
def test_little_giant_2021_batch_debt_edge(liabilities: D, expected: CriterionStatus) -> None:
    result = evaluate_little_giant(batch_facts(total_liabilities=liabilities))
    assert result.item("refinement.debt_ratio").status is expected


@pytest.mark.parametrize(
    ("prev", "expected"),
    [(D("4409.99"), UNMET), (D(4410), MET), (D("4410.01"), MET)],  # 5% average growth exactly at 4410
)
def test_little_giant_2021_batch_growth_edge(prev: D, expected: CriterionStatus) -> None:
    facts = batch_facts(main_business_revenue_prev=prev, net_profit_prev=D(100),
                        net_profit_prev2=D(100), net_profit_prev3=D(100))
    assert evaluate_little_giant(facts).item("specialisation.average_growth").status is expected


def test_little_giant_2021_batch_growth_net_profit_alternative() -> None:
    facts = batch_facts(main_business_revenue_prev=D("4409.99"), net_profit_prev=D(121), net_profit_prev2=D(110),
                        net_profit_prev3=D(100))
    assert evaluate_little_giant(facts).item("specialisation.average_growth").status is MET
    unknown_profit = batch_facts(main_business_revenue_prev=D("4409.99"))
    assert evaluate_little_giant(unknown_profit).item("specialisation.average_growth").status is UNKNOWN


@pytest.mark.parametrize(
    ("ip1", "ip2", "expected"), [(1, 4, UNMET), (2, 0, MET), (1, 5, MET), (None, 4, UNKNOWN), (None, 5, MET)]
)
def test_little_giant_2021_batch_ip_either_route(ip1: int | None, ip2: int, expected: CriterionStatus) -> None:
    assert evaluate_little_giant(batch_facts(ip_class1=ip1, ip_class2=ip2)).item("innovation.ip").status is expected


def first_batch_facts(**overrides: object) -> EnterpriseFacts:
    base = dict(
        is_sme=True,
        has_srdi_title=True,
        operating_revenue_prev=D(10000),
        main_business_revenue_prev=D(7260),  # +10% a year from 6000
        main_business_revenue_prev2=D(6600),
        main_business_revenue_prev3=D(6000),
        total_assets=D(1000),
        total_liabilities=D(700),
        niche_years=D(3),
        is_top3_in_province=True,
        rd_staff=15,
        employees=100,
        ip_class1=5,
        ip_class2=0,
    )
    as_of = overrides.pop("as_of", date(2019, 6, 1))
    return EnterpriseFacts(as_of=as_of, **{**base, **overrides})  # type: ignore[arg-type]


def test_little_giant_first_batch_never_passes_while_rd_rule_unknown() -> None:
    result = evaluate_little_giant(first_batch_facts())
    assert result.rule_set == "miit-2018-381"
    known = [i for i in result.items if i.code != "innovation.rd_input"]
    assert all(i.status is MET for i in known), [(i.code, i.reason_zh) for i in known if i.status is not MET]
    assert result.item("innovation.rd_input").status is UNKNOWN and result.passed is None


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [(D("9999.99"), UNMET), (D(10000), MET), (D("10000.01"), MET), (D("39999.99"), MET), (D(40000), MET),
     (D("40000.01"), UNMET)],
)
def test_little_giant_first_batch_revenue_window(revenue: D, expected: CriterionStatus) -> None:
    facts = first_batch_facts(operating_revenue_prev=revenue)
    assert evaluate_little_giant(facts).item("specialisation.revenue").status is expected


@pytest.mark.parametrize(
    ("field", "code", "below", "at", "above"),
    [
        ("rd_staff", "innovation.st_staff", 14, 15, 16),
        ("ip_class1", "innovation.ip", 4, 5, 6),
    ],
)
def test_little_giant_first_batch_edges(field: str, code: str, below: int, at: int, above: int) -> None:
    for value, expected in ((below, UNMET), (at, MET), (above, MET)):
        assert evaluate_little_giant(first_batch_facts(**{field: value})).item(code).status is expected


def test_little_giant_first_batch_growth_ten_percent_edge() -> None:
    # prev3 → prev2 → prev at exactly +10% a year; a cent less misses
    assert evaluate_little_giant(first_batch_facts()).item("specialisation.average_growth").status is MET
    flat_profit = dict(net_profit_prev=D(50), net_profit_prev2=D(50), net_profit_prev3=D(50))
    lower = first_batch_facts(main_business_revenue_prev=D("7259.99"), **flat_profit)
    assert evaluate_little_giant(lower).item("specialisation.average_growth").status is UNMET


def test_little_giant_before_first_batch_retroactive() -> None:
    result = evaluate_little_giant(first_batch_facts(as_of=date(2018, 6, 1)))
    assert result.rule_set == "miit-2018-381" and result.retroactive is True
    assert "追溯适用（待确认）" in result.notes[0]


def test_little_giant_2022_batch_switch_to_63() -> None:
    switched = dataclasses.replace(DEFAULT, little_giant_2022_batch_uses_63=True)
    result = evaluate_little_giant(batch_facts(as_of=date(2022, 3, 1)), options=switched)
    assert result.rule_set == "miit-2022-63" and "待确认" in result.notes[0]
    assert evaluate_little_giant(batch_facts(as_of=date(2022, 3, 1))).rule_set == "miit-2022-batch4"


@pytest.mark.parametrize("on", [date(2020, 1, 1), date(2021, 6, 30), date(2022, 7, 31)])
def test_srdi_programme_years_applied_retroactively(on: date) -> None:
    result = evaluate_srdi_sme(batch_facts(as_of=on))
    assert result.rule_set == "miit-2022-63" and result.retroactive is True
    assert any("湖南" in n for n in result.notes)
    assert evaluate_srdi_sme(batch_facts(as_of=date(2022, 8, 1))).retroactive is False


@pytest.mark.parametrize("on", [date(2020, 1, 1), date(2021, 6, 30), date(2022, 7, 31)])
def test_innovative_not_applicable_before_63(on: date) -> None:
    result = evaluate_innovative_sme(batch_facts(as_of=on))
    assert result.applicable is False and result.passed is False
    assert result.items[0].status is UNMET and "不适用" in result.items[0].reason_zh
    assert evaluate_innovative_sme(batch_facts(as_of=date(2022, 8, 1))).applicable is True


def test_resolve_rule_set_in_force_or_nearest_later() -> None:
    assert resolve_rule_set("srdi_sme", date(2022, 8, 1))[1] is False
    rule_set, retroactive = resolve_rule_set("srdi_sme", date(2021, 1, 1))
    assert rule_set.id == "miit-2022-63" and retroactive is True
    assert resolve_rule_set("hunan_little_giant", date(2020, 5, 1))[0].id == "hnjxw-2017-274"
    assert resolve_rule_set("hunan_little_giant", date(2021, 5, 1))[0].id == "hngxt-2021-27"
