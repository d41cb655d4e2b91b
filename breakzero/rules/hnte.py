"""高新技术企业 (HNTE): the eight conditions of 国科发火〔2016〕32号 第十一条 and the 15% tax effect."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from breakzero.rules.bands import (
    at_least_item,
    fmt_wan,
    money_for_points,
    plain,
    ratio_at_least_item,
)
from breakzero.rules.facts import HnteFacts
from breakzero.rules.hnte_scoring import gate_item, innovation_bounds, innovation_items
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import DeferredText, Evaluation, Item, items_passed
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

SOURCE = "国科发火〔2016〕32号 第十一条"
STANDARD_RATE = Decimal("0.25")  # 企业所得税法 第四条
HNTE_RATE = Decimal("0.15")  # 企业所得税法 第二十八条


def _cond(number: str, code: str, name: str, missing: str = "") -> Indicator:
    return Indicator(f"condition.{code}", name, f"{SOURCE}（{number}）", "condition", missing)


REGISTRATION = _cond("一", "registration", "注册成立一年以上", "注册日期")
CORE_IP = _cond("二", "core_ip", "拥有对主要产品起核心支持作用的知识产权")
FIELD = _cond("三", "supported_field", "核心技术属于《国家重点支持的高新技术领域》")
STAFF = _cond("四", "st_staff_share", "科技人员占职工总数比例", "科技人员数和职工总数")
RD_RATIO = _cond("五", "rd_ratio", "近三年研发费用占销售收入比例", "近三年研发费用和销售收入")
RD_DOMESTIC = _cond("五", "rd_domestic_share", "境内研发费用占全部研发费用比例", "境内研发费用")
HIGH_TECH = _cond("六", "high_tech_revenue_share", "高新技术产品（服务）收入占总收入比例", "高新技术产品收入和总收入")
INCIDENTS = _cond("八", "incidents", "申请前一年内无重大安全、质量事故或严重环境违法行为")


@dataclass(frozen=True)
class TaxEffect:
    """Enterprise income tax at 25% against 15% for an HNTE (万元)."""

    taxable_income: Decimal
    standard_tax: Decimal
    hnte_tax: Decimal
    saving: Decimal


@dataclass(frozen=True)
class HnteEvaluation(Evaluation):
    """HNTE evaluation plus the tax comparison when taxable income is known."""

    tax_effect: TaxEffect | None = None


def evaluate_hnte(
    facts: HnteFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> HnteEvaluation:
    """All eight conditions (32号 第十一条); condition 7 is the innovation score ≥ 71 (工作指引)."""
    chosen = rule_set or rule_set_for(Rule.HNTE, facts.as_of)
    ip_detail, counted = innovation_items(facts)
    low, high = innovation_bounds(ip_detail, counted)
    conditions = (
        *condition_items(facts, chosen, options),
        gate_item(low, high, chosen.threshold("pass_score")),
        INCIDENTS.flag(
            facts.had_major_incident_1y,
            want=False,
            met_zh="申请前一年内无重大事故或严重环境违法",
            unmet_zh="申请前一年内发生重大安全、质量事故或严重环境违法行为",
        ),
    )
    taxes = None if facts.taxable_income is None else tax_effect(facts.taxable_income)
    notes = ["高新技术企业和科技型中小企业亏损结转年限为 10 年（财税〔2018〕76号，SINGLE）"]
    return HnteEvaluation(
        passed=items_passed(conditions),
        items=(*conditions, *ip_detail, *counted),
        rule_set=chosen.id,
        as_of=facts.as_of,
        score=low,
        max_possible_score=high,
        notes=tuple(notes),
        tax_effect=taxes,
    )


def condition_items(facts: HnteFacts, rule_set: RuleSet, options: Unconfirmed) -> tuple[Item, ...]:
    """Conditions 1–6 of 第十一条."""
    return (
        registration_item(facts, options),
        CORE_IP.flag(
            facts.has_core_ip,
            want=True,
            met_zh="拥有对主要产品（服务）起核心支持作用的知识产权",
            unmet_zh="没有对主要产品（服务）起核心支持作用的知识产权",
        ),
        FIELD.flag(
            facts.is_in_supported_field,
            want=True,
            met_zh="核心技术属于国家重点支持的高新技术领域",
            unmet_zh="核心技术不属于国家重点支持的高新技术领域",
        ),
        ratio_at_least_item(
            STAFF, facts.st_staff, facts.total_staff, rule_set.threshold("st_staff"), part_of_whole=True
        ),
        rd_ratio_item(facts, rule_set),
        ratio_at_least_item(
            RD_DOMESTIC,
            facts.rd_expense_domestic,
            _total(facts.rd_expense_by_year),
            rule_set.threshold("domestic_rd"),
            gap=money_for_points("境内研发费用"),
        ),
        ratio_at_least_item(
            HIGH_TECH,
            facts.high_tech_revenue,
            facts.total_revenue,
            rule_set.threshold("high_tech_revenue"),
            gap=money_for_points("高新技术产品收入"),
        ),
    )


def rd_ratio_threshold(latest_sales: Decimal, rule_set: RuleSet) -> Decimal:
    """5% when S ≤ 5000 万 ("（含）"), 4% when 5000 万 < S ≤ 2 亿, 3% above 2 亿 (条件五)."""
    if latest_sales <= rule_set.threshold("small_sales"):
        return rule_set.threshold("small_rd_percent")
    if latest_sales <= rule_set.threshold("mid_sales"):
        return rule_set.threshold("mid_rd_percent")
    return rule_set.threshold("large_rd_percent")


def rd_ratio_item(facts: HnteFacts, rule_set: RuleSet) -> Item:
    """Ratio of sums over the same (up to three) years; threshold by the latest year's sales."""
    rd, sales = facts.rd_expense_by_year, facts.sales_by_year
    if rd is None or sales is None or not sales:
        return RD_RATIO.unknown()
    if len(rd) != len(sales):
        raise ValueError("研发费用与销售收入的年份数不一致")
    minimum = rd_ratio_threshold(sales[-1], rule_set)
    item = ratio_at_least_item(RD_RATIO, _total(rd), _total(sales), minimum, gap=money_for_points("研发费用"))
    return replace(item, reason_zh=DeferredText(_rd_ratio_reason, sales[-1], minimum, item))


def _rd_ratio_reason(latest_sales: Decimal, minimum: Decimal, item: Item) -> str:
    return f"最近一年销售收入 {fmt_wan(latest_sales)}，适用 ≥ {plain(minimum)}% 的标准；{item.reason_zh}"


def registration_item(facts: HnteFacts, options: Unconfirmed) -> Item:
    """Registered one year or more before applying: ≥ 365 days (UNCONFIRMED reading, a setting)."""
    if facts.registration_date is None:
        return REGISTRATION.unknown()
    days = (facts.as_of - facts.registration_date).days
    return at_least_item(REGISTRATION, days, Decimal(options.hnte_registration_days), unit="天")


def tax_effect(taxable_income: Decimal) -> TaxEffect:
    """Income tax at 25% vs 15% (企业所得税法 第四条、第二十八条); no tax on a loss."""
    base = max(Decimal(taxable_income), Decimal(0))
    standard, hnte = base * STANDARD_RATE, base * HNTE_RATE
    return TaxEffect(
        taxable_income=Decimal(taxable_income), standard_tax=standard, hnte_tax=hnte, saving=standard - hnte
    )


def _total(values: tuple[Decimal, ...] | None) -> Decimal | None:
    return None if values is None else sum((Decimal(v) for v in values), Decimal(0))
