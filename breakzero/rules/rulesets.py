"""Versioned policy rule sets keyed by effective date, and the lookup that picks the one in force.

An evaluation uses the rule set in force on ``facts.as_of`` (or the tax year,
for the super-deduction) and records its ``id``; ``available_rule_sets`` lets a
caller preview another set ("who would gain or lose under the 2026 rules").
Sources: ``shared/reference/policy-rules.md`` §2–§7.
"""

from __future__ import annotations

from datetime import date

from breakzero.rules.ruleset_types import Confidence, Rule, RuleSet
from breakzero.rules.ruleset_types import t as _t
from breakzero.rules.rulesets_historic import HISTORIC_RULE_SETS
from breakzero.rules.rulesets_programmes import PROGRAMME_RULE_SETS

__all__ = [
    "Confidence",
    "Rule",
    "RuleSet",
    "available_rule_sets",
    "resolve_rule_set",
    "rule_set_by_id",
    "rule_set_for",
    "rule_sets_in_force",
]


_63 = "工信部企业〔2022〕63号"
_2026 = "工信部企业〔2026〕2号（第三方转述，待确认）"

_TIERS: tuple[RuleSet, ...] = (
    # 63号 附件1 stays in use after 2026-04-01 until the merged 科技和创新型
    # standard is published (2026 rules Art. 30 — SINGLE, §2.7).
    RuleSet(
        Rule.INNOVATIVE_SME,
        "miit-2022-63",
        date(2022, 8, 1),
        None,
        f"{_63} 附件1",
        thresholds=_t(pass_score=60, innovation_min=20, growth_min=15, specialisation_min=15, direct_equity=500),
    ),
    RuleSet(
        Rule.SRDI_SME,
        "miit-2022-63",
        date(2022, 8, 1),
        date(2026, 3, 31),
        f"{_63} 附件2",
        thresholds=_t(
            niche_years=2,
            rd_expense=100,
            rd_percent=3,
            revenue=1000,
            equity_alt=2000,
            pass_score=60,
            direct_avg_rd=1000,
            direct_equity=6000,
        ),
    ),
    RuleSet(
        Rule.SRDI_SME,
        "miit-2026-2",
        date(2026, 4, 1),
        None,
        _2026,
        is_confirmed=False,
        thresholds=_t(
            niche_years=3,
            revenue=1500,
            equity_alt=2000,
            main_share=80,
            debt_max=80,
            rd_expense=100,
            rd_percent=3,
            class1_ip=1,
            development_score=50,
        ),
    ),
    RuleSet(
        Rule.LITTLE_GIANT,
        "miit-2022-63",
        date(2022, 8, 1),
        date(2026, 3, 31),
        f"{_63} 附件3",
        thresholds=_t(
            niche_years=3,
            main_share=70,
            avg_growth=5,
            debt_max=70,
            market_share=10,
            large_revenue=10000,
            large_rd_percent=3,
            mid_revenue=5000,
            mid_rd_percent=6,
            small_equity=8000,
            small_rd=3000,
            small_rd_staff=50,
            class1_in_use=2,
        ),
    ),
    RuleSet(
        Rule.LITTLE_GIANT,
        "miit-2026-2",
        date(2026, 4, 1),
        None,
        _2026,
        is_confirmed=False,
        thresholds=_t(
            niche_years=3,
            revenue=5000,
            revenue_cagr=5,
            main_share=90,
            debt_max=75,
            rd_two_year_total=1200,
            rd_percent=3,
            class1_ip=4,
            market_share=10,
            development_score=60,
        ),
    ),
)

_OTHERS: tuple[RuleSet, ...] = (
    # 国科发火〔2016〕32号 and 工作指引 195号; effective date 2016-01-01 UNCONFIRMED (§3).
    RuleSet(
        Rule.HNTE,
        "most-2016-32",
        date(2016, 1, 1),
        None,
        "国科发火〔2016〕32号、国科发火〔2016〕195号",
        thresholds=_t(
            st_staff=10,
            small_sales=5000,
            small_rd_percent=5,
            mid_sales=20000,
            mid_rd_percent=4,
            large_rd_percent=3,
            domestic_rd=60,
            high_tech_revenue=60,
            pass_score=71,
        ),
    ),
    # 国科发政〔2017〕115号; date 2017-05-03 UNCONFIRMED (§7).
    RuleSet(
        Rule.TECH_SME,
        "most-2017-115",
        date(2017, 5, 3),
        None,
        "国科发政〔2017〕115号",
        thresholds=_t(employees=500, sales=20000, assets=20000, pass_score=60),
    ),
    # 国家知识产权局令第76号; order number and 2017-08-01 date UNCONFIRMED (§6.1).
    RuleSet(
        Rule.PRIORITY_EXAM,
        "cnipa-order-76",
        date(2017, 8, 1),
        None,
        "专利优先审查管理办法（国家知识产权局令第76号）第十条",
        thresholds=_t(
            first_action_days=45,
            invention_close_months=12,
            utility_design_months=2,
            reexamination_months=7,
            invalidation_invention_months=5,
            invalidation_design_months=4,
        ),
    ),
    RuleSet(
        Rule.PATENT_FEES,
        "mof-2016-78",
        date(2016, 9, 1),
        date(2019, 6, 30),
        "财税〔2016〕78号",
        thresholds=_t(individual_monthly_yuan=3500, enterprise_taxable=30, single_reduction=85, joint_reduction=70),
    ),
    # 2019 amendment (document numbers UNCONFIRMED; thresholds and date CONFIRMED, §5.2).
    RuleSet(
        Rule.PATENT_FEES,
        "mof-2019-amendment",
        date(2019, 7, 1),
        None,
        "财税〔2016〕78号（2019年修订）",
        thresholds=_t(individual_monthly_yuan=5000, enterprise_taxable=100, single_reduction=85, joint_reduction=70),
    ),
)


def _deduction(
    rule_id: str, start: date, end: date | None, scope: str, extra: int, source: str, *, confirmed: bool = True
) -> RuleSet:
    return RuleSet(
        Rule.SUPER_DEDUCTION,
        rule_id,
        start,
        end,
        source,
        is_confirmed=confirmed,
        scope=scope,
        thresholds=_t(extra_percent=extra),
    )


# §4.1 rate timeline as data. The rate of a tax year is the best row in force on
# 31 December of that year that the firm qualifies for (rd_deduction.py).
_DEDUCTION: tuple[RuleSet, ...] = (
    _deduction("mof-2015-119", date(2016, 1, 1), None, "", 50, "财税〔2015〕119号"),
    _deduction("mof-2017-34", date(2017, 1, 1), date(2019, 12, 31), "tech_sme", 75, "财税〔2017〕34号"),
    _deduction(
        "mof-2018-99",
        date(2018, 1, 1),
        date(2023, 12, 31),
        "",
        75,
        "财税〔2018〕99号；延续：财政部 税务总局公告2021年第6号",
    ),
    _deduction("mof-2021-13", date(2021, 1, 1), None, "manufacturing", 100, "财政部 税务总局公告2021年第13号"),
    _deduction("mof-2022-16", date(2022, 1, 1), None, "tech_sme", 100, "财政部 税务总局 科技部公告2022年第16号"),
    _deduction(
        "mof-2022-28",
        date(2022, 10, 1),
        date(2022, 12, 31),
        "q4_2022",
        100,
        "财政部 税务总局 科技部公告2022年第28号（待确认）",
        confirmed=False,
    ),
    _deduction("mof-2023-7", date(2023, 1, 1), None, "", 100, "财政部 税务总局公告2023年第7号"),
    _deduction(
        "mof-2023-44",
        date(2023, 1, 1),
        date(2027, 12, 31),
        "ic_or_machine_tool",
        120,
        "财政部 税务总局 国家发展改革委 工业和信息化部公告2023年第44号",
    ),
)

_ALL: tuple[RuleSet, ...] = _TIERS + _OTHERS + _DEDUCTION + PROGRAMME_RULE_SETS + HISTORIC_RULE_SETS


def available_rule_sets(rule: str) -> tuple[RuleSet, ...]:
    """Every rule set of ``rule`` (all scopes), oldest first; ``ValueError`` for an unknown rule."""
    cached = _BY_RULE.get(rule)
    if cached is not None and cached[0] is _ALL:  # bulk screening asks this for every enterprise
        return cached[1]
    found = tuple(sorted((s for s in _ALL if s.rule == Rule(rule)), key=lambda s: s.effective_from))
    _BY_RULE[rule] = (_ALL, found)
    return found


# rule → (the _ALL it was read from, its sets): a table replaced (tests) is read again.
_BY_RULE: dict[str, tuple[tuple[RuleSet, ...], tuple[RuleSet, ...]]] = {}


def rule_sets_in_force(rule: str, on: date) -> tuple[RuleSet, ...]:
    """Every rule set of ``rule`` in force on ``on``, including scoped rows."""
    return tuple(s for s in available_rule_sets(rule) if s.in_force(on))


def rule_set_for(rule: str, as_of: date) -> RuleSet:
    """The general (unscoped) rule set of ``rule`` in force on ``as_of``.

    When several general sets are in force the latest-starting one wins (a later
    notice supersedes an earlier one). Raises ``ValueError`` before the first
    effective date.
    """
    general = [s for s in rule_sets_in_force(rule, as_of) if not s.scope]
    if not general:
        first = available_rule_sets(rule)[0].effective_from
        raise ValueError(f"{rule}: no rule set in force on {as_of} (first effective {first})")
    return max(general, key=lambda s: s.effective_from)


def rule_set_by_id(rule: str, rule_set_id: str) -> RuleSet:
    """The rule set of ``rule`` named ``rule_set_id``; ``ValueError`` naming the known ids if absent."""
    found = available_rule_sets(rule)
    for candidate in found:
        if candidate.id == rule_set_id:
            return candidate
    known = "、".join(s.id for s in found)
    raise ValueError(f"{rule}: 没有规则版本 {rule_set_id}（已有：{known}）")


def resolve_rule_set(rule: str, as_of: date) -> tuple[RuleSet, bool]:
    """The rule set to evaluate ``rule`` with on ``as_of``, and whether it is applied retroactively.

    The set in force when there is one; before the first set (a period whose rules
    are not known) the nearest later set, flagged retroactive (UNCONFIRMED,
    programme-rules-2.md §2.5). ``ValueError`` when no later set exists either.
    """
    sets = available_rule_sets(rule)
    cached = _RESOLVED.get((rule, as_of))
    if cached is not None and cached[0] is sets:
        return cached[1]
    try:
        resolved = rule_set_for(rule, as_of), False
    except ValueError:
        later = [s for s in sets if not s.scope and s.effective_from > as_of]
        if not later:
            raise
        resolved = min(later, key=lambda s: s.effective_from), True
    if len(_RESOLVED) > 10_000:
        _RESOLVED.clear()
    _RESOLVED[(rule, as_of)] = (sets, resolved)
    return resolved


# (rule, as_of) → (the sets it was resolved from, the answer): pure, so cached for bulk callers.
_RESOLVED: dict[tuple[str, date], tuple[tuple[RuleSet, ...], tuple[RuleSet, bool]]] = {}
