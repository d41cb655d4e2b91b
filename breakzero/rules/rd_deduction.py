"""R&D super-deduction (研发费用加计扣除): the rate of a tax year, the extra deduction and the tax it saves.

Rate timeline §4.1 lives in ``rulesets.py`` as data; the rate of a tax year is
the best row in force on 31 December of that year that the firm qualifies for.
Sources: 财税〔2015〕119号 and the notices listed per row; measurement rules
国家税务总局公告2021年第28号, 财税〔2018〕64号 (policy-rules §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from breakzero.rules.bands import fmt_wan, plain
from breakzero.rules.facts import DeductionFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import CriterionStatus, Item, outcome
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for, rule_sets_in_force
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

UNMET = CriterionStatus.UNMET
STANDARD_RATE = Decimal("0.25")
HNTE_RATE = Decimal("0.15")
SOURCE = "财税〔2015〕119号 及历次加计扣除公告"
EXCLUDED_INDUSTRIES_ZH = ("烟草制造业", "住宿和餐饮业", "批发和零售业", "房地产业", "租赁和商务服务业", "娱乐业")
EXCLUDED_ACTIVITIES_ZH = (
    "常规性升级",
    "对某项科研成果的直接应用",
    "售后技术支持",
    "重复或简单改变",
    "市场调查研究、效率调查或管理研究",
    "常规质量控制、测试分析和维修维护",
    "社会科学、艺术或人文学方面的研究",
)
EXCLUDED = Indicator(
    "excluded_industry",
    "不属于负面清单行业",
    f"{SOURCE}；国家税务总局公告2015年第97号",
    "eligibility",
    "是否属于负面清单行业（或各行业收入）",
)
MANUFACTURING = Indicator(
    "manufacturing", "制造业企业", "财政部 税务总局公告2021年第13号", "rate", "是否为制造业企业（或制造业收入）"
)
TECH_SME = Indicator("tech_sme", "科技型中小企业（有效入库登记编号）", "财政部 税务总局 科技部公告2022年第16号", "rate")
IC_LISTED = Indicator("ic_or_machine_tool", "清单内集成电路或工业母机企业", "公告2023年第44号", "rate")


@dataclass(frozen=True)
class DeductionResult:
    """Super-deduction of one tax year (万元).

    ``rate_percent`` is the extra percentage certainly available;
    ``max_rate_percent`` is what unknown qualifications could raise it to.
    Tax saved counts the expensed extra deduction plus one year's extra
    intangible amortisation, at 25% and (for an HNTE) at 15%.
    """

    eligible: bool | None
    rate_percent: Decimal
    max_rate_percent: Decimal
    extra_deduction: Decimal | None
    intangible_book_amortisation: Decimal | None
    intangible_tax_amortisation: Decimal | None
    tax_saved_standard: Decimal | None
    tax_saved_hnte: Decimal | None
    items: tuple[Item, ...]
    rule_set: str
    as_of: date
    notes: tuple[str, ...] = ()


def super_deduction(facts: DeductionFacts, *, options: Unconfirmed = DEFAULT) -> DeductionResult:
    """Extra deduction for ``facts.tax_year`` by the §4.1 timeline; 0 for a 负面清单 industry."""
    year_end = date(facts.tax_year, 12, 31)
    rule_set_for(Rule.SUPER_DEDUCTION, year_end)  # raises before 2016
    excluded = _excluded_item(facts, options)
    qualifications = _qualification_items(facts, options)
    sure, best = best_rate(facts.tax_year, qualifications)
    if excluded.status is UNMET:
        sure = best = _zero_row(year_end)
    rate, max_rate = _rate(sure, excluded), _rate(best, excluded)
    extra = _extra(facts, rate, options)
    book, tax_amortisation = intangible_amortisation(facts, rate)
    intangible_extra = Decimal(0) if book is None or tax_amortisation is None else tax_amortisation - book
    yearly = None if extra is None else extra + intangible_extra
    notes = _notes(facts, rate, max_rate, options)
    return DeductionResult(
        eligible=outcome(excluded),
        rate_percent=rate,
        max_rate_percent=max_rate,
        extra_deduction=extra,
        intangible_book_amortisation=book,
        intangible_tax_amortisation=tax_amortisation,
        tax_saved_standard=None if yearly is None else yearly * STANDARD_RATE,
        tax_saved_hnte=None if yearly is None else yearly * HNTE_RATE,
        items=(excluded, *qualifications.values(), _rate_item(sure, rate, max_rate)),
        rule_set=sure.id,
        as_of=facts.as_of,
        notes=notes,
    )


def best_rate(tax_year: int, qualifications: dict[str, Item]) -> tuple[RuleSet, RuleSet]:
    """(best row certainly qualified for, best row possibly qualified for) in force on 31 Dec."""
    rows = [r for r in rule_sets_in_force(Rule.SUPER_DEDUCTION, date(tax_year, 12, 31)) if r.scope != "q4_2022"]
    sure = [r for r in rows if not r.scope or qualifications[r.scope].status is CriterionStatus.MET]
    maybe = [r for r in rows if not r.scope or qualifications[r.scope].status is not UNMET]
    by_rate = lambda r: r.threshold("extra_percent")  # noqa: E731
    return max(sure, key=by_rate), max(maybe, key=by_rate)


def intangible_amortisation(facts: DeductionFacts, rate: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """(book, tax) amortisation per year of an R&D intangible: tax = cost × (100% + rate) / years."""
    if facts.intangible_cost is None or not facts.intangible_years:
        return None, None
    book = Decimal(facts.intangible_cost) / facts.intangible_years
    return book, book * (100 + rate) / 100


def eligible_rd_expense(
    *,
    direct_costs: Decimal,
    other_related: Decimal,
    commissioned_domestic: Decimal = Decimal(0),
    commissioned_abroad: Decimal = Decimal(0),
) -> Decimal:
    """Eligible base (§4.3): other related costs capped at direct × 10% / 90% (公告2021年第28号);
    commissioned R&D counts 80%, abroad capped at 2/3 of the domestic base (财税〔2018〕64号)."""
    other = min(other_related, direct_costs * Decimal(10) / Decimal(90))
    domestic = direct_costs + other + commissioned_domestic * Decimal("0.8")
    abroad = min(commissioned_abroad * Decimal("0.8"), domestic * 2 / 3)
    return domestic + abroad


def _excluded_item(facts: DeductionFacts, options: Unconfirmed) -> Item:
    excluded = facts.is_excluded_industry
    if excluded is None and None not in (facts.excluded_industry_revenue, facts.income_base) and facts.income_base:
        # "50%（不含）以上" of income less non-taxable and investment income (recalled, UNCONFIRMED).
        excluded = facts.excluded_industry_revenue * 100 > facts.income_base * options.excluded_industry_share_percent  # type: ignore[operator]
    return EXCLUDED.flag(
        excluded,
        want=False,
        met_zh="主营业务不属于负面清单行业",
        unmet_zh=f"主营业务属于负面清单行业（{'、'.join(EXCLUDED_INDUSTRIES_ZH)}等），不能加计扣除",
    )


def _qualification_items(facts: DeductionFacts, options: Unconfirmed) -> dict[str, Item]:
    manufacturing = facts.is_manufacturing
    if manufacturing is None and None not in (facts.manufacturing_revenue, facts.income_base) and facts.income_base:
        # ≥ 50% of income less non-taxable and investment income (recalled, UNCONFIRMED).
        manufacturing = facts.manufacturing_revenue * 100 >= facts.income_base * options.manufacturing_share_percent  # type: ignore[operator]
    return {
        "manufacturing": MANUFACTURING.flag(manufacturing, want=True, met_zh="制造业企业", unmet_zh="不是制造业企业"),
        "tech_sme": TECH_SME.flag(
            facts.is_tech_sme, want=True, met_zh="当年有效的科技型中小企业", unmet_zh="不是当年有效的科技型中小企业"
        ),
        "ic_or_machine_tool": IC_LISTED.flag(
            facts.is_ic_or_machine_tool_listed,
            want=True,
            met_zh="清单内集成电路或工业母机企业",
            unmet_zh="不是清单内集成电路或工业母机企业",
        ),
    }


def _zero_row(on: date) -> RuleSet:
    return RuleSet(
        Rule.SUPER_DEDUCTION, "excluded-industry", on, on, EXCLUDED.source, thresholds=(("extra_percent", Decimal(0)),)
    )


def _rate(row: RuleSet, excluded: Item) -> Decimal:
    return Decimal(0) if excluded.status is UNMET else row.threshold("extra_percent")


def _extra(facts: DeductionFacts, rate: Decimal, options: Unconfirmed) -> Decimal | None:
    if facts.expensed_rd is None:
        return None
    extra = Decimal(facts.expensed_rd) * rate / 100
    if facts.tax_year == 2022 and options.super_deduction_2022_q4_full and 0 < rate < 100 and facts.expensed_rd_q4:
        extra += Decimal(facts.expensed_rd_q4) * (100 - rate) / 100  # Q4 at 100% (公告2022年第28号, UNCONFIRMED)
    return extra


def _rate_item(row: RuleSet, rate: Decimal, max_rate: Decimal) -> Item:
    ind = Indicator("rate", "加计扣除比例", row.source, "rate")
    reason = f"适用加计扣除比例 {plain(rate)}%（无形资产按 {plain(100 + rate)}% 摊销）"
    if max_rate > rate:
        reason += f"；若补充未知资格，最高可达 {plain(max_rate)}%"
    return ind.check(True if max_rate == rate else None, reason, value=rate, threshold=f"{plain(rate)}%")


def _notes(facts: DeductionFacts, rate: Decimal, max_rate: Decimal, options: Unconfirmed) -> tuple[str, ...]:
    notes = ["不得加计扣除的活动：" + "、".join(EXCLUDED_ACTIVITIES_ZH)]
    if facts.tax_year == 2022 and 0 < rate < 100:
        state = "已按设置计入" if options.super_deduction_2022_q4_full else "未计入（设置默认关闭）"
        notes.append(f"2022年第四季度100%加计扣除（公告2022年第28号，待确认）：{state}")
    if facts.expensed_rd is not None and rate:
        notes.append(f"费用化研发费用 {fmt_wan(facts.expensed_rd)} × {plain(rate)}%")
    return tuple(notes)
