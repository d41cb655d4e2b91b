"""Tests for breakzero.rules.report_checks: rules stored as data, hard and soft."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from breakzero.rules.report_checks import HARD, SOFT, CheckRule, check, check_many, describe, hard, soft

D = Decimal
RD_LE_COST = CheckRule("rd_le_cost", HARD, "rd_expense", "le", "研发费用不能超过成本费用总额", other_field="total_cost")
REVENUE_REQUIRED = CheckRule("revenue_required", HARD, "operating_revenue", "required", "营业收入必填")
STAFF_RATIO = CheckRule("staff_ratio", HARD, "rd_staff", "between", "研发人员占比应在 0–100%", per_field="employees",
                        constant=D(0), constant2=D(100))
INTENSITY = CheckRule("intensity", SOFT, "rd_expense", "le", "研发投入强度超过 30%，请说明", per_field="operating_revenue",
                      constant=D(30))
JUMP = CheckRule("jump", SOFT, "operating_revenue", "change_within", "营业收入较上期变动超过 3 倍，请说明", constant=D(3))
BAND = CheckRule("band", SOFT, "operating_revenue", "percentile_within", "营业收入超出本地区同行业 1%–99% 分位")
ALL = [RD_LE_COST, REVENUE_REQUIRED, STAFF_RATIO, INTENSITY, JUMP, BAND]


def test_check_clean_report_finds_nothing():
    values = {"operating_revenue": D(1000), "rd_expense": D(50), "total_cost": D(800), "rd_staff": 5, "employees": 50}
    assert check(ALL, values, previous={"operating_revenue": D(900)}, bands={"operating_revenue": (10, 5000)}) == []


def test_check_rd_above_cost_is_hard():
    found = check(ALL, {"operating_revenue": D(100), "rd_expense": D(20), "total_cost": D(10)})
    assert [f.code for f in hard(found)] == ["rd_le_cost"]
    assert found[0].message_zh == "研发费用不能超过成本费用总额"


def test_check_missing_required_is_hard_and_other_missing_terms_skip():
    found = check(ALL, {"operating_revenue": "  ", "rd_expense": D(5)})
    assert [f.code for f in found] == ["revenue_required"]


def test_check_staff_ratio_over_100_percent_is_hard():
    found = check([STAFF_RATIO], {"rd_staff": 60, "employees": 50})
    assert found[0].value == D(120)


def test_check_intensity_above_30_percent_is_soft_not_hard():
    found = check(ALL, {"operating_revenue": D(100), "rd_expense": D(31), "total_cost": D(90)})
    assert [f.code for f in soft(found)] == ["intensity"] and hard(found) == []


@pytest.mark.parametrize(("now", "before", "flagged"), [(3000, 1000, False), (3001, 1000, True), (334, 1000, False), (333, 1000, True),
                                                        (300, 1000, True), (5000, None, False), (5000, 0, False)])
def test_check_change_against_last_period(now, before, flagged):
    previous = {"operating_revenue": before} if before is not None else None
    assert bool(check([JUMP], {"operating_revenue": now}, previous=previous)) is flagged


def test_check_outside_percentile_band_is_soft():
    assert check([BAND], {"operating_revenue": 6000}, bands={"operating_revenue": (10, 5000)})[0].kind == SOFT
    assert check([BAND], {"operating_revenue": 6000}) == []  # no band known for the region → no flag


def test_check_outside_band_names_the_comparison_group_in_the_question():
    found = check([BAND], {"operating_revenue": 6000}, bands={"operating_revenue": (10, 5000, "比较组：长沙市制造业")})
    assert found[0].message_zh == "营业收入超出本地区同行业 1%–99% 分位（比较组：长沙市制造业）"
    assert check([BAND], {"operating_revenue": 4000}, bands={"operating_revenue": (10, 5000, "比较组")}) == []


def test_describe_with_labels_reads_in_chinese():
    labels = {"rd_expense": "研发费用", "total_cost": "成本费用总额", "operating_revenue": "营业收入"}
    assert describe(RD_LE_COST, labels) == "研发费用 ≤ 成本费用总额"
    assert describe(INTENSITY, labels) == "研发费用 / 营业收入 % ≤ 30"


def test_check_field_against_other_field_missing_other_skips():
    assert check([RD_LE_COST], {"rd_expense": 10}) == []


def test_rule_bad_operator_or_factor_is_refused():
    with pytest.raises(ValueError, match="未知的运算符"):
        CheckRule("x", HARD, "a", "eval", "m")
    with pytest.raises(ValueError, match="倍数"):
        CheckRule("x", SOFT, "a", "change_within", "m", constant=D(1))
    with pytest.raises(ValueError, match="另一个字段或常数"):
        CheckRule("x", HARD, "a", "le", "m")


def test_describe_reads_as_a_formula():
    assert describe(RD_LE_COST) == "rd_expense ≤ total_cost"
    assert describe(INTENSITY) == "rd_expense / operating_revenue % ≤ 30"
    assert describe(STAFF_RATIO) == "0 ≤ rd_staff / employees % ≤ 100"


def test_check_many_keeps_only_rows_with_findings():
    rows = [{"key": 1, "operating_revenue": 100, "rd_expense": 50, "total_cost": 40},
            {"key": 2, "operating_revenue": 100, "rd_expense": 5, "total_cost": 40}]
    result = check_many(ALL, rows, previous={2: {"operating_revenue": 1000}})
    assert set(result) == {1, 2}
    assert {f.code for f in result[1]} == {"rd_le_cost", "intensity"} and [f.code for f in result[2]] == ["jump"]


def test_check_many_100000_rows_every_rule_under_budget():
    """Issue target: a 100,000-row upload validated with every rule in < 20 s (loaded, shared machine)."""
    rows = [{"key": i, "operating_revenue": D(1000 + i % 97), "rd_expense": D(i % 50), "total_cost": D(900),
             "rd_staff": i % 7, "employees": 50} for i in range(100_000)]
    previous = {i: {"operating_revenue": D(1000)} for i in range(0, 100_000, 2)}
    bands = {i: {"operating_revenue": (D(10), D(5000))} for i in range(100_000)}
    started = time.perf_counter()
    check_many(ALL, rows, previous=previous, bands=bands)
    assert time.perf_counter() - started < 20
