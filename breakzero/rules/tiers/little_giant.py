"""专精特新"小巨人" under 63号 附件3: all six groups (专、精、特、新、链、品) must hold."""

from __future__ import annotations

from dataclasses import replace

from breakzero.rules.bands import at_least_item, at_most_item, bound, part_exceeds_whole, ratio_at_least_item
from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Evaluation, Item, all3, any3, items_passed, outcome
from breakzero.rules.rulesets import RuleSet
from breakzero.rules.tiers.common import (
    average_growth,
    debt_ratio,
    each_year_rd_ratio_item,
    eligibility_items,
    share,
)
from breakzero.rules.unconfirmed import Unconfirmed

SOURCE = "工信部企业〔2022〕63号 附件3"


def _ind(code: str, name: str, group: str, missing: str = "") -> Indicator:
    return Indicator(f"{group}.{code}", name, f"{SOURCE}（{_GROUP_ZH[group]}）", group, missing)


_GROUP_ZH = {
    "specialisation": "专业化",
    "refinement": "精细化",
    "characteristic": "特色化",
    "innovation": "创新能力",
    "chain": "产业链配套",
    "field": "主导产品所属领域",
    "prerequisite": "推荐前提",
}
NICHE = _ind("niche_years", "从事特定细分市场年限", "specialisation", "从事细分市场年限")
MAIN_SHARE = _ind("main_business_share", "主营业务收入占营业收入比重", "specialisation", "上年度主营业务收入和营业收入")
GROWTH = _ind("average_growth", "近2年主营业务收入平均增长率", "specialisation", "近三年主营业务收入")
INFO_SYSTEM = _ind("information_system", "核心业务采用信息系统支撑", "refinement")
CERTIFICATION = _ind("certification", "取得发达国家或地区的管理体系或产品认证", "refinement")
DEBT = _ind("debt_ratio", "资产负债率", "refinement", "上年末资产和负债总额")
MARKET_SHARE = _ind("market_share", "主导产品全国细分市场占有率", "characteristic", "细分市场占有率")
BRAND = _ind("brand", "拥有自主品牌", "characteristic")
RD_INTENSITY = _ind("rd_intensity", "研发投入强度（按营业收入分档）", "innovation", "近2年研发费用和营业收入")
INSTITUTION = _ind("rd_institution", "自建或合作共建研发机构", "innovation")
IP_IN_USE = _ind("ip_class1_in_use", "实际应用并产生效益的Ⅰ类知识产权", "innovation", "已应用的Ⅰ类知识产权数")
AWARD = _ind("direct_award", "近三年获国家级科技奖励且排名前三", "innovation")
MAKER = _ind("direct_maker_china", "近三年进入“创客中国”全国50强", "innovation")
INNOVATION = _ind("summary", "创新能力（一般条件全部满足或任一直通条件）", "innovation")
CHAIN = _ind("key_chain_role", "在产业链关键环节补短板、锻长板、填空白", "chain")
FIELD = _ind("key_field", "主导产品属于重点领域", "field")
SRDI_TITLE = _ind("srdi_title", "持有有效的省级专精特新中小企业称号", "prerequisite")


def evaluate_little_giant_2022(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Evaluation:
    """All six groups and the §2.0 conditions (附件3); 创新能力 = general conditions or a direct one."""
    innovation = innovation_items(facts, rule_set, options)
    others = (
        eligibility_items(facts),
        prerequisite_items(facts, options),
        specialisation_items(facts, rule_set, options),
        refinement_items(facts, rule_set),
        characteristic_items(facts, rule_set),
        qualitative_items(facts),
    )
    items = tuple(item for group in others[:5] for item in group) + innovation + others[5]
    # 创新能力 is decided by its summary item: an unmet general condition is rescued by a direct one.
    passed = all3([*(items_passed(group) for group in others), outcome(innovation[-1])])
    notes = () if passed is not None else ("结论待定：有未知事实，见各项",)
    return Evaluation(passed=passed, items=items, rule_set=rule_set.id, as_of=facts.as_of, notes=notes)


def prerequisite_items(facts: EnterpriseFacts, options: Unconfirmed) -> tuple[Item, ...]:
    """In practice a valid provincial 专精特新 title is required (SINGLE; a setting)."""
    if not options.little_giant_requires_srdi_title:
        return ()
    return (
        SRDI_TITLE.flag(
            facts.has_srdi_title,
            want=True,
            met_zh="持有有效的省级专精特新中小企业称号",
            unmet_zh="未持有有效的省级专精特新中小企业称号（推荐前提）",
        ),
    )


def specialisation_items(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> tuple[Item, ...]:
    """专: niche ≥ 3 years, main business ≥ 70%, average 2-year growth ≥ 5%."""
    growth, known = average_growth(facts, options.average_growth_method)
    minimum = rule_set.threshold("avg_growth")
    if known and growth is None:  # zero base: growth undefined (UNCONFIRMED handling)
        growth_item = (
            GROWTH.check(False, "基期主营业务收入为 0，增长率无法计算，视为不满足（待确认）")
            if options.zero_base_growth_scores_zero
            else GROWTH.unknown()
        )
    else:
        growth_item = at_least_item(GROWTH, growth if known else None, minimum, unit="%")
    return (
        at_least_item(NICHE, facts.niche_years, rule_set.threshold("niche_years"), unit="年"),
        ratio_at_least_item(
            MAIN_SHARE,
            facts.main_business_revenue_prev,
            facts.operating_revenue_prev,
            rule_set.threshold("main_share"),
            part_of_whole=True,
        ),
        growth_item,
    )


def refinement_items(facts: EnterpriseFacts, rule_set: RuleSet) -> tuple[Item, ...]:
    """精: information system, foreign certification, debt ratio ≤ 70% ("不高于")."""
    return (
        INFO_SYSTEM.flag(
            facts.has_information_system,
            want=True,
            met_zh="至少一项核心业务采用信息系统支撑",
            unmet_zh="没有核心业务采用信息系统支撑",
        ),
        CERTIFICATION.flag(
            facts.has_foreign_certification,
            want=True,
            met_zh="取得发达国家或地区的认证",
            unmet_zh="未取得发达国家或地区的管理体系或产品认证",
        ),
        at_most_item(DEBT, debt_ratio(facts), rule_set.threshold("debt_max"), unit="%"),
    )


def characteristic_items(facts: EnterpriseFacts, rule_set: RuleSet) -> tuple[Item, ...]:
    """特: national niche market share ≥ 10% and an own competitive brand."""
    return (
        at_least_item(MARKET_SHARE, facts.niche_market_share_pct, rule_set.threshold("market_share"), unit="%"),
        BRAND.flag(facts.has_own_brand, want=True, met_zh="拥有自主品牌", unmet_zh="没有自主品牌"),
    )


def innovation_items(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> tuple[Item, ...]:
    """新: all three general conditions, or one direct condition; the last item sums it up."""
    general = (
        rd_intensity_item(facts, rule_set, options),
        INSTITUTION.flag(
            facts.has_rd_institution,
            want=True,
            met_zh="拥有自建或合作共建的研发机构",
            unmet_zh="没有自建或合作共建的研发机构",
        ),
        at_least_item(IP_IN_USE, facts.ip_class1_in_use, rule_set.threshold("class1_in_use"), unit="项"),
    )
    direct = (
        AWARD.flag(
            facts.has_national_award_top3_3y,
            want=True,
            met_zh="近三年获国家级科技奖励且排名前三（直通）",
            unmet_zh="近三年未获排名前三的国家级科技奖励",
        ),
        MAKER.flag(
            facts.is_maker_china_top50_3y,
            want=True,
            met_zh="近三年进入“创客中国”全国50强（直通）",
            unmet_zh="近三年未进入“创客中国”全国50强",
        ),
    )
    ok = any3([items_passed(general), *(outcome(i) for i in direct)])
    words = {
        True: "创新能力满足（一般条件全部满足或符合直通条件）",
        False: "创新能力不满足：一般条件未全部满足且无直通条件",
        None: "创新能力待定：有未知事实",
    }
    return (*general, *direct, INNOVATION.check(ok, words[ok]))


def rd_intensity_item(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Item:
    """R&D band by prior-year revenue R: ≥ 1亿 → ≥ 3% each of 2 years; 5000万–1亿 → ≥ 6%; < 5000万 → equity,
    R&D amount and R&D staff tests."""
    revenue = facts.operating_revenue_prev
    if revenue is None:
        return RD_INTENSITY.unknown()
    if revenue >= rule_set.threshold("large_revenue"):
        return each_year_rd_ratio_item(
            RD_INTENSITY, facts, rule_set.threshold("large_rd_percent"), "营业收入 1 亿元以上，"
        )
    if revenue >= rule_set.threshold("mid_revenue"):
        return each_year_rd_ratio_item(
            RD_INTENSITY, facts, rule_set.threshold("mid_rd_percent"), "营业收入 5000 万元–1 亿元，"
        )
    return _small_firm_item(facts, rule_set, options)


def _small_firm_item(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> Item:
    rd = facts.rd_expense_prev
    if options.little_giant_small_rd_over_two_years:  # period UNCONFIRMED (§2.3)
        rd = None if rd is None or facts.rd_expense_prev2 is None else rd + facts.rd_expense_prev2
    contradiction = part_exceeds_whole(
        _ind("rd_staff_share", "研发人员占从业人员比例", "innovation"), facts.rd_staff, facts.employees
    )
    if contradiction is not None:
        return replace(RD_INTENSITY.unknown(), reason_zh=contradiction.reason_zh)
    staff = share(facts.rd_staff, facts.employees)
    tests = (
        (facts.equity_financing_2y, rule_set.threshold("small_equity"), "近2年新增股权融资", "万元"),
        (rd, rule_set.threshold("small_rd"), "研发费用", "万元"),
        (staff, rule_set.threshold("small_rd_staff"), "研发人员占比", "%"),
    )
    outcomes = [None if value is None else value >= minimum for value, minimum, _, _ in tests]
    ok = all3(outcomes)
    threshold = "；".join(f"{name} {bound('≥', minimum, unit)}" for _, minimum, name, unit in tests)
    if ok is None:
        return replace(
            RD_INTENSITY.unknown(threshold=threshold), reason_zh=f"营业收入 5000 万元以下，需{threshold}；有数据缺失"
        )
    failed = [
        f"{name}未达 {bound('≥', minimum, unit)[2:]}"
        for (_, minimum, name, unit), o in zip(tests, outcomes, strict=True)
        if not o
    ]
    reason = f"营业收入 5000 万元以下，需{threshold}" + (f"：{'，'.join(failed)}" if failed else "，均满足")
    return RD_INTENSITY.check(ok, reason, threshold=threshold)


def qualitative_items(facts: EnterpriseFacts) -> tuple[Item, ...]:
    """链 and 品: qualitative, supplied as facts."""
    return (
        CHAIN.flag(
            facts.has_key_chain_role,
            want=True,
            met_zh="在产业链关键环节发挥补短板、锻长板、填空白作用",
            unmet_zh="未在产业链关键环节发挥补短板、锻长板、填空白作用",
        ),
        FIELD.flag(
            facts.is_main_product_in_key_field,
            want=True,
            met_zh="主导产品属于重点领域",
            unmet_zh="主导产品不属于附件3所列重点领域",
        ),
    )
