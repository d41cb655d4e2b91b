"""Factor-method allocation (programme-rules-2 §6): exact sums, largest remainders, floors and caps."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from breakzero.rules.funds import allocate_by_factors, exact_shares

CENT = D("0.01")


def test_allocate_by_factors_weighted_factor_shares() -> None:
    factors = {"430100": {"pop": 3, "firms": 1}, "430200": {"pop": 1, "firms": 1}, "430300": {"pop": 0, "firms": 2}}
    # shares: 430100 (3/4·1 + 1/4·3)/4 ... computed by hand with weights 1 and 3
    result = allocate_by_factors(D(1000), factors, {"pop": 1, "firms": 3})
    assert result == {"430100": D("375.00"), "430200": D("250.00"), "430300": D("375.00")}
    assert sum(result.values()) == D(1000)


def test_allocate_by_factors_zero_total_factor_left_out_with_its_weight() -> None:
    factors = {"a": {"x": 1, "z": 0}, "b": {"x": 3, "z": 0}}
    assert allocate_by_factors(D(100), factors, {"x": 1, "z": 9}) == {"a": D("25.00"), "b": D("75.00")}


def test_allocate_by_factors_leftover_to_largest_remainder_ties_by_code() -> None:
    factors = {"b": {"x": 1}, "a": {"x": 1}, "c": {"x": 1}}
    result = allocate_by_factors(D(100), factors, {"x": 1}, unit=D(1))
    assert result == {"a": D(34), "b": D(33), "c": D(33)}
    result = allocate_by_factors(D("0.02"), factors, {"x": 1})
    assert result == {"a": D("0.01"), "b": D("0.01"), "c": D("0.00")}


def test_allocate_by_factors_floor_and_cap_fix_regions_and_share_the_rest() -> None:
    factors = {"430100": {"p": 3, "g": 1}, "430200": {"p": 1, "g": 1}, "430300": {"p": 0, "g": 1}}
    result = allocate_by_factors(D(100), factors, {"p": 1, "g": 1}, floor=D(20), cap=D(50))
    # 430100 capped at 50; the other two share 50 by the factors over them: 37.5 / 12.5; 430300 lifted to 20.
    assert result == {"430100": D("50.00"), "430200": D("30.00"), "430300": D("20.00")}


def test_allocate_by_factors_per_region_bounds() -> None:
    factors = {"a": {"x": 1}, "b": {"x": 1}}
    result = allocate_by_factors(D(100), factors, {"x": 1}, floor={"a": D(70)}, cap={"b": D(30)})
    assert result == {"a": D("70.00"), "b": D("30.00")}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(floor=D(60)), "下限合计"),
        (dict(cap=D(40)), "上限合计"),
        (dict(floor={"a": D(50)}, cap={"a": D(40)}), "高于上限"),
        (dict(floor=D("0.005")), "整数倍"),
        (dict(cap={"zz": D(1)}), "不参与分配"),
    ],
)
def test_allocate_by_factors_impossible_bounds_raise(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allocate_by_factors(D(100), {"a": {"x": 1}, "b": {"x": 1}}, {"x": 1}, **kwargs)


@pytest.mark.parametrize(
    ("budget", "factors", "weights", "message"),
    [
        (D(-1), {"a": {"x": 1}}, {"x": 1}, "负数"),
        (D("1.005"), {"a": {"x": 1}}, {"x": 1}, "整数倍"),
        (D(1), {"a": {"x": -1}}, {"x": 1}, "非负"),
        (D(1), {"a": {"y": 1}}, {"x": 1}, "缺少因素"),
        (D(1), {"a": {"x": 0}}, {"x": 1}, "合计均为 0"),
        (D(1), {"a": {"x": 1}}, {"x": -1}, "权重"),
        (D(1), {}, {"x": 1}, "没有参与分配"),
    ],
)
def test_allocate_by_factors_bad_input_raises_chinese_reason(budget, factors, weights, message) -> None:
    with pytest.raises(ValueError, match=message):
        allocate_by_factors(budget, factors, weights)


def test_allocate_by_factors_rejects_float() -> None:
    with pytest.raises(TypeError):
        allocate_by_factors(1.5, {"a": {"x": 1}}, {"x": 1})  # type: ignore[arg-type]


# ------------------------------------------------------------------ properties

REGIONS = st.lists(st.sampled_from([f"43{n:04d}" for n in range(1, 15)]), min_size=1, max_size=8, unique=True)
FACTOR_NAMES = ("population", "enterprises", "patents")
VALUE = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n) / 10)
UNIT = st.sampled_from([D("0.01"), D(1), D(5)])


@st.composite
def allocation_case(draw: st.DrawFn) -> tuple[D, dict, dict, D]:
    regions = draw(REGIONS)
    names = FACTOR_NAMES[: draw(st.integers(1, 3))]
    factors = {r: {n: draw(VALUE) for n in names} for r in regions}
    weights = {n: draw(st.integers(0, 10) | st.integers(0, 1000).map(lambda k: D(k) / 100)) for n in names}  # 0.37 …
    unit = draw(UNIT)
    budget = draw(st.integers(0, 1_000_000)) * unit
    return budget, factors, weights, unit


def _has_basis(factors: dict, weights: dict) -> bool:
    return any(w > 0 and sum(v[f] for v in factors.values()) > 0 for f, w in weights.items())


@settings(max_examples=300, deadline=None)
@given(allocation_case())
def test_allocate_by_factors_sums_exactly_and_stays_within_one_unit(case) -> None:
    budget, factors, weights, unit = case
    assume(_has_basis(factors, weights))
    result = allocate_by_factors(budget, factors, weights, unit=unit)
    assert sum(result.values()) == budget
    exact = exact_shares(budget, factors, weights)
    assert sum(exact.values()) == Fraction(budget)
    for region, amount in result.items():
        assert amount >= 0 and amount % unit == 0
        assert abs(Fraction(amount) - exact[region]) < Fraction(unit)


@settings(max_examples=300, deadline=None)
@given(allocation_case())
def test_allocate_by_factors_dominant_region_never_gets_less(case) -> None:
    budget, factors, weights, unit = case
    assume(_has_basis(factors, weights))
    result = allocate_by_factors(budget, factors, weights, unit=unit)
    exact = exact_shares(budget, factors, weights)
    for a in factors:
        for b in factors:
            if exact[a] > exact[b] and all(factors[a][f] >= factors[b][f] for f in weights):
                assert result[a] >= result[b]


@settings(max_examples=200, deadline=None)
@given(allocation_case(), st.data())
def test_allocate_by_factors_raising_a_factor_never_lowers_share(case, data) -> None:
    budget, factors, weights, unit = case
    assume(_has_basis(factors, weights))
    region = data.draw(st.sampled_from(sorted(factors)))
    name = data.draw(st.sampled_from(sorted(weights)))
    raised = {r: dict(v) for r, v in factors.items()}
    raised[region][name] += data.draw(st.integers(1, 1000))
    before, after = exact_shares(budget, factors, weights), exact_shares(budget, raised, weights)
    assert after[region] >= before[region]
    old = allocate_by_factors(budget, factors, weights, unit=unit)
    new = allocate_by_factors(budget, raised, weights, unit=unit)
    assert new[region] >= old[region] - unit  # rounding may cost at most one unit


@settings(max_examples=300, deadline=None)
@given(allocation_case(), st.data())
def test_allocate_by_factors_floors_and_caps_hold_or_raise(case, data) -> None:
    budget, factors, weights, unit = case
    # Positive factor values: every region has a share, so only the bounds can make it impossible.
    factors = {r: {f: v + 1 for f, v in values.items()} for r, values in factors.items()}
    weights = {f: w + 1 for f, w in weights.items()}
    bound = st.none() | st.integers(0, 400_000).map(lambda n: n * unit)
    floors = {r: data.draw(bound) for r in factors}
    caps = {r: data.draw(bound) for r in factors}
    floors = {r: v for r, v in floors.items() if v is not None}
    caps = {r: v for r, v in caps.items() if v is not None}
    feasible = (
        all(floors[r] <= caps[r] for r in floors.keys() & caps.keys())
        and sum(floors.values()) <= budget
        and (len(caps) < len(factors) or sum(caps.values()) >= budget)
    )
    if not feasible:
        with pytest.raises(ValueError):
            allocate_by_factors(budget, factors, weights, unit=unit, floor=floors, cap=caps)
        return
    result = allocate_by_factors(budget, factors, weights, unit=unit, floor=floors, cap=caps)
    assert sum(result.values()) == budget
    for region, amount in result.items():
        assert amount % unit == 0
        assert amount >= floors.get(region, 0)
        assert region not in caps or amount <= caps[region]


@settings(max_examples=150, deadline=None)
@given(allocation_case(), st.integers(0, 50))
def test_allocate_by_factors_uniform_floor_lifts_everyone(case, floor_units: int) -> None:
    budget, factors, weights, unit = case
    assume(_has_basis(factors, weights))
    floor = floor_units * unit
    assume(floor * len(factors) <= budget)
    factors = {r: {f: v + 1 for f, v in values.items()} for r, values in factors.items()}
    weights = {f: w + 1 for f, w in weights.items()}
    plain = allocate_by_factors(budget, factors, weights, unit=unit)
    lifted = allocate_by_factors(budget, factors, weights, unit=unit, floor=floor)
    assert min(lifted.values()) >= floor
    for region in factors:  # a region below the floor is lifted exactly to it
        if plain[region] < floor:
            assert lifted[region] == floor
