"""专精特新 and 小巨人 under 工信部企业〔2026〕2号 (from 2026-04-01): hard thresholds plus the platform score.

All thresholds are UNCONFIRMED (two third-party summaries, not the official
text; policy-rules §2.7) and live in rule set ``miit-2026-2``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from breakzero.rules.bands import (
    EXACT,
    at_least_item,
    bound,
    at_most_item,
    fmt_pct,
    plain,
    ratio_at_least_item,
)
from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import CriterionStatus, DeferredText, Evaluation, Item, any3, items_passed
from breakzero.rules.rulesets import RuleSet
from breakzero.rules.tiers.common import debt_ratio, each_year_rd_ratio_item, eligibility_items
from breakzero.rules.tiers.srdi import revenue_or_financing_item
from breakzero.rules.unconfirmed import Unconfirmed

SOURCE = "工信部企业〔2026〕2号（待确认，第三方转述）"
NOTE = "2026年新办法门槛来自第三方转述，尚未与官方文本核对（待确认）"


def _ind(code: str, name: str, missing: str = "") -> Indicator:
    return Indicator(f"condition.{code}", name, SOURCE, "condition", missing)


INNOVATIVE_TITLE = _ind("innovative_title", "持有科技和创新型中小企业称号")
SRDI_TITLE = _ind("srdi_title", "持有专精特新中小企业称号")
NICHE = _ind("niche_years", "从事特定细分市场年限", "从事细分市场年限")
REVENUE = _ind("revenue", "上年度营业收入", "上年度营业收入")
REVENUE_OR_EQUITY = _ind("revenue_or_financing", "营业收入或近2年股权融资", "营业收入或近2年股权融资额")
CAGR = _ind("revenue_cagr", "近2年营业收入复合增长率", "近三年营业收入")
MAIN_SHARE = _ind("main_business_share", "主营业务收入占营业收入比重", "主营业务收入和营业收入")
DEBT = _ind("debt_ratio", "年末资产负债率", "年末资产和负债总额")
RD_EACH_YEAR = _ind("rd_expense_each_year", "近2年每年研发费用", "近2年研发费用")
RD_TOTAL = _ind("rd_expense_two_years", "近2年研发费用合计", "近2年研发费用")
RD_RATIO = _ind("rd_ratio_each_year", "近2年每年研发费用占比", "近2年研发费用和营业收入")
CLASS1 = _ind("ip_class1", "Ⅰ类知识产权", "Ⅰ类知识产权数")
MARKET = _ind("market", "细分市场占有率 ≥ 10% 或全国前三", "细分市场占有率或排名")
SCORE = _ind("development_score", "专精特新发展评价得分", "发展评价得分")


def evaluate_srdi_2026(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Evaluation:
    """专精特新中小企业 (2026): title, niche, revenue, main share, debt, R&D, Ⅰ类 IP, score ≥ 50."""
    conditions = tuple(build(facts, rule_set) for build in SRDI_CONDITIONS)
    notes = (NOTE, "Ⅰ类知识产权要求的豁免情形未确认；市场占有率“较高”无量化标准，未评价")
    return _evaluation(facts, rule_set, eligibility_items(facts) + conditions, notes)


def evaluate_little_giant_2026(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Evaluation:
    """小巨人 (2026): 专精特新 title, niche, revenue and growth, shares, R&D, Ⅰ类 IP, market, score ≥ 60."""
    conditions = tuple(build(facts, rule_set) for build in LITTLE_GIANT_CONDITIONS)
    notes = (NOTE, "复核时发展评价取近2年任一年达标即可：请提供两年中较高的得分")
    return _evaluation(facts, rule_set, eligibility_items(facts) + conditions, notes)


# Each condition's own builder, in the order of the evaluation's items (after §2.0's eligibility):
# the screening summary (rules.summaries.revision_2026) builds only the first unmet one.
Builder = Callable[[EnterpriseFacts, RuleSet], Item]


def _innovative_title(facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    return INNOVATIVE_TITLE.flag(
        facts.has_innovative_title,
        want=True,
        met_zh="持有科技和创新型中小企业称号",
        unmet_zh="未持有科技和创新型中小企业称号（前置条件）",
    )


def _srdi_title(facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    return SRDI_TITLE.flag(
        facts.has_srdi_title,
        want=True,
        met_zh="持有专精特新中小企业称号",
        unmet_zh="未持有专精特新中小企业称号（前置条件）",
    )


def _niche(facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    return at_least_item(NICHE, facts.niche_years, rule_set.threshold("niche_years"), unit="年")


def _main_share(facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    return ratio_at_least_item(
        MAIN_SHARE,
        facts.main_business_revenue_prev,
        facts.operating_revenue_prev,
        rule_set.threshold("main_share"),
        part_of_whole=True,
    )


def _debt(facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    return at_most_item(DEBT, debt_ratio(facts), rule_set.threshold("debt_max"), unit="%")


def _rd_ratio(facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    return each_year_rd_ratio_item(RD_RATIO, facts, rule_set.threshold("rd_percent"))


def _score(facts: EnterpriseFacts, rule_set: RuleSet) -> Item:
    return at_least_item(SCORE, facts.development_score, rule_set.threshold("development_score"), unit="分")


SRDI_CONDITIONS: tuple[Builder, ...] = (
    _innovative_title,
    _niche,
    lambda facts, rule_set: revenue_or_financing_item(REVENUE_OR_EQUITY, facts, rule_set),
    _main_share,
    _debt,
    lambda facts, rule_set: _each_year_amount_item(facts, rule_set.threshold("rd_expense")),
    _rd_ratio,
    lambda facts, rule_set: at_least_item(CLASS1, facts.ip_class1, rule_set.threshold("class1_ip"), unit="项"),
    _score,
)
LITTLE_GIANT_CONDITIONS: tuple[Builder, ...] = (
    _srdi_title,
    _niche,
    lambda facts, rule_set: at_least_item(
        REVENUE, facts.operating_revenue_prev, rule_set.threshold("revenue"), unit="万元"
    ),
    lambda facts, rule_set: cagr_item(facts, rule_set.threshold("revenue_cagr")),
    _main_share,
    _debt,
    lambda facts, rule_set: at_least_item(
        RD_TOTAL, _two_year_rd(facts), rule_set.threshold("rd_two_year_total"), unit="万元"
    ),
    _rd_ratio,
    lambda facts, rule_set: _class1_item(facts, rule_set.threshold("class1_ip")),
    lambda facts, rule_set: _market_item(facts, rule_set.threshold("market_share")),
    _score,
)


def cagr_item(facts: EnterpriseFacts, minimum: Decimal) -> Item:
    """2-year revenue CAGR = sqrt(R_prev / R_prev3) − 1 ≥ 5%; not required at re-review."""
    threshold = f"{bound('≥', minimum, '%')}（复核不考核）"
    if facts.is_re_review:
        return CAGR.check(True, "复核不考核营业收入增长率", threshold=threshold)
    prev, prev3 = facts.operating_revenue_prev, facts.operating_revenue_prev3
    if prev is None or prev3 is None or prev3 <= 0:
        return CAGR.unknown(threshold=threshold)
    # Compare exactly on the ratio: R_prev / R_prev3 ≥ (1 + t)²; the root is for display only.
    ok = prev * 10000 >= prev3 * (100 + minimum) ** 2
    rate = EXACT.multiply(EXACT.subtract(EXACT.sqrt(EXACT.divide(Decimal(prev), Decimal(prev3))), 1), 100)
    reason = DeferredText(_cagr_reason, rate, minimum)
    return CAGR.check(any3([ok, facts.is_re_review]), reason, value=rate, threshold=threshold)


def _cagr_reason(rate: Decimal, minimum: Decimal) -> str:
    return f"近2年营业收入复合增长率 {fmt_pct(rate)}，需 ≥ {plain(minimum)}%"


def _each_year_amount_item(facts: EnterpriseFacts, minimum: Decimal) -> Item:
    years = (facts.rd_expense_prev, facts.rd_expense_prev2)
    threshold = f"每年 {bound('≥', minimum, '万元')}"
    if None in years:
        return RD_EACH_YEAR.unknown(threshold=threshold)
    lowest = min(years)  # type: ignore[type-var]
    reason = DeferredText(_each_year_amount_reason, years, minimum)
    return RD_EACH_YEAR.check(lowest >= minimum, reason, value=years, threshold=threshold)


def _each_year_amount_reason(years: tuple[Decimal, Decimal], minimum: Decimal) -> str:
    return f"近2年研发费用 {plain(years[0])}、{plain(years[1])} 万元，每年需 ≥ {plain(minimum)} 万元"


def _two_year_rd(facts: EnterpriseFacts) -> Decimal | None:
    if facts.rd_expense_prev is None or facts.rd_expense_prev2 is None:
        return None
    return Decimal(facts.rd_expense_prev) + Decimal(facts.rd_expense_prev2)


def _class1_item(facts: EnterpriseFacts, minimum: Decimal) -> Item:
    if facts.has_national_award_top3_3y:
        return CLASS1.check(True, "近三年获国家级科技奖励排名前三，免于Ⅰ类知识产权数量要求")
    item = at_least_item(CLASS1, facts.ip_class1, minimum, unit="项")
    if item.status is CriterionStatus.UNMET and facts.has_national_award_top3_3y is None:
        return CLASS1.unknown(threshold=item.threshold)  # the award exemption could still apply
    return item


def _market_item(facts: EnterpriseFacts, minimum: Decimal) -> Item:
    share = facts.niche_market_share_pct
    by_share = None if share is None else share >= minimum
    ok = any3([by_share, facts.is_top3_in_china])
    if ok is None:
        return MARKET.unknown()
    reason = f"细分市场占有率 {fmt_pct(share)}" if share is not None else "细分市场占有率未知"
    reason += "，全国排名前三" if facts.is_top3_in_china else ""
    return MARKET.check(ok, reason + ("，满足" if ok else f"，需 ≥ {plain(minimum)}% 或全国前三"))


def _evaluation(
    facts: EnterpriseFacts, rule_set: RuleSet, items: tuple[Item, ...], notes: tuple[str, ...]
) -> Evaluation:
    passed = items_passed(items)
    return Evaluation(passed=passed, items=items, rule_set=rule_set.id, as_of=facts.as_of, notes=notes)
