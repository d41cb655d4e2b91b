"""Tests for breakzero.rules.sme_size against shared/reference/policy-rules.md §1 and §8.1."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.sme_size import (
    SIZE_CLASSES,
    SIZE_LABELS_ZH,
    SIZE_TABLE,
    classify_size,
    is_sme,
    size_group,
)

PROPERTY = settings(database=None, deadline=None, max_examples=300)
RANK = {size: rank for rank, size in enumerate(reversed(SIZE_CLASSES))}  # micro 0 .. large 3

# policy-rules.md §1.1, transcribed again here (independently of SIZE_TABLE):
# group -> (industry code in the group, indicators, large, medium, small lower bounds).
EXPECTED = {
    1: ("01", "Y", (20000,), (500,), (50,)),
    2: ("13", "XY", (1000, 40000), (300, 2000), (20, 300)),
    3: ("47", "YZ", (80000, 80000), (6000, 5000), (300, 300)),
    4: ("51", "XY", (200, 40000), (20, 5000), (5, 1000)),
    5: ("52", "XY", (300, 20000), (50, 500), (10, 100)),
    6: ("54", "XY", (1000, 30000), (300, 3000), (20, 200)),
    7: ("59", "XY", (200, 30000), (100, 1000), (20, 100)),
    8: ("60", "XY", (1000, 30000), (300, 2000), (20, 100)),
    9: ("61", "XY", (300, 10000), (100, 2000), (10, 100)),
    10: ("62", "XY", (300, 10000), (100, 2000), (10, 100)),
    11: ("63", "XY", (2000, 100000), (100, 1000), (10, 100)),
    12: ("65", "XY", (300, 10000), (100, 1000), (10, 50)),
    13: ("7010", "YZ", (200000, 10000), (1000, 5000), (100, 2000)),
    14: ("7020", "XY", (1000, 5000), (300, 1000), (100, 500)),
    15: ("71", "XZ", (300, 120000), (100, 8000), (10, 100)),
    16: ("73", "X", (300,), (100,), (10,)),
}
_ARGUMENT = {"X": "employees", "Y": "revenue", "Z": "total_assets"}


def _classify(group: int, values: tuple[int | Decimal, ...]) -> str:
    code, letters, *_ = EXPECTED[group]
    arguments = {"employees": None, "revenue": None, "total_assets": None}
    arguments.update({_ARGUMENT[letter]: value for letter, value in zip(letters, values, strict=True)})
    return classify_size(code, **arguments)


def _edge_cases() -> list[tuple[int, str, tuple[int | Decimal, ...], str]]:
    """For every group and band: all at the bound -> the band; one just below -> one band down."""
    cases = []
    for group, (_, letters, *bands) in EXPECTED.items():
        for size, lower, bounds in zip(SIZE_CLASSES[:3], SIZE_CLASSES[1:], bands, strict=True):
            cases.append((group, f"{size}-at-bound", tuple(bounds), size))
            for index, letter in enumerate(letters):
                steps = [1] if letter == "X" else [1, Decimal("0.01")]
                for step in steps:
                    below = tuple(b - step if i == index else b for i, b in enumerate(bounds))
                    cases.append((group, f"{size}-{letter}-minus-{step}", below, lower))
    return cases


# policy-rules.md §8.1, S1-S13.
@pytest.mark.parametrize(
    ("case", "code", "employees", "revenue", "assets", "expected"),
    [
        ("S1", "13", 350, 18000, None, "medium"),
        ("S2", "13", 1000, 40000, None, "large"),
        ("S3", "13", 1500, 30000, None, "medium"),
        ("S4", "13", 19, 5000, None, "micro"),
        ("S5", "13", 20, 300, None, "small"),
        ("S6", "65", 100, 999, None, "small"),
        ("S7", "52", 50, 500, None, "medium"),
        ("S8", "47", None, 6000, 4999, "small"),
        ("S9-large", "73", 300, None, None, "large"),
        ("S9-medium", "73", 299, None, None, "medium"),
        ("S10", "71", 150, None, 8000, "medium"),
        ("S11", "7010", None, 150000, 12000, "medium"),
        ("S12-small", "01", None, 50, None, "small"),
        ("S12-micro", "01", None, Decimal("49.99"), None, "micro"),
        ("S12-micro-float", "01", None, 49.99, None, "micro"),
    ],
)
def test_classify_size_policy_rules_s1_to_s12_give_expected_class(
    case: str, code: str, employees: int | None, revenue: object, assets: object, expected: str
) -> None:
    assert classify_size(code, employees, revenue, assets) == expected, case  # type: ignore[arg-type]


def test_classify_size_s13_missing_employees_raises_cannot_classify() -> None:
    with pytest.raises(ValueError, match="cannot classify"):
        classify_size("13", None, 500)


@pytest.mark.parametrize(("group", "label", "values", "expected"), _edge_cases())
def test_classify_size_band_edges_every_group_give_expected_class(
    group: int, label: str, values: tuple[int | Decimal, ...], expected: str
) -> None:
    assert _classify(group, values) == expected, label


def test_size_table_matches_independent_transcription_of_policy_rules() -> None:
    for row in SIZE_TABLE:
        _, letters, large, medium, small = EXPECTED[row.group]
        assert row.indicators == tuple(_ARGUMENT[letter] for letter in letters)
        assert (row.large, row.medium, row.small) == (large, medium, small)
    assert [row.group for row in SIZE_TABLE] == list(range(1, 17))


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("A", 1), ("0111", 1), ("05", 1), ("06", 2), ("C", 2), ("C1311", 2), ("43", 2), ("44", 2),
        ("46", 2), ("E", 3), ("47", 3), ("50", 3), ("51", 4), ("52", 5), ("54", 6), ("58", 6),
        ("59", 7), ("5910", 7), ("5920", 7), ("60", 8), ("61", 9), ("62", 10), ("63", 11),
        ("64", 11), ("65", 12), ("7010", 13), ("701", 13), ("K7020", 14), ("7030", 16),
        ("7040", 16), ("7090", 16), ("L", 15), ("71", 15), ("72", 15), ("73", 16), ("M", 16),
        ("76", 16), ("79", 16), ("80", 16), ("82", 16), ("85", 16), ("86", 16), ("90", 16),
    ],
)  # fmt: skip
def test_size_group_gbt4754_code_gives_policy_rules_1_1a_group(code: str, group: int) -> None:
    assert size_group(code) == group


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("70", "4-digit class"),
        ("K", "several size groups"),
        ("7050", "unknown real-estate code"),
        ("53", "railway"),
        ("5311", "railway"),
        ("66", "finance"),
        ("J", "finance"),
        ("83", "not covered"),
        ("P", "not covered"),
        ("84", "not covered"),
        ("91", "not covered"),
        ("S", "not covered"),
        ("97", "not covered"),
        ("T", "not covered"),
        ("G", "several size groups"),
        ("98", "unknown industry division"),
    ],
)
def test_size_group_ambiguous_or_uncovered_code_raises_value_error(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        size_group(code)


def test_classify_size_unused_indicator_may_be_none() -> None:
    assert classify_size("73", 50, None) == "small"
    assert classify_size("01", None, 600) == "medium"


@pytest.mark.parametrize(
    ("code", "employees", "revenue", "assets"),
    [("13", 100, None, None), ("47", None, 6000, None), ("71", 150, None, None), ("7010", None, None, 12000)],
)
def test_classify_size_missing_needed_indicator_raises_value_error(
    code: str, employees: int | None, revenue: int | None, assets: int | None
) -> None:
    with pytest.raises(ValueError, match="missing"):
        classify_size(code, employees, revenue, assets)


@pytest.mark.parametrize(
    ("employees", "revenue"),
    [(-1, 300), (20, -0.01), (20, Decimal("-1")), (20, float("nan")), (20, Decimal("Infinity"))],
)
def test_classify_size_negative_or_non_finite_value_raises_value_error(
    employees: object, revenue: object
) -> None:
    with pytest.raises(ValueError):
        classify_size("13", employees, revenue)  # type: ignore[arg-type]


@pytest.mark.parametrize(("employees", "revenue"), [(True, 300), (20, "300")])
def test_classify_size_bool_or_text_value_raises_type_error(employees: object, revenue: object) -> None:
    with pytest.raises(TypeError):
        classify_size("13", employees, revenue)  # type: ignore[arg-type]


def test_classify_size_float_compared_exactly_without_rounding() -> None:
    assert classify_size("13", 20, 299.999999) == "micro"
    assert classify_size("13", 20, 300.0) == "small"
    assert classify_size("13", 20, Decimal("299.9999999999")) == "micro"


def test_classify_size_unknown_code_raises_value_error() -> None:
    with pytest.raises(ValueError):
        classify_size("99", 10, 10)


def test_is_sme_each_class_gives_not_large() -> None:
    assert [is_sme(size) for size in SIZE_CLASSES] == [False, True, True, True]
    with pytest.raises(ValueError):
        is_sme("huge")


def test_size_labels_zh_name_each_class() -> None:
    assert SIZE_LABELS_ZH == {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}


amounts = st.decimals(min_value=0, max_value=300000, places=2, allow_nan=False, allow_infinity=False)


@PROPERTY
@given(
    group=st.sampled_from(sorted(EXPECTED)),
    values=st.lists(amounts, min_size=2, max_size=2),
    index=st.integers(min_value=0, max_value=1),
    increase=amounts,
)
def test_classify_size_raising_an_indicator_never_lowers_the_class(
    group: int, values: list[Decimal], index: int, increase: Decimal
) -> None:
    letters = EXPECTED[group][1]
    before = tuple(int(v) if letter == "X" else v for letter, v in zip(letters, values, strict=False))
    position = index % len(letters)
    step = int(increase) if letters[position] == "X" else increase
    after = tuple(v + step if i == position else v for i, v in enumerate(before))
    assert RANK[_classify(group, after)] >= RANK[_classify(group, before)]


@PROPERTY
@given(employees=st.integers(min_value=0, max_value=5000), revenue=amounts)
def test_classify_size_industry_large_only_when_both_large_bounds_met(
    employees: int, revenue: Decimal
) -> None:
    is_large = classify_size("13", employees, revenue) == "large"
    assert is_large == (employees >= 1000 and revenue >= 40000)
