"""科技型中小企业 (国科发政〔2017〕115号): conditions 1–4 plus score ≥ 60 with a non-zero S&T-staff score,
or conditions 1–4 plus any direct confirmation (policy-rules §7)."""

from __future__ import annotations

from breakzero.rules.bands import at_most_item, money_for_points, ratio_item, rising
from breakzero.rules.facts import TechSmeFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import (
    DeferredText,
    Evaluation,
    Item,
    all3,
    any3,
    items_passed,
    outcome,
    score_bounds,
    total_item,
)
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

SOURCE = "国科发政〔2017〕115号"


def _ind(code: str, name: str, clause: str, group: str, missing: str = "") -> Indicator:
    return Indicator(code, name, f"{SOURCE} {clause}", group, missing)


RESIDENT = _ind("condition.resident", "在中国境内（不含港澳台）注册的居民企业", "第六条（一）", "condition")
EMPLOYEES = _ind("condition.employees", "职工总数", "第六条（二）", "condition")
SALES = _ind("condition.sales", "年销售收入", "第六条（二）", "condition")
ASSETS = _ind("condition.assets", "资产总额", "第六条（二）", "condition")
PRODUCTS = _ind("condition.products", "产品和服务不属于禁止、限制和淘汰类", "第六条（三）", "condition")
INCIDENTS = _ind("condition.incidents", "上年度及当年内无重大事故、严重违法和科研失信", "第六条（四）", "condition")
LISTS = _ind("condition.lists", "未列入经营异常名录和严重违法失信名单", "第六条（四）", "condition")
STAFF = _ind("score.st_staff", "科技人员占职工总数比例", "附件 评价指标", "score", "科技人员数和职工总数")
RD = _ind("score.rd_input", "研发投入", "附件 评价指标", "score", "研发费用和销售收入（或成本费用总额）")
RD_BY_SALES = _ind("score.rd_input", "研发费用占销售收入比例", "附件 评价指标", "score")
RD_BY_COST = _ind("score.rd_input", "研发费用占成本费用总额比例", "附件 评价指标", "score")
IP = _ind("score.ip", "与主营产品相关的有效知识产权", "附件 评价指标", "score", "Ⅰ类和Ⅱ类知识产权数")
STAFF_NONZERO = _ind(
    "condition.st_staff_nonzero", "科技人员指标得分不为 0", "第六条（五）", "condition", "科技人员数和职工总数"
)

STAFF_BANDS = rising("%", ("30", 20), ("25", 16), ("20", 12), ("15", 8), ("10", 4), (None, 0))
RD_SALES_BANDS = rising("%", ("6", 50), ("5", 40), ("4", 30), ("3", 20), ("2", 10), (None, 0))
RD_COST_BANDS = rising("%", ("30", 50), ("25", 40), ("20", 30), ("15", 20), ("10", 10), (None, 0))
DIRECT = (
    ("has_valid_hnte", "direct.hnte", "有效期内的高新技术企业资格"),
    ("has_national_award_top3_5y", "direct.award", "近五年获国家级科技奖励且排名前三"),
    ("has_ministerial_rd_institution", "direct.rd_institution", "拥有经认定的省部级以上研发机构"),
    ("led_standard_5y", "direct.standard", "近五年主导制定国际、国家或行业标准"),
)


def evaluate_tech_sme(
    facts: TechSmeFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """Conditions 1–4 and (score ≥ 60 with S&T-staff score > 0, or a direct confirmation)."""
    chosen = rule_set or rule_set_for(Rule.TECH_SME, facts.as_of)
    conditions = condition_items(facts, chosen)
    scored = score_items(facts)
    gate = total_item("score.total", "评价得分", scored, minimum=chosen.threshold("pass_score"), source=SOURCE)
    staff_nonzero = _staff_nonzero(scored[0])
    direct = direct_items(facts)
    by_score = all3([outcome(gate), outcome(staff_nonzero)])
    passed = all3([items_passed(conditions), any3([by_score, *(outcome(i) for i in direct)])])
    low, high = score_bounds(scored)
    return Evaluation(
        passed=passed,
        items=(*conditions, *scored, gate, staff_nonzero, *direct),
        rule_set=chosen.id,
        as_of=facts.as_of,
        score=low,
        max_possible_score=high,
    )


def condition_items(facts: TechSmeFacts, rule_set: RuleSet) -> tuple[Item, ...]:
    """Conditions 1–4: residence, size ("不超过" 500 人, 2 亿元, 2 亿元), products, record."""
    return (
        RESIDENT.flag(
            facts.is_resident_mainland, want=True, met_zh="境内注册的居民企业", unmet_zh="不是境内注册的居民企业"
        ),
        at_most_item(EMPLOYEES, facts.employees, rule_set.threshold("employees"), unit="人"),
        at_most_item(SALES, facts.sales_revenue, rule_set.threshold("sales"), unit="万元"),
        at_most_item(ASSETS, facts.total_assets, rule_set.threshold("assets"), unit="万元"),
        PRODUCTS.flag(
            facts.has_prohibited_products,
            want=False,
            met_zh="产品和服务不属于禁止、限制和淘汰类",
            unmet_zh="产品或服务属于禁止、限制或淘汰类",
        ),
        INCIDENTS.flag(
            facts.had_incident_or_misconduct,
            want=False,
            met_zh="上年度及当年内无重大事故、严重违法和科研失信",
            unmet_zh="上年度或当年内发生重大事故、严重违法或科研严重失信行为",
        ),
        LISTS.flag(
            facts.is_on_abnormal_or_violation_list,
            want=False,
            met_zh="未列入经营异常名录和严重违法失信名单",
            unmet_zh="被列入经营异常名录或严重违法失信名单",
        ),
    )


def score_items(facts: TechSmeFacts) -> tuple[Item, ...]:
    """S&T staff (20), R&D input (50, better of two measures), IP (30)."""
    return (
        ratio_item(STAFF, facts.st_staff, facts.total_staff, STAFF_BANDS, part_of_whole=True),
        rd_input_item(facts),
        ip_item(facts.ip_class1, facts.ip_class2),
    )


def rd_input_item(facts: TechSmeFacts) -> Item:
    """The firm picks R&D / sales or R&D / total cost and expense; we take the better (附件)."""
    gap = money_for_points("研发费用")
    by_sales = ratio_item(RD_BY_SALES, facts.rd_expense, facts.sales_revenue, RD_SALES_BANDS, gap=gap)
    by_cost = ratio_item(RD_BY_COST, facts.rd_expense, facts.total_cost_and_expense, RD_COST_BANDS, gap=gap)
    known = [i for i in (by_sales, by_cost) if i.points is not None]
    if not known or (len(known) == 1 and known[0].points != RD_SALES_BANDS.top):
        return RD.unknown(max_points=RD_SALES_BANDS.top)  # the other measure could still score higher
    best = max(known, key=lambda i: i.points or 0)
    return RD.scored(
        best.points or 0,
        RD_SALES_BANDS.top,
        DeferredText(_better_measure_reason, best),
        value=best.value,
        threshold=best.threshold,
    )


def _better_measure_reason(best: Item) -> str:
    return f"{best.reason_zh}（两种口径取较高者）"


def ip_item(class1: int | None, class2: int | None) -> Item:
    """≥1 Ⅰ类 → 30; Ⅱ类 ≥4 → 24, 3 → 18, 2 → 12, 1 → 6; none → 0."""
    if class1 is None or (class1 == 0 and class2 is None):
        return IP.unknown(max_points=30)
    if class1 >= 1:
        return IP.scored(30, 30, f"拥有Ⅰ类知识产权 {class1} 项，得 30 分", value=class1, threshold="Ⅰ类 ≥ 1 项")
    points = min(class2, 4) * 6  # type: ignore[type-var,operator]
    reason = f"没有Ⅰ类知识产权，Ⅱ类 {class2} 项，得 {points} 分"
    if points < 24:
        reason += "；Ⅱ类达到 4 项可得 24 分，拥有 1 项Ⅰ类可得 30 分"
    return IP.scored(points, 30, reason, value=class2, threshold="Ⅱ类每项 6 分，最多 24 分")


def direct_items(facts: TechSmeFacts) -> tuple[Item, ...]:
    """Direct confirmation (conditions 1–4 plus any one of these)."""
    return tuple(
        ind.flag(getattr(facts, attribute), want=True, met_zh=met_zh, unmet_zh=unmet_zh)
        for attribute, ind, met_zh, unmet_zh in _DIRECT_INDICATORS
    )


_DIRECT_INDICATORS = tuple(
    (attribute, _ind(code, name, "第七条", "direct"), f"{name}（直接确认）", f"不具备：{name}")
    for attribute, code, name in DIRECT
)


def _staff_nonzero(staff: Item) -> Item:
    if staff.points is None:
        return STAFF_NONZERO.unknown()
    ok = staff.points > 0
    reason = "科技人员指标得分不为 0" if ok else "科技人员占比低于 10%，该指标为 0 分，不能通过评价（直接确认情形除外）"
    return STAFF_NONZERO.check(ok, reason, value=staff.value, threshold="≥ 10%")
