"""2022 call of the 省中小企业发展专项资金 (programme-rules-2 §6.2): eligibility, five exclusions, bans."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from breakzero.rules.funds import CallEligibilityFacts, FundBan, FundCategory, SupportRecord, check_call_eligibility
from breakzero.rules.results import CriterionStatus
from breakzero.rules.unconfirmed import DEFAULT

MET, UNMET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNMET, CriterionStatus.UNKNOWN


def facts(**overrides: object) -> CallEligibilityFacts:
    base = dict(
        as_of=date(2021, 12, 1),
        call_year=2022,
        category=FundCategory.TRANSFORMATION,
        is_registered_in_hunan=True,
        is_independent_legal_person=True,
        established_on=date(2020, 10, 31),
        has_sound_finance_and_credit=True,
        is_project_in_scope=True,
        applied_other_provincial_fund=False,
        support_history=(),
        is_credit_blacklisted=False,
        has_serious_bad_record=False,
        falsified_application=False,
    )
    return CallEligibilityFacts(**{**base, **overrides})  # type: ignore[arg-type]


def test_call_eligibility_clean_applicant_passes() -> None:
    result = check_call_eligibility(facts())
    assert result.passed is True
    assert result.rule_set == "hngxt-2021-509"


@pytest.mark.parametrize(
    ("established", "expected"),
    [(date(2020, 10, 30), MET), (date(2020, 10, 31), MET), (date(2020, 11, 1), UNMET)],
)
def test_call_eligibility_established_one_year_by_cutoff(established: date, expected: CriterionStatus) -> None:
    assert check_call_eligibility(facts(established_on=established)).item("established").status is expected


def test_call_eligibility_established_exclusive_reading_is_a_setting() -> None:
    exclusive = dataclasses.replace(DEFAULT, fund_established_inclusive=False)
    result = check_call_eligibility(facts(established_on=date(2020, 10, 31)), options=exclusive)
    assert result.item("established").status is UNMET


@pytest.mark.parametrize(
    ("years", "expected"),
    [((2020, 2021), UNMET), ((2021,), MET), ((2020,), MET), ((2019, 2021), MET)],
)
def test_call_eligibility_funded_both_previous_years_excluded(years: tuple[int, ...], expected) -> None:
    history = tuple(SupportRecord(year=y, is_department_fund=True) for y in years)
    result = check_call_eligibility(facts(support_history=history))
    assert result.item("x2.both_years").status is expected


def test_call_eligibility_other_department_fund_does_not_count() -> None:
    history = (SupportRecord(2020, is_department_fund=False), SupportRecord(2021, is_department_fund=True))
    assert check_call_eligibility(facts(support_history=history)).passed is True


def test_call_eligibility_transformation_last_year_excludes_transformation_only() -> None:
    history = (SupportRecord(2021, True, is_this_fund=True, category=FundCategory.TRANSFORMATION),)
    assert check_call_eligibility(facts(support_history=history)).item("x3.transformation").status is UNMET
    other = check_call_eligibility(facts(support_history=history, category=FundCategory.SERVICE_SYSTEM))
    assert other.passed is True
    earlier = (SupportRecord(2020, True, is_this_fund=True, category=FundCategory.TRANSFORMATION),)
    assert check_call_eligibility(facts(support_history=earlier)).passed is True


def test_call_eligibility_award_category_exempt_from_exclusions_1_to_3() -> None:
    history = tuple(
        SupportRecord(y, True, is_this_fund=True, category=FundCategory.TRANSFORMATION) for y in (2020, 2021)
    )
    award = facts(category=FundCategory.AWARD, support_history=history, applied_other_provincial_fund=True)
    assert check_call_eligibility(award).passed is True
    assert check_call_eligibility(dataclasses.replace(award, category=FundCategory.OTHER)).passed is False


def test_call_eligibility_past_awards_ignored_is_a_setting() -> None:
    history = (SupportRecord(2020, True, category=FundCategory.AWARD), SupportRecord(2021, True))
    assert check_call_eligibility(facts(support_history=history)).passed is False
    ignoring = dataclasses.replace(DEFAULT, fund_past_awards_ignored=True)
    assert check_call_eligibility(facts(support_history=history), options=ignoring).passed is True


@pytest.mark.parametrize(
    "field",
    ["applied_other_provincial_fund", "is_credit_blacklisted", "has_serious_bad_record", "falsified_application"],
)
def test_call_eligibility_each_exclusion_excludes(field: str) -> None:
    assert check_call_eligibility(facts(**{field: True})).passed is False
    assert check_call_eligibility(facts(**{field: None})).passed is None


def test_call_eligibility_blacklist_applies_to_award_category_too() -> None:
    assert check_call_eligibility(facts(category=FundCategory.AWARD, is_credit_blacklisted=True)).passed is False


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2021, 5, 31), MET), (date(2021, 6, 1), UNMET), (date(2022, 5, 31), UNMET), (date(2022, 6, 1), MET)],
)
def test_call_eligibility_clawback_ban_period(as_of: date, expected: CriterionStatus) -> None:
    ban = FundBan(starts_on=date(2021, 6, 1), ends_on=date(2022, 5, 31), reason_zh="（2020年项目资金被追回）")
    result = check_call_eligibility(facts(as_of=as_of, bans=(ban,)))
    assert result.item("ban").status is expected
    if expected is UNMET:
        assert "禁止申报期" in result.item("ban").reason_zh


def test_call_eligibility_open_ended_ban_and_unknown_history() -> None:
    ban = FundBan(starts_on=date(2020, 1, 1), ends_on=None)
    assert check_call_eligibility(facts(bans=(ban,))).passed is False
    assert check_call_eligibility(facts(support_history=None)).item("x2.both_years").status is UNKNOWN


def test_call_eligibility_unknown_call_year_raises() -> None:
    with pytest.raises(ValueError, match="2023 年度"):
        check_call_eligibility(facts(call_year=2023))
