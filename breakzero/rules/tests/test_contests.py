"""“创客中国” registration (programme-rules-2 §5.2)."""

from __future__ import annotations

from datetime import date

import pytest

from breakzero.rules.contests import ContestGroup, ContestLevel, PriorAward, RegistrationFacts, check_registration
from breakzero.rules.results import CriterionStatus


def registration(**overrides: object) -> RegistrationFacts:
    base = dict(
        as_of=date(2023, 5, 1),
        group=ContestGroup.ENTERPRISE,
        uscc="91430100MA4L0000X1",
        is_registered_online=True,
        prior_awards=(),
    )
    return RegistrationFacts(**{**base, **overrides})  # type: ignore[arg-type]


def test_check_registration_clean_entry_accepted() -> None:
    result = check_registration(registration())
    assert result.passed is True
    assert result.rule_set == "hngxt-2023-maker-china"


@pytest.mark.parametrize(
    ("level", "accepted"),
    [
        (ContestLevel.COUNTY, True),
        (ContestLevel.CITY, True),
        (ContestLevel.PROVINCIAL, False),
        (ContestLevel.NATIONAL, False),
    ],
)
def test_check_registration_earlier_provincial_winner_refused(level: ContestLevel, accepted: bool) -> None:
    award = PriorAward("2021年中国创新创业大赛", level, 2021)
    result = check_registration(registration(prior_awards=(award,)))
    assert result.passed is accepted
    if not accepted:
        assert "不得报名" in result.item("prior_award").reason_zh


def test_check_registration_non_innovation_contest_award_does_not_count() -> None:
    award = PriorAward("省职业技能大赛", ContestLevel.NATIONAL, 2022, is_innovation_contest=False)
    assert check_registration(registration(prior_awards=(award,))).passed is True


def test_check_registration_2022_exclusion_marked_unconfirmed() -> None:
    award = PriorAward("创客中国", ContestLevel.PROVINCIAL, 2021)
    result = check_registration(registration(as_of=date(2022, 6, 1), prior_awards=(award,)))
    assert result.passed is False
    assert "待确认" in result.item("prior_award").reason_zh


def test_check_registration_group_identity_and_online() -> None:
    assert check_registration(registration(uscc=" ")).item("identity").status is CriterionStatus.UNMET
    maker = registration(group=ContestGroup.MAKER, uscc="", team_leader="张三")
    assert check_registration(maker).passed is True
    assert check_registration(registration(group=ContestGroup.MAKER, uscc="x")).passed is False
    assert check_registration(registration(is_registered_online=False)).passed is False
    assert check_registration(registration(prior_awards=None)).passed is None
