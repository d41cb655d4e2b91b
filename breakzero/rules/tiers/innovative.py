"""创新型中小企业: the 63号 附件1 score (100 points, group minima) or any one direct condition."""

from __future__ import annotations

from dataclasses import replace

from breakzero.rules.bands import (
    at_least_item,
    ceiling_item,
    falling,
    money_for_points,
    ratio_item,
    rising,
)
from breakzero.rules.facts import EnterpriseFacts, RdInstitutionLevel
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Evaluation, Item, all3, any3, items_passed, outcome, total_item
from breakzero.rules.rulesets import RuleSet
from breakzero.rules.tiers.common import (
    debt_ratio,
    eligibility_items,
    growth_item,
    growth_percent,
    ip_item,
    scored_evaluation,
)
from breakzero.rules.unconfirmed import Unconfirmed

SOURCE = "工信部企业〔2022〕63号 附件1"
INNOVATION, GROWTH, SPECIALISATION = "innovation", "growth", "specialisation"

IP = Indicator("score.ip", "与主导产品相关的有效知识产权", f"{SOURCE} 指标1", INNOVATION, "知识产权数量")
RD = Indicator("score.rd_ratio", "研发费用占营业收入比重", f"{SOURCE} 指标2", INNOVATION, "上年度研发费用和营业收入")
GROWTH_RATE = Indicator(
    "score.revenue_growth", "主营业务收入增长率", f"{SOURCE} 指标3", GROWTH, "上年度和上上年度主营业务收入"
)
DEBT = Indicator("score.debt_ratio", "资产负债率", f"{SOURCE} 指标4", GROWTH, "上年末资产和负债总额")
FIELD = Indicator(
    "score.field", "主导产品所属领域", f"{SOURCE} 指标5", SPECIALISATION, "主导产品是否属于战略性新兴产业"
)
MAIN_SHARE = Indicator(
    "score.main_business_share",
    "主营业务收入占营业收入比重",
    f"{SOURCE} 指标6",
    SPECIALISATION,
    "上年度主营业务收入和营业收入",
)

IP_POINTS = (20, 15, 10, 5)
RD_RATIO = rising("%", ("5", 20), ("3", 15), ("2", 10), ("1", 5), (None, 0))
GROWTH_BANDS = rising("%", ("15", 20), ("10", 15), ("5", 10), ("0", 5), (None, 0))
DEBT_BANDS = falling("%", ("55", 10), ("75", 5), (None, 0))
MAIN_SHARE_BANDS = rising("%", ("70", 20), ("60", 15), ("55", 10), ("50", 5), (None, 0))
_GROUP_NAMES = {INNOVATION: "创新能力", GROWTH: "成长性", SPECIALISATION: "专业化"}


def evaluate_innovative(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Evaluation:
    """Pass = total ≥ 60 with 创新能力 ≥ 20, 成长性 ≥ 15, 专业化 ≥ 15, or any direct condition (附件1)."""
    eligibility = eligibility_items(facts)
    scored = score_items(facts, options)
    gates = gate_items(scored, rule_set)
    direct = direct_items(facts, rule_set)
    by_score = items_passed(gates)
    passed = all3([items_passed(eligibility), any3([by_score, *(outcome(i) for i in direct)])])
    result = scored_evaluation(passed, eligibility + scored + gates + direct, rule_set.id, facts.as_of, scored)
    if facts.has_srdi_title or facts.has_little_giant_title:
        note = "持有有效专精特新或小巨人称号的企业不参加创新型中小企业评价（SINGLE）"
        result = replace(result, notes=(*result.notes, note))
    return result


def score_items(facts: EnterpriseFacts, options: Unconfirmed) -> tuple[Item, ...]:
    """The six scored indicators of 附件1."""
    growth_known = facts.main_business_revenue_prev is not None and facts.main_business_revenue_prev2 is not None
    growth = (
        growth_percent(facts.main_business_revenue_prev, facts.main_business_revenue_prev2) if growth_known else None
    )  # type: ignore[arg-type]
    return (
        ip_item(IP, facts, IP_POINTS),
        ratio_item(RD, facts.rd_expense_prev, facts.operating_revenue_prev, RD_RATIO, gap=money_for_points("研发费用")),
        growth_item(GROWTH_RATE, growth, growth_known, GROWTH_BANDS, options),
        ceiling_item(DEBT, debt_ratio(facts), DEBT_BANDS, favourable_edges=options.debt_ratio_edge_favourable),
        _field_item(facts),
        ratio_item(
            MAIN_SHARE,
            facts.main_business_revenue_prev,
            facts.operating_revenue_prev,
            MAIN_SHARE_BANDS,
            part_of_whole=True,
        ),
    )


def gate_items(scored: tuple[Item, ...], rule_set: RuleSet) -> tuple[Item, ...]:
    """Total ≥ 60 and the three group minima."""
    minima = {INNOVATION: "innovation_min", GROWTH: "growth_min", SPECIALISATION: "specialisation_min"}
    gates = [total_item("score.total", "总分", scored, minimum=rule_set.threshold("pass_score"), source=SOURCE)]
    for group, key in minima.items():
        members = [i for i in scored if i.group == group]
        gates.append(
            total_item(
                f"group.{group}",
                f"{_GROUP_NAMES[group]}得分",
                members,
                minimum=rule_set.threshold(key),
                source=SOURCE,
                group=group,
            )
        )
    return tuple(gates)


_DIRECT_SOURCE = f"{SOURCE} 直通条件"
AWARD = Indicator("direct.award", "近三年获得国家级或省级科技奖励", _DIRECT_SOURCE, "direct")
HONOUR = Indicator("direct.honour", "有效期内的高新技术企业等荣誉", _DIRECT_SOURCE, "direct")
EQUITY = Indicator("direct.equity_financing", "近三年新增股权融资", _DIRECT_SOURCE, "direct", "近三年新增股权融资额")
INSTITUTION = Indicator(
    "direct.rd_institution", "拥有经认定的省部级以上研发机构", _DIRECT_SOURCE, "direct", "研发机构级别"
)


def direct_items(facts: EnterpriseFacts, rule_set: RuleSet) -> tuple[Item, ...]:
    """The four direct conditions; any one met qualifies (附件1 直通条件)."""
    return (
        AWARD.flag(
            facts.has_sti_award_3y,
            want=True,
            met_zh="近三年获得国家级或省级科技奖励（直通）",
            unmet_zh="近三年未获得国家级或省级科技奖励",
        ),
        HONOUR.flag(
            facts.has_valid_honour,
            want=True,
            met_zh="拥有有效期内的高新技术企业、技术创新示范或知识产权优势/示范企业称号（直通）",
            unmet_zh="没有有效期内的高新技术企业等直通荣誉",
        ),
        _institution_item(facts.rd_institution_level),
        at_least_item(EQUITY, facts.equity_financing_3y, rule_set.threshold("direct_equity"), unit="万元"),
    )


def _field_item(facts: EnterpriseFacts) -> Item:
    if facts.is_strategic_emerging_field is None:
        return FIELD.unknown(max_points=10)
    if facts.is_strategic_emerging_field:
        return FIELD.scored(10, 10, "主导产品属于《战略性新兴产业分类》，得 10 分", value=True)
    return FIELD.scored(5, 10, "主导产品不属于《战略性新兴产业分类》，得 5 分（属于可得 10 分）", value=False)


def _institution_item(level: RdInstitutionLevel | None) -> Item:
    ind = INSTITUTION
    if level is None:
        return ind.unknown()
    ok = level in (RdInstitutionLevel.NATIONAL, RdInstitutionLevel.PROVINCIAL)
    reason = "拥有经认定的省部级以上研发机构（直通）" if ok else "没有经认定的省部级以上研发机构"
    return ind.check(ok, reason, value=str(level))
