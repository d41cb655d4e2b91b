"""破零/倍增 标杆企业 (programme-rules-2 §2.1): every threshold at, just below and just above its value."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal as D

import pytest

from breakzero.rules.benchmarks import BenchmarkFacts, evaluate_break_zero_benchmark, evaluate_doubling_benchmark
from breakzero.rules.results import CriterionStatus
from breakzero.rules.unconfirmed import DEFAULT

MET, UNMET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNMET, CriterionStatus.UNKNOWN
AS_OF = date(2020, 12, 1)


def break_zero_facts(**overrides: object) -> BenchmarkFacts:
    base = dict(
        as_of=AS_OF,
        year=2020,
        took_part_in_action=True,
        has_ip_management_system=True,
        invention_grants_before_year=0,
        invention_grants_in_year=2,
        employees=100,
        rd_staff=10,
        rd_expense=D(30),
        operating_revenue=D(750),
        is_rd_growing=True,
        has_core_patent_product=True,
        patent_product_sales=D(300),
        is_profit_and_tax_growing=True,
        is_in_key_industry=True,
        is_industry_leading=True,
    )
    return BenchmarkFacts(**{**base, **overrides})  # type: ignore[arg-type]


def test_break_zero_benchmark_all_at_threshold_passes() -> None:
    result = evaluate_break_zero_benchmark(break_zero_facts())
    assert result.passed is True
    assert result.rule_set == "hngxt-2020-benchmark"
    assert all(i.status is MET for i in result.items)
    assert all(i.source and i.reason_zh for i in result.items)


@pytest.mark.parametrize(
    ("code", "field", "below", "at", "above"),
    [
        ("c1.grants_in_year", "invention_grants_in_year", 1, 2, 3),
        ("c1.rd_staff", "rd_staff", 9, 10, 11),
        ("c2.rd_expense", "rd_expense", D("29.99"), D(30), D("30.01")),
        ("c2.rd_intensity", "operating_revenue", D("750.01"), D(750), D("749.99")),  # 30/750 = 4%
        ("c3.product_sales", "patent_product_sales", D("299.99"), D(300), D("300.01")),
    ],
)
def test_break_zero_benchmark_threshold_edges(code: str, field: str, below: object, at: object, above: object) -> None:
    for value, expected in ((below, UNMET), (at, MET), (above, MET)):
        result = evaluate_break_zero_benchmark(break_zero_facts(**{field: value}))
        assert result.item(code).status is expected, (field, value)
        assert result.passed is (expected is MET)


def test_break_zero_benchmark_rd_intensity_just_below_reports_percent() -> None:
    item = evaluate_break_zero_benchmark(break_zero_facts(operating_revenue=D("750.01"))).item("c2.rd_intensity")
    assert item.threshold == "≥ 4%"
    assert "需 ≥ 4%" in item.reason_zh
    assert item.value < 4


@pytest.mark.parametrize(("before", "expected"), [(0, MET), (1, UNMET), (3, UNMET)])
def test_break_zero_benchmark_requires_first_grant_in_year(before: int, expected: CriterionStatus) -> None:
    result = evaluate_break_zero_benchmark(break_zero_facts(invention_grants_before_year=before))
    assert result.item("c1.first_grant").status is expected


def test_break_zero_benchmark_grants_reading_is_a_setting() -> None:
    strict = dataclasses.replace(DEFAULT, benchmark_grants_include_first=False)
    assert evaluate_break_zero_benchmark(break_zero_facts(), options=strict).item("c1.grants_in_year").status is UNMET
    result = evaluate_break_zero_benchmark(break_zero_facts(invention_grants_in_year=3), options=strict)
    assert result.item("c1.grants_in_year").status is MET


@pytest.mark.parametrize(
    "field",
    [
        "took_part_in_action",
        "has_ip_management_system",
        "is_rd_growing",
        "has_core_patent_product",
        "is_profit_and_tax_growing",
        "is_in_key_industry",
        "is_industry_leading",
    ],
)
def test_break_zero_benchmark_each_flag_false_fails_unknown_pending(field: str) -> None:
    assert evaluate_break_zero_benchmark(break_zero_facts(**{field: False})).passed is False
    assert evaluate_break_zero_benchmark(break_zero_facts(**{field: None})).passed is None


def test_break_zero_benchmark_before_call_has_no_rule_set() -> None:
    with pytest.raises(ValueError, match="no rule set in force"):
        evaluate_break_zero_benchmark(break_zero_facts(as_of=date(2020, 11, 15)))


def doubling_facts(**overrides: object) -> BenchmarkFacts:
    base = dict(
        as_of=AS_OF,
        year=2020,
        took_part_in_action=True,
        valid_invention_patents=5,
        employees=100,
        rd_staff=15,
        rd_expense=D(50),
        operating_revenue=D(1000),
    )
    return BenchmarkFacts(**{**base, **overrides})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "field", "below", "at", "above"),
    [
        ("c1.valid_inventions", "valid_invention_patents", 4, 5, 6),
        ("c1.rd_staff", "rd_staff", 14, 15, 16),
        ("c2.rd_expense", "rd_expense", D("49.99"), D(50), D("50.01")),
    ],
)
def test_doubling_benchmark_known_threshold_edges(
    code: str, field: str, below: object, at: object, above: object
) -> None:
    for value, expected in ((below, UNMET), (at, MET), (above, MET)):
        result = evaluate_doubling_benchmark(doubling_facts(**{field: value}))
        assert result.item(code).status is expected, (field, value)
    assert evaluate_doubling_benchmark(doubling_facts(**{field: below})).passed is False


def test_doubling_benchmark_unknown_conditions_are_unconfirmed_items_never_passed() -> None:
    result = evaluate_doubling_benchmark(doubling_facts())
    assert result.passed is None  # never True while the call's wording is missing
    for code in ("c2.rd_intensity", "rest"):
        item = result.item(code)
        assert item.status is UNKNOWN
        assert "待确认" in item.reason_zh
        assert item.group == "unconfirmed"
