"""破零 and 倍增 benchmark enterprises (标杆企业) of the 2020 call (programme-rules-2.md §2.1).

破零 标杆: all four conditions, CONFIRMED. 倍增 标杆: only part of the call is
known — the known thresholds are checked and the unknown ones are reported as
UNCONFIRMED items that stay undecided, so a 倍增 verdict is never "passed"
until the missing wording is supplied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from breakzero.rules.bands import at_least_item, at_most_item, ratio_at_least_item
from breakzero.rules.facts import _Facts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import CriterionStatus, Evaluation, Item, items_passed
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

__all__ = ["BenchmarkFacts", "evaluate_break_zero_benchmark", "evaluate_doubling_benchmark"]


@dataclass(frozen=True)
class BenchmarkFacts(_Facts):
    """An SME's figures for the action year judged (``year``, 2020 for the known call); amounts in 万元."""

    as_of: date  #: evaluation date; picks the call's rule set
    year: int  #: the 破零倍增 action year the figures belong to
    took_part_in_action: bool | None = None  #: took part in that year's 破零倍增 action (scope)
    has_ip_management_system: bool | None = None  #: 知识产权管理体系 in place
    invention_grants_before_year: int | None = None  #: invention patents granted before the year
    invention_grants_in_year: int | None = None  #: invention patents granted in the year (incl. the first)
    valid_invention_patents: int | None = None  #: valid granted invention patents at year end
    employees: int | None = None  #: 从业人员
    rd_staff: int | None = None  #: 研发人员
    rd_expense: Decimal | None = None  #: R&D expenditure in the year
    operating_revenue: Decimal | None = None  #: 营业收入 in the year (R&D intensity)
    is_rd_growing: bool | None = None  #: 研发投入持续增长
    has_core_patent_product: bool | None = None  #: own core invention-patent product
    patent_product_sales: Decimal | None = None  #: that product's sales in the year
    is_profit_and_tax_growing: bool | None = None  #: 利税同步增长
    is_in_key_industry: bool | None = None  #: 制造强省 key field or one of the 20 工业新兴优势产业链
    is_industry_leading: bool | None = None  #: patents/products leading in the industry (expert-judged)


def evaluate_break_zero_benchmark(
    facts: BenchmarkFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """破零 标杆: scope plus conditions (一)–(四) of the 2020 call, every one required."""
    chosen = rule_set or rule_set_for(Rule.BREAK_ZERO_BENCHMARK, facts.as_of)
    src = chosen.source
    grants_min = chosen.threshold("grants_in_year") + (0 if options.benchmark_grants_include_first else 1)
    grants_reading = "含首件" if options.benchmark_grants_include_first else "首件之外另需 2 件"
    items = (
        _scope_item(facts, src),
        _flag(facts.has_ip_management_system, "c1.ip_system", "建立知识产权管理体系", src, "（一）"),
        at_most_item(
            _ind("c1.first_grant", "当年首次获得发明专利授权（此前授权数为 0）", src, "（一）", "此前发明专利授权数"),
            facts.invention_grants_before_year,
            Decimal(0),
            unit="项",
        ),
        at_least_item(
            _ind("c1.grants_in_year", f"当年新增发明专利授权（{grants_reading}，待确认 读法）", src, "（一）"),
            facts.invention_grants_in_year,
            grants_min,
            unit="项",
        ),
        _staff_item("c1.rd_staff", facts, chosen, src, "（一）"),
        _flag(facts.is_rd_growing, "c2.rd_growing", "研发投入保持增长", src, "（二）"),
        at_least_item(
            _ind("c2.rd_expense", f"{facts.year}年研发经费", src, "（二）"),
            facts.rd_expense,
            chosen.threshold("rd_expense"),
            unit="万元",
        ),
        _intensity_item(facts, chosen, src, "c2.rd_intensity", "（二）"),
        _flag(facts.has_core_patent_product, "c3.core_product", "拥有自主核心发明专利产品", src, "（三）"),
        at_least_item(
            _ind("c3.product_sales", "核心发明专利产品年销售收入", src, "（三）"),
            facts.patent_product_sales,
            chosen.threshold("patent_product_sales"),
            unit="万元",
        ),
        _flag(facts.is_profit_and_tax_growing, "c3.profit_tax", "利润和税收同步增长", src, "（三）"),
        _flag(facts.is_in_key_industry, "c4.key_industry", "属于制造强省重点领域或20条工业新兴优势产业链", src, "（四）"),
        _flag(facts.is_industry_leading, "c4.leading", "专利和产品在行业内领先（专家评判）", src, "（四）"),
    )
    return _evaluation(items, chosen, facts.as_of)


def evaluate_doubling_benchmark(facts: BenchmarkFacts, *, rule_set: RuleSet | None = None) -> Evaluation:
    """倍增 标杆: the known thresholds of conditions (一)(二); the R&D-intensity threshold and the
    remaining conditions are not known and stay as UNCONFIRMED undecided items."""
    chosen = rule_set or rule_set_for(Rule.DOUBLING_BENCHMARK, facts.as_of)
    src = chosen.source
    items = (
        _scope_item(facts, src),
        at_least_item(
            _ind("c1.valid_inventions", "有效发明专利授权数", src, "（一）"),
            facts.valid_invention_patents,
            chosen.threshold("valid_inventions"),
            unit="项",
        ),
        _staff_item("c1.rd_staff", facts, chosen, src, "（一）"),
        at_least_item(
            _ind("c2.rd_expense", f"{facts.year}年研发经费", src, "（二）"),
            facts.rd_expense,
            chosen.threshold("rd_expense"),
            unit="万元",
        ),
        _intensity_item(facts, chosen, src, "c2.rd_intensity", "（二）"),
        _unconfirmed_item("rest", "其余条件", src, "通知其余条件原文未获取（待确认），需人工核对"),
    )
    return _evaluation(items, chosen, facts.as_of)


def _ind(code: str, name: str, source: str, clause: str, missing: str = "") -> Indicator:
    return Indicator(code, name, f"{source} 条件{clause}", clause, missing)


def _flag(value: bool | None, code: str, name: str, source: str, clause: str) -> Item:
    return _ind(code, name, source, clause).flag(value, want=True, met_zh=name, unmet_zh=f"不满足：{name}")


def _scope_item(facts: BenchmarkFacts, source: str) -> Item:
    name = f"参加{facts.year}年“破零倍增”行动的中小企业"
    return Indicator("scope", name, f"{source} 征集范围", "scope").flag(
        facts.took_part_in_action, want=True, met_zh=name, unmet_zh=f"不在征集范围：未参加{facts.year}年行动"
    )


def _staff_item(code: str, facts: BenchmarkFacts, chosen: RuleSet, source: str, clause: str) -> Item:
    ind = _ind(code, "研发人员占从业人员比例", source, clause, "研发人员数和从业人员数")
    minimum = chosen.threshold("rd_staff_pct")
    return ratio_at_least_item(ind, facts.rd_staff, facts.employees, minimum, part_of_whole=True)


def _intensity_item(facts: BenchmarkFacts, chosen: RuleSet, source: str, code: str, clause: str) -> Item:
    name = "研发投入强度（研发经费占营业收入比例）"
    if not chosen.has_threshold("rd_intensity_pct"):
        return _unconfirmed_item(code, name, source, "研发投入强度门槛在通知中未获取（待确认），需人工核对", clause)
    ind = _ind(code, name, source, clause, "研发经费和营业收入")
    return ratio_at_least_item(ind, facts.rd_expense, facts.operating_revenue, chosen.threshold("rd_intensity_pct"))


def _unconfirmed_item(code: str, name: str, source: str, reason: str, clause: str = "") -> Item:
    return Item(
        code=code,
        name_zh=name,
        status=CriterionStatus.UNKNOWN,
        reason_zh=reason,
        source=f"{source} 条件{clause}".rstrip() if clause else source,
        threshold="未知（待确认）",
        group="unconfirmed",
    )


def _evaluation(items: tuple[Item, ...], chosen: RuleSet, as_of: date) -> Evaluation:
    passed = items_passed(items)
    notes = [chosen.note_zh] if chosen.note_zh else []
    if passed is None:
        notes.append("结论待定：有未知事实或未确认的条件，见各项")
    return Evaluation(passed=passed, items=items, rule_set=chosen.id, as_of=as_of, notes=tuple(notes))
