"""专精特新"小巨人" before 63号 (programme-rules-2.md §2.5.2): the 2018 first batch and the 2020–2022 batches.

No official annex text of these batches is available: every threshold comes from
the batch's rule set (``rulesets_historic.py``) with its LIKELY/UNCONFIRMED mark
shown in the item's name, and a condition whose number is not known is reported
as an UNCONFIRMED item that stays undecided.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from breakzero.rules.bands import at_least_item, at_most_item, fmt_wan, plain, ratio_at_least_item
from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import CriterionStatus, Evaluation, Item, any3, items_passed
from breakzero.rules.rulesets import RuleSet
from breakzero.rules.tiers.common import average_growth, debt_ratio, growth_percent
from breakzero.rules.tiers.little_giant import rd_intensity_item
from breakzero.rules.unconfirmed import Unconfirmed

BATCH_2018 = "miit-2018-381"


def evaluate_little_giant_batch(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Evaluation:
    """All conditions of the batch's rule set (2018: §2.5.2 (A); 2020–2022: §2.5.2 (B))."""
    build = _items_2018 if rule_set.id == BATCH_2018 else _items_2020
    items = build(facts, rule_set, options)
    passed = items_passed(items)
    notes = [rule_set.note_zh]
    if passed is None:
        notes.append("结论待定：有未知事实或未确认的条件，见各项")
    return Evaluation(passed=passed, items=items, rule_set=rule_set.id, as_of=facts.as_of, notes=tuple(notes))


def _items_2018(facts: EnterpriseFacts, rs: RuleSet, options: Unconfirmed) -> tuple[Item, ...]:
    return (
        _flag(rs, "prerequisite.is_sme", "属于中小企业", facts.is_sme),
        _flag(rs, "prerequisite.srdi", "列入省级专精特新企业名单（待确认）", facts.has_srdi_title),
        _revenue_window(facts, rs),
        _growth_item(facts, rs, options),
        at_most_item(_ind(rs, "refinement.debt_ratio", "资产负债率", "debt_max"), debt_ratio(facts),
                     rs.threshold("debt_max"), unit="%"),
        at_least_item(_ind(rs, "specialisation.niche_years", "从事特定细分市场年限", "niche_years"),
                      facts.niche_years, rs.threshold("niche_years"), unit="年"),
        _main_share(facts, rs),
        _flag(rs, "characteristic.province_top3", f"主导产品在全省细分市场排名前三{rs.marked('province_rank')}",
              facts.is_top3_in_province),
        _unconfirmed(rs, "innovation.rd_input", "近2年研发投入", "通知附件原文未获取，研发投入要求未知（待确认）"),
        ratio_at_least_item(_ind(rs, "innovation.st_staff", "科技人员（按研发人员计）占从业人员比例", "st_staff_pct"),
                            facts.rd_staff, facts.employees, rs.threshold("st_staff_pct"), part_of_whole=True),
        _ip_item(facts, rs),
    )


def _items_2020(facts: EnterpriseFacts, rs: RuleSet, options: Unconfirmed) -> tuple[Item, ...]:
    rd = rd_intensity_item(facts, rs, options)
    rd = replace(rd, name_zh=f"{rd.name_zh}（很可能）", source=rs.source)
    return (
        _flag(rs, "prerequisite.is_sme", "属于中小企业", facts.is_sme),
        _flag(rs, "prerequisite.srdi", "省级专精特新企业（湖南为省级小巨人）", facts.has_srdi_title),
        at_least_item(_ind(rs, "specialisation.niche_years", "从事特定细分市场年限", "niche_years"),
                      facts.niche_years, rs.threshold("niche_years"), unit="年"),
        _main_share(facts, rs),
        _growth_item(facts, rs, options),
        at_most_item(_ind(rs, "refinement.debt_ratio", "资产负债率", "debt_max"), debt_ratio(facts),
                     rs.threshold("debt_max"), unit="%"),
        at_least_item(_ind(rs, "characteristic.market_share", "主导产品全国细分市场占有率", "market_share"),
                      facts.niche_market_share_pct, rs.threshold("market_share"), unit="%"),
        rd,
        _flag(rs, "innovation.rd_institution", "自建或合作共建研发机构（待确认）", facts.has_rd_institution),
        _ip_item(facts, rs),
    )


def _ind(rs: RuleSet, code: str, name: str, key: str) -> Indicator:
    return Indicator(code, f"{name}{rs.marked(key)}", rs.source, code.split(".")[0], name)


def _flag(rs: RuleSet, code: str, name: str, value: bool | None) -> Item:
    ind = Indicator(code, name, rs.source, code.split(".")[0])
    return ind.flag(value, want=True, met_zh=name, unmet_zh=f"不满足：{name}")


def _unconfirmed(rs: RuleSet, code: str, name: str, reason: str) -> Item:
    return Item(code=code, name_zh=name, status=CriterionStatus.UNKNOWN, reason_zh=reason, source=rs.source,
                threshold="未知（待确认）", group="unconfirmed")


def _main_share(facts: EnterpriseFacts, rs: RuleSet) -> Item:
    ind = _ind(rs, "specialisation.main_business_share", "主营业务收入占营业收入比重", "main_share")
    return ratio_at_least_item(ind, facts.main_business_revenue_prev, facts.operating_revenue_prev,
                               rs.threshold("main_share"), part_of_whole=True)


def _revenue_window(facts: EnterpriseFacts, rs: RuleSet) -> Item:
    low, high = rs.threshold("revenue_min"), rs.threshold("revenue_max")
    ind = _ind(rs, "specialisation.revenue", "上年度营业收入在 1 亿–4 亿元之间", "revenue_min")
    threshold = f"{plain(low)}–{plain(high)} 万元（含两端，待确认 读法）"
    revenue = facts.operating_revenue_prev
    if revenue is None:
        return ind.unknown(threshold=threshold)
    ok = low <= revenue <= high
    return ind.check(ok, f"上年度营业收入 {fmt_wan(revenue)}，需 {threshold}", value=revenue, threshold=threshold)


def _growth_item(facts: EnterpriseFacts, rs: RuleSet, options: Unconfirmed) -> Item:
    """Average growth of main-business revenue **or** net profit over 2 years ≥ the batch minimum."""
    minimum = rs.threshold("avg_growth")
    ind = _ind(rs, "specialisation.average_growth", "近2年主营业务收入或净利润平均增长率", "avg_growth")
    revenue, revenue_known = average_growth(facts, options.average_growth_method)
    profit = _profit_growth(facts)
    outcomes = [None if not revenue_known or revenue is None else revenue >= minimum,
                None if profit is None else profit >= minimum]
    ok = any3(outcomes)
    shown = [f"主营业务收入 {_pct(revenue) if revenue_known else '未知'}", f"净利润 {_pct(profit)}"]
    reason = f"需任一 ≥ {plain(minimum)}%；{'，'.join(shown)}"
    return ind.check(ok, reason, value=revenue, threshold=f"≥ {plain(minimum)}%")


def _profit_growth(facts: EnterpriseFacts) -> Decimal | None:
    values = (facts.net_profit_prev, facts.net_profit_prev2, facts.net_profit_prev3)
    if any(v is None or v <= 0 for v in values[1:]) or values[0] is None:
        return None  # unknown, or a loss base year: growth undefined
    first, second = growth_percent(values[0], values[1]), growth_percent(values[1], values[2])
    return None if first is None or second is None else (first + second) / 2


def _pct(value: Decimal | None) -> str:
    return "未知" if value is None else f"{value.quantize(Decimal('0.01'))}%"


def _ip_item(facts: EnterpriseFacts, rs: RuleSet) -> Item:
    inventions, others = rs.threshold("invention_patents"), rs.threshold("other_ip")
    name = f"发明专利 ≥ {plain(inventions)} 项或实用新型、外观设计、软件著作权 ≥ {plain(others)} 项{rs.marked('other_ip')}"
    ind = Indicator("innovation.ip", name, rs.source, "innovation", "知识产权数量")
    outcomes = [None if facts.ip_class1 is None else facts.ip_class1 >= inventions,
                None if facts.ip_class2 is None else facts.ip_class2 >= others]
    ok = any3(outcomes)
    if ok is None:
        return ind.unknown()
    reason = f"Ⅰ类（发明专利等）{facts.ip_class1 if facts.ip_class1 is not None else '未知'} 项，" \
             f"Ⅱ类 {facts.ip_class2 if facts.ip_class2 is not None else '未知'} 项"
    return ind.check(ok, reason, value=(facts.ip_class1, facts.ip_class2))
