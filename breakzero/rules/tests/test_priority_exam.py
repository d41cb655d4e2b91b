"""Priority examination (policy-rules §6, case P5), month arithmetic and the expected-grant window."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.dates import add_fractional_months, add_months
from breakzero.rules.facts import PriorityCase, PriorityFacts, PriorityGround
from breakzero.rules.priority_exam import ExamKind, deadline, exam_period_months, expected_grant_window
from breakzero.rules.unconfirmed import DEFAULT

GROUND = frozenset({PriorityGround.NATIONAL_PRIORITY_INDUSTRY})


def case(kind: PriorityCase, granted: date | None = date(2021, 3, 1), **values: object) -> PriorityFacts:
    return PriorityFacts(
        as_of=date(2021, 3, 2), case=kind, priority_granted_on=granted, **{"grounds": GROUND, **values}
    )  # type: ignore[arg-type]


def test_priority_exam_p5_invention_first_action_45_days_close_1_year() -> None:
    result = deadline(case(PriorityCase.INVENTION))
    assert (result.first_action_due, result.close_due) == (date(2021, 4, 15), date(2022, 3, 1))
    assert result.eligible is True and result.rule_set == "cnipa-order-76"


@pytest.mark.parametrize(
    ("kind", "close"),
    [
        (PriorityCase.UTILITY_MODEL, date(2021, 5, 1)),
        (PriorityCase.DESIGN, date(2021, 5, 1)),
        (PriorityCase.REEXAMINATION, date(2021, 10, 1)),
        (PriorityCase.INVALIDATION_INVENTION, date(2021, 8, 1)),
        (PriorityCase.INVALIDATION_UTILITY_MODEL, date(2021, 8, 1)),
        (PriorityCase.INVALIDATION_DESIGN, date(2021, 7, 1)),
    ],
)
def test_priority_exam_close_limits_by_case(kind: PriorityCase, close: date) -> None:
    result = deadline(case(kind, has_infringement_dispute=True))
    assert result.close_due == close and result.first_action_due is None


def test_priority_exam_month_end_clamps() -> None:
    result = deadline(case(PriorityCase.UTILITY_MODEL, granted=date(2021, 12, 31)))
    assert result.close_due == date(2022, 2, 28)


def test_priority_exam_no_grounds_not_eligible() -> None:
    assert deadline(case(PriorityCase.INVENTION, grounds=frozenset())).eligible is False
    assert deadline(case(PriorityCase.INVENTION, grounds=None)).eligible is None


@pytest.mark.parametrize(
    ("dispute", "interest", "eligible"),
    [(True, False, True), (False, True, True), (False, False, False), (None, False, None), (None, True, True)],
)
def test_priority_exam_invalidation_grounds(dispute: bool | None, interest: bool | None, eligible: bool | None) -> None:
    facts = case(PriorityCase.INVALIDATION_DESIGN, has_infringement_dispute=dispute, is_major_interest=interest)
    assert deadline(facts).eligible is eligible


def test_priority_exam_recommendation_checked_only_when_set_and_not_for_ground_5() -> None:
    options = dataclasses.replace(DEFAULT, priority_exam_checks_recommendation=True)
    assert deadline(case(PriorityCase.INVENTION, has_recommendation=False), options=options).eligible is False
    foreign = case(PriorityCase.INVENTION, grounds=frozenset({PriorityGround.FIRST_FILED_IN_CHINA}))
    assert deadline(foreign, options=options).eligible is True
    assert deadline(case(PriorityCase.INVENTION, has_recommendation=False)).eligible is True


def test_priority_exam_without_grant_date_gives_no_dates() -> None:
    result = deadline(case(PriorityCase.INVENTION, granted=None))
    assert result.first_action_due is None and result.close_due is None


def test_priority_exam_before_2017_08_01_raises() -> None:
    with pytest.raises(ValueError):
        deadline(dataclasses.replace(case(PriorityCase.INVENTION), as_of=date(2017, 7, 31)))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2020, 2, 29), 12, date(2021, 2, 28)),
        (date(2021, 11, 30), 3, date(2022, 2, 28)),
        (date(2021, 3, 31), -1, date(2021, 2, 28)),
        (date(2021, 5, 15), 0, date(2021, 5, 15)),
    ],
)
def test_priority_exam_add_months_calendar_correct(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_priority_exam_fractional_months_use_average_month_days() -> None:
    assert add_fractional_months(date(2021, 1, 1), D("16.5")) == date(2022, 5, 16)


@pytest.mark.parametrize(
    ("year", "kind", "months"),
    [
        (2015, ExamKind.INVENTION, D(22)),
        (2019, ExamKind.INVENTION, D("22.7")),
        (2022, ExamKind.INVENTION, D("16.5")),
        (2030, ExamKind.INVENTION, D(16)),
        (2018, ExamKind.HIGH_VALUE_INVENTION, D("17.3")),
        (2024, ExamKind.HIGH_VALUE_INVENTION, D(13)),
    ],
)
def test_priority_exam_period_uses_nearest_known_year(year: int, kind: ExamKind, months: D) -> None:
    assert exam_period_months(year, kind) == months


def test_priority_exam_expected_grant_window_2021_invention() -> None:
    window = expected_grant_window(date(2021, 3, 1), "invention")
    assert window.likely == add_fractional_months(date(2021, 3, 1), D("18.5"))
    assert window.earliest < window.likely < window.latest


def test_priority_exam_expected_grant_window_capped_by_priority_year() -> None:
    window = expected_grant_window(date(2021, 3, 1), ExamKind.INVENTION, priority_granted_on=date(2021, 4, 1))
    assert window.latest == date(2022, 4, 1) and window.earliest <= window.likely <= window.latest


@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), months=st.integers(0, 240))
@settings(max_examples=300, deadline=None)
def test_priority_exam_add_months_never_goes_backwards_and_keeps_month_count(start: date, months: int) -> None:
    end = add_months(start, months)
    assert end >= start
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day == start.day or end.day < start.day


@given(filed=st.dates(min_value=date(2010, 1, 1), max_value=date(2040, 1, 1)), kind=st.sampled_from(list(ExamKind)))
@settings(max_examples=200, deadline=None)
def test_priority_exam_grant_window_is_ordered(filed: date, kind: ExamKind) -> None:
    window = expected_grant_window(filed, kind)
    assert filed < window.earliest <= window.likely <= window.latest
