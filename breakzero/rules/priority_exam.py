"""Priority examination (专利优先审查管理办法, 2017): eligibility grounds, the 第十条 time limits, and an
indicative expected-grant window from China's average invention examination periods (policy-rules §6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from breakzero.rules.dates import add_fractional_months, add_months
from breakzero.rules.facts import PriorityCase, PriorityFacts, PriorityGround
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Item, any3, items_passed
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

SOURCE = "专利优先审查管理办法（国家知识产权局令第76号）"
_INVALIDATION = {
    PriorityCase.INVALIDATION_INVENTION,
    PriorityCase.INVALIDATION_UTILITY_MODEL,
    PriorityCase.INVALIDATION_DESIGN,
}
_CLOSE_MONTHS = {
    PriorityCase.INVENTION: "invention_close_months",
    PriorityCase.UTILITY_MODEL: "utility_design_months",
    PriorityCase.DESIGN: "utility_design_months",
    PriorityCase.REEXAMINATION: "reexamination_months",
    PriorityCase.INVALIDATION_INVENTION: "invalidation_invention_months",
    PriorityCase.INVALIDATION_UTILITY_MODEL: "invalidation_invention_months",
    PriorityCase.INVALIDATION_DESIGN: "invalidation_design_months",
}
GROUNDS = Indicator("grounds", "优先审查理由", f"{SOURCE} 第三条", "eligibility", "所主张的优先审查理由")
INVALIDATION_GROUNDS = Indicator(
    "grounds", "无效宣告案件优先审查理由", f"{SOURCE} 第四条", "eligibility", "是否涉及侵权纠纷或重大利益"
)
RECOMMENDATION = Indicator(
    "recommendation",
    "推荐意见（待确认 程序）",
    f"{SOURCE} 第七条",
    "eligibility",
    "是否取得国务院部门或省级知识产权局推荐",
)


@dataclass(frozen=True)
class PriorityDeadlines:
    """Eligibility for priority and the office's time limits counted from the grant of priority."""

    eligible: bool | None
    first_action_due: date | None
    close_due: date | None
    items: tuple[Item, ...]
    rule_set: str
    as_of: date
    notes: tuple[str, ...] = ()


class GrantWindow(NamedTuple):
    """Indicative (earliest, likely, latest) grant dates of an invention application."""

    earliest: date
    likely: date
    latest: date


class ExamKind(StrEnum):
    """Which average period to use for an invention application."""

    INVENTION = "invention"
    HIGH_VALUE_INVENTION = "high_value_invention"


def deadline(
    facts: PriorityFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> PriorityDeadlines:
    """第十条 limits: invention first action 45 days and closure 1 year; utility model/design 2 months;
    re-examination 7 months; invalidation 5 months (invention/utility model) or 4 months (design)."""
    chosen = rule_set or rule_set_for(Rule.PRIORITY_EXAM, facts.as_of)
    items = eligibility_items(facts, options)
    first_action = close = None
    if facts.priority_granted_on is not None:
        start = facts.priority_granted_on
        if facts.case is PriorityCase.INVENTION:
            first_action = start + timedelta(days=int(chosen.threshold("first_action_days")))
        close = add_months(start, int(chosen.threshold(_CLOSE_MONTHS[facts.case])))
    return PriorityDeadlines(
        eligible=items_passed(items),
        first_action_due=first_action,
        close_due=close,
        items=items,
        rule_set=chosen.id,
        as_of=facts.as_of,
        notes=_notes(facts),
    )


def eligibility_items(facts: PriorityFacts, options: Unconfirmed) -> tuple[Item, ...]:
    """Grounds (any one) and, when the setting asks, the recommendation (not needed for ground 5)."""
    if facts.case in _INVALIDATION:
        ok = any3([facts.has_infringement_dispute, facts.is_major_interest])
        if ok is None:
            return (INVALIDATION_GROUNDS.unknown(),)
        reason = "专利权已涉及侵权纠纷或具有重大利益" if ok else "未涉及侵权纠纷且无重大利益，不能请求优先审查"
        return (INVALIDATION_GROUNDS.check(ok, reason),)
    if facts.grounds is None:
        items = [GROUNDS.unknown()]
    else:
        ok = bool(facts.grounds)
        reason = f"主张理由：{'、'.join(sorted(facts.grounds))}" if ok else "未主张任何优先审查理由"
        items = [GROUNDS.check(ok, reason, value=tuple(sorted(facts.grounds)))]
    if options.priority_exam_checks_recommendation and PriorityGround.FIRST_FILED_IN_CHINA not in (facts.grounds or ()):
        items.append(
            RECOMMENDATION.flag(
                facts.has_recommendation,
                want=True,
                met_zh="已取得推荐意见",
                unmet_zh="缺少国务院相关部门或省级知识产权局的推荐意见",
            )
        )
    return tuple(items)


# §6.2 average invention examination periods in months: (all inventions, high-value inventions).
# 2019 average and 2020/2022 high-value figures UNCONFIRMED; 2023 is a target.
EXAM_PERIOD_MONTHS: dict[int, tuple[Decimal | None, Decimal | None]] = {
    2018: (Decimal(22), None),
    2019: (Decimal("22.7"), Decimal("17.3")),
    2020: (Decimal("20.0"), Decimal("14.6")),
    2021: (Decimal("18.5"), Decimal("13.3")),
    2022: (Decimal("16.5"), Decimal(13)),
    2023: (Decimal("16.0"), None),
}
# Our own planning spread around the average (not a policy figure).
EARLIEST_FACTOR, LATEST_FACTOR = Decimal("0.75"), Decimal("1.5")


def expected_grant_window(
    application_date: date, kind: str = ExamKind.INVENTION, *, priority_granted_on: date | None = None
) -> GrantWindow:
    """Indicative grant window: the average period of the nearest known filing year (§6.2).

    Priority examination caps the latest date at 1 year from the grant of priority.
    """
    months = exam_period_months(application_date.year, ExamKind(kind))
    earliest = add_fractional_months(application_date, months * EARLIEST_FACTOR)
    likely = add_fractional_months(application_date, months)
    latest = add_fractional_months(application_date, months * LATEST_FACTOR)
    if priority_granted_on is not None:
        cap = add_months(priority_granted_on, 12)
        latest, likely, earliest = min(latest, cap), min(likely, cap), min(earliest, cap)
    return GrantWindow(earliest=earliest, likely=likely, latest=latest)


def exam_period_months(year: int, kind: ExamKind) -> Decimal:
    """Average period of the known year nearest to ``year`` (ties go to the later year)."""
    column = 0 if kind is ExamKind.INVENTION else 1
    known = {y: periods[column] for y, periods in EXAM_PERIOD_MONTHS.items() if periods[column] is not None}
    nearest = min(known, key=lambda y: (abs(y - year), -y))
    return known[nearest]  # type: ignore[return-value]


def _notes(facts: PriorityFacts) -> tuple[str, ...]:
    notes = [
        "办理程序（全体申请人同意、电子申请、推荐意见）为回忆内容，待确认",
        "据一个公开来源，修订后的专利优先审查管理办法自 2026-09-01 施行（待确认），此处仍按 2017 年办法",
    ]
    if facts.case is PriorityCase.INVENTION:
        notes.append("申请人答复审查意见期限：发明 2 个月（回忆内容，待确认）；逾期将停止优先审查")
    elif facts.case in (PriorityCase.UTILITY_MODEL, PriorityCase.DESIGN):
        notes.append("申请人答复审查意见期限：实用新型和外观设计 15 日（回忆内容，待确认）")
    return tuple(notes)
