"""倍增 test (policy-rules §0, cases A1–A2)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.doubling import DoublingState, doubling_status
from breakzero.rules.unconfirmed import DEFAULT, BreakZeroEvent


def test_doubling_a1_exactly_twice_is_doubled() -> None:
    status = doubling_status(40, 80)
    assert status.state is DoublingState.DOUBLED and status.ratio == 1


def test_doubling_a2_zero_base_is_not_applicable_never_infinite() -> None:
    status = doubling_status(0, 5)
    assert status.state is DoublingState.NOT_APPLICABLE and status.ratio is None
    assert "不适用" in status.reason_zh


def test_doubling_just_below_twice_is_not_doubled_with_progress() -> None:
    status = doubling_status(D(40), D("79.99"))
    assert status.state is DoublingState.NOT_DOUBLED and status.ratio == D("0.999875")
    assert "还差 0.01" in status.reason_zh


@pytest.mark.parametrize(("base", "value"), [(None, 5), (5, None)])
def test_doubling_missing_figure_is_unknown(base: int | None, value: int | None) -> None:
    assert doubling_status(base, value).state is DoublingState.UNKNOWN


def test_doubling_base_year_and_break_zero_event_defaults() -> None:
    assert DEFAULT.doubling_base_year("invention_grants") == 2019
    assert DEFAULT.break_zero_event is BreakZeroEvent.GRANT
    other = dataclasses.replace(DEFAULT, doubling_base_years=(("invention_grants", 2020),))
    assert other.doubling_base_year("invention_grants") == 2020 and other.doubling_base_year("rd_intensity") == 2019


@given(
    base=st.decimals(min_value=D("0.01"), max_value=10**6, places=2),
    value=st.decimals(min_value=0, max_value=10**7, places=2),
)
@settings(max_examples=300, deadline=None)
def test_doubling_state_agrees_with_ratio(base: D, value: D) -> None:
    status = doubling_status(base, value)
    assert (status.state is DoublingState.DOUBLED) == (status.ratio >= 1)
