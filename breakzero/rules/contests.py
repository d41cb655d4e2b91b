"""“创客中国” Hunan contest registration (programme-rules-2.md §5.2).

Stated conditions: an entry is in the 企业组 (an enterprise, by USCC) or the
创客组 (a team with a leader); it registers online in the contest system; an
enterprise or project that already won an award in any provincial-or-higher
innovation/entrepreneurship contest may not enter (2023 call, CONFIRMED; for
2022 the same rule is applied as an UNCONFIRMED inference). National entry
conditions are not known and are not invented here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from breakzero.rules.facts import _Facts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Evaluation, Item, items_passed
from breakzero.rules.rulesets import Rule, rule_set_for

__all__ = ["ContestGroup", "ContestLevel", "PriorAward", "RegistrationFacts", "check_registration"]


class ContestGroup(StrEnum):
    """The two groups of the contest."""

    ENTERPRISE = "enterprise"  # 企业组
    MAKER = "maker"  # 创客组


class ContestLevel(IntEnum):
    """Level of a contest (higher is more senior)."""

    COUNTY = 0
    CITY = 1
    PROVINCIAL = 2
    NATIONAL = 3


@dataclass(frozen=True)
class PriorAward(_Facts):
    """An award the enterprise or the project won earlier."""

    contest_name: str
    level: ContestLevel
    year: int
    is_innovation_contest: bool = True  #: an innovation/entrepreneurship contest


@dataclass(frozen=True)
class RegistrationFacts(_Facts):
    """A registration for the edition held in ``as_of``'s year."""

    as_of: date
    group: ContestGroup
    uscc: str = ""  #: the enterprise's USCC (企业组)
    team_leader: str = ""  #: the team leader's name (创客组)
    is_registered_online: bool | None = None  #: registered in 创客中国创新创业大赛管理系统
    prior_awards: tuple[PriorAward, ...] | None = None  #: None = not declared


_LEVEL_ZH = {
    ContestLevel.COUNTY: "县级",
    ContestLevel.CITY: "市级",
    ContestLevel.PROVINCIAL: "省级",
    ContestLevel.NATIONAL: "国家级",
}


def check_registration(facts: RegistrationFacts) -> Evaluation:
    """The stated registration conditions of the edition in force on ``facts.as_of``."""
    chosen = rule_set_for(Rule.MAKER_CHINA, facts.as_of)
    src = chosen.source
    items = (
        _identity_item(facts, src),
        Indicator("online", "通过大赛管理系统在线报名", src, "registration", "在线报名情况").flag(
            facts.is_registered_online,
            want=True,
            met_zh="已在大赛管理系统在线报名",
            unmet_zh="未在大赛管理系统在线报名",
        ),
        _prior_award_item(
            facts, src, int(chosen.threshold("excluded_award_level")), chosen.marked("excluded_award_level")
        ),
    )
    passed = items_passed(items)
    notes = [chosen.note_zh] if chosen.note_zh else []
    if passed is None:
        notes.append("结论待定：有未知事实，见各项")
    return Evaluation(passed=passed, items=items, rule_set=chosen.id, as_of=facts.as_of, notes=tuple(notes))


def _identity_item(facts: RegistrationFacts, source: str) -> Item:
    if facts.group is ContestGroup.ENTERPRISE:
        ind = Indicator("identity", "企业组须以企业（统一社会信用代码）报名", source, "registration")
        ok = bool(facts.uscc.strip())
        return ind.check(ok, "已填写统一社会信用代码" if ok else "企业组报名缺少统一社会信用代码")
    ind = Indicator("identity", "创客组须有团队负责人", source, "registration")
    ok = bool(facts.team_leader.strip())
    return ind.check(ok, "已填写团队负责人" if ok else "创客组报名缺少团队负责人")


def _prior_award_item(facts: RegistrationFacts, source: str, level: int, mark: str) -> Item:
    name = f"未在省级及以上创新创业类赛事中获奖{mark}"
    ind = Indicator("prior_award", name, f"{source} 报名条件", "exclusion", "以往获奖情况")
    if facts.prior_awards is None:
        return ind.unknown()
    hits = [a for a in facts.prior_awards if a.is_innovation_contest and a.level >= level]
    if not hits:
        return ind.check(True, "未在省级及以上创新创业类赛事中获奖", value=0)
    first = hits[0]
    reason = f"已在{first.year}年{_LEVEL_ZH[first.level]}赛事“{first.contest_name}”中获奖，不得报名参赛{mark}"
    return ind.check(False, reason, value=len(hits))
