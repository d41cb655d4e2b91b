"""专精特新中小企业 under 63号 附件2: four conditions, the fourth being score ≥ 60 or a direct condition."""

from __future__ import annotations

from decimal import Decimal

from breakzero.rules.bands import at_least_item, bound, fmt_wan, money_for_points, plain, ratio_at_least_item
from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import (
    DeferredText,
    Evaluation,
    Item,
    all3,
    any3,
    items_passed,
    outcome,
    total_item,
)
from breakzero.rules.rulesets import RuleSet
from breakzero.rules.tiers.common import eligibility_items, scored_evaluation
from breakzero.rules.tiers.srdi_score import srdi_score_items
from breakzero.rules.unconfirmed import Unconfirmed

SOURCE = "工信部企业〔2022〕63号 附件2"


def _cond(code: str, name: str, clause: str, missing: str = "") -> Indicator:
    return Indicator(f"condition.{code}", name, f"{SOURCE} 第{clause}条", "condition", missing)


NICHE = _cond("niche_years", "从事特定细分市场年限", "1", "从事细分市场年限")
RD_EXPENSE = _cond("rd_expense", "上年度研发费用总额", "2", "上年度研发费用")
RD_RATIO = _cond("rd_ratio", "研发费用占营业收入比重", "2", "上年度研发费用和营业收入")
REVENUE = _cond("revenue_or_financing", "营业收入或近2年新增股权融资", "3", "上年度营业收入或近2年股权融资额")
TITLE = _cond("innovative_title", "已获创新型中小企业称号（省定前置条件）", "0", "是否持有创新型中小企业称号")


def evaluate_srdi(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Evaluation:
    """Conditions 1–3 all met, and condition 4 (score ≥ 60 or any direct condition), plus §2.0."""
    eligibility = eligibility_items(facts)
    conditions = condition_items(facts, rule_set, options)
    scored = srdi_score_items(facts, options)
    gate = total_item(
        "score.total", "评价总分", scored, minimum=rule_set.threshold("pass_score"), source=f"{SOURCE} 第4条"
    )
    direct = direct_items(facts, rule_set)
    condition4 = any3([outcome(gate), *(outcome(i) for i in direct)])
    passed = all3([items_passed(eligibility), items_passed(conditions), condition4])
    items = eligibility + conditions + scored + (gate,) + direct
    return scored_evaluation(passed, items, rule_set.id, facts.as_of, scored)


def condition_items(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> tuple[Item, ...]:
    """Conditions 1–3 (niche years, R&D amount and ratio, revenue or equity financing)."""
    items = [
        at_least_item(NICHE, facts.niche_years, rule_set.threshold("niche_years"), unit="年"),
        at_least_item(RD_EXPENSE, facts.rd_expense_prev, rule_set.threshold("rd_expense"), unit="万元"),
        ratio_at_least_item(
            RD_RATIO,
            facts.rd_expense_prev,
            facts.operating_revenue_prev,
            rule_set.threshold("rd_percent"),
            gap=money_for_points("研发费用"),
        ),
        revenue_or_financing_item(REVENUE, facts, rule_set),
    ]
    if options.srdi_requires_innovative_title:
        items.insert(
            0,
            TITLE.flag(
                facts.has_innovative_title,
                want=True,
                met_zh="已获创新型中小企业称号",
                unmet_zh="本省要求先获创新型中小企业称号，企业尚未获得（待确认 省定条件）",
            ),
        )
    return tuple(items)


def revenue_or_financing_item(ind: Indicator, facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    """Revenue ≥ threshold, or (below it) 2-year new equity financing ≥ the alternative threshold."""
    revenue_min, equity_min = rule_set.threshold("revenue"), rule_set.threshold("equity_alt")
    revenue, equity = facts.operating_revenue_prev, facts.equity_financing_2y
    by_revenue = None if revenue is None else revenue >= revenue_min
    by_equity = None if equity is None else equity >= equity_min
    ok = any3([by_revenue, by_equity])
    threshold = f"营业收入 {bound('≥', revenue_min, '万元')}，或近2年股权融资 {bound('≥', equity_min, '万元')}"
    if ok is None:
        return ind.unknown(threshold=threshold)
    reason = DeferredText(_revenue_or_financing_reason, revenue, equity, revenue_min, equity_min, by_revenue, by_equity)
    return ind.check(ok, reason, value=revenue, threshold=threshold)


def _revenue_or_financing_reason(
    revenue: Decimal | None,
    equity: Decimal | None,
    revenue_min: Decimal,
    equity_min: Decimal,
    by_revenue: bool | None,
    by_equity: bool | None,
) -> str:
    if by_revenue:
        reason = f"上年度营业收入 {fmt_wan(revenue)}，达到 {plain(revenue_min)} 万元"  # type: ignore[arg-type]
    elif by_equity:
        reason = (
            f"营业收入低于 {plain(revenue_min)} 万元，"
            f"但近2年新增股权融资 {fmt_wan(equity)}，达到 {plain(equity_min)} 万元"  # type: ignore[arg-type]
        )
    else:
        reason = (
            f"上年度营业收入 {fmt_wan(revenue)}，还差 {fmt_wan(revenue_min - revenue)}；"  # type: ignore[operator,arg-type]
            f"近2年股权融资 {fmt_wan(equity)}，还差 {fmt_wan(equity_min - equity)}"
        )  # type: ignore[operator,arg-type]
    return reason


_DIRECT_SOURCE = f"{SOURCE} 第4条 直通条件"
AWARD = Indicator("direct.award", "近三年获省级科技奖励前三名或国家级前五名", _DIRECT_SOURCE, "direct")
AVERAGE_RD = Indicator("direct.average_rd", "近2年研发费用平均额", _DIRECT_SOURCE, "direct", "近2年研发费用")
EQUITY = Indicator("direct.equity_financing", "近2年新增股权融资", _DIRECT_SOURCE, "direct", "近2年股权融资额")
MAKER = Indicator("direct.maker_china", "近三年进入“创客中国”全国500强", _DIRECT_SOURCE, "direct")


def direct_items(facts: EnterpriseFacts, rule_set: RuleSet) -> tuple[Item, ...]:
    """Direct conditions a–d of condition 4; any one met replaces the score."""
    award, average_rd, equity, maker = AWARD, AVERAGE_RD, EQUITY, MAKER
    average = (
        None
        if facts.rd_expense_prev is None or facts.rd_expense_prev2 is None
        else (Decimal(facts.rd_expense_prev) + Decimal(facts.rd_expense_prev2)) / 2
    )
    return (
        award.flag(
            facts.has_award_top_rank_3y,
            want=True,
            met_zh="近三年获省级科技奖励前三名或国家级前五名（直通）",
            unmet_zh="近三年未获省级前三名或国家级前五名科技奖励",
        ),
        at_least_item(average_rd, average, rule_set.threshold("direct_avg_rd"), unit="万元"),
        at_least_item(equity, facts.equity_financing_2y, rule_set.threshold("direct_equity"), unit="万元"),
        maker.flag(
            facts.is_maker_china_top500_3y,
            want=True,
            met_zh="近三年进入“创客中国”全国500强（直通）",
            unmet_zh="近三年未进入“创客中国”全国500强",
        ),
    )
