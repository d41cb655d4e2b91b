"""New-product programmes (programme-rules-2.md §1): 省级新产品 (2021, §1.2), 省级工业新产品确认
(2023 call under 湘工信科技〔2022〕306号, §1.3) and 产品创新强基项目 (§1.5, LIKELY floors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from breakzero.rules.bands import at_least_item
from breakzero.rules.facts import _Facts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Evaluation, Item, items_passed

__all__ = ["TechLevel", "ProductFacts", "evaluate_provincial_new_product", "evaluate_industrial_new_product",
           "evaluate_product_innovation_project"]

SRC_2021 = "湘工信科技〔2021〕448号《关于做好省级新产品征集工作的通知》"
SRC_2023 = "《关于做好2023年度省级工业新产品确认申请推荐工作的通知》（湘工信科技〔2022〕306号）"
SRC_STRONG_BASE = "湘工信科技〔2023〕55号（市州转发通知，很可能）"
RULE_SET_2021, RULE_SET_2023, RULE_SET_STRONG_BASE = "hngxt-2021-448", "hngxt-2023-new-product", "hngxt-2023-55-likely"
MIN_USERS = 2  # "两个以上用户" (§1.3)
DEFAULT_WINDOW_START = dt.date(2022, 1, 1)  # 2023 call: developed and produced since 2022-01-01; per call
STRONG_BASE_TOTAL = Decimal("5000")  # 万元, LIKELY (a 市州 notice; the provincial floor may be lower)
STRONG_BASE_IN_YEAR = Decimal("3000")  # 万元, LIKELY
STRONG_BASE_YEARS = 3


class TechLevel(IntEnum):
    """Technical level claimed (higher is better)."""

    BELOW_PROVINCIAL = 0
    PROVINCIAL_ADVANCED = 1  # 省内先进
    NATIONAL_ADVANCED = 2  # 国内先进
    NATIONAL_LEADING = 3  # 国内领先
    INTERNATIONAL_ADVANCED = 4  # 国际先进


@dataclass(frozen=True)
class ProductFacts(_Facts):
    """One product of one applicant; amounts in 万元."""

    as_of: dt.date
    is_hunan_legal_person: bool | None = None  #: registered in Hunan, independent legal person
    passed_acceptance: bool | None = None  #: 项目验收 (self-organised or third party)
    tech_level: TechLevel | None = None
    has_own_ip: bool | None = None
    has_batch_production: bool | None = None  #: 批量生产能力 / stable production
    needs_licence: bool | None = None  #: production licence or CCC compulsory for the product
    holds_licence: bool | None = None
    passed_appraisal: bool | None = None  #: 新产品研发成果鉴定
    user_count: int | None = None
    has_breakthrough: bool | None = None  #: 六基 bottleneck, 卡脖子, 省内首创/首次生产/首次投放 (any one)
    supports_chain: bool | None = None  #: 产业配套 / 强链延链补链
    production_start: dt.date | None = None  #: put into industrial production on
    total_investment: Decimal | None = None
    investment_in_year: Decimal | None = None
    completed_on: dt.date | None = None  #: R&D and construction completed, industrialised


def evaluate_provincial_new_product(facts: ProductFacts) -> Evaluation:
    """省级新产品 (2021 round, §1.2, CONFIRMED): conditions 1–5, all required."""
    items = (
        _flag("c1.legal_person", "湖南省内注册的独立法人", facts.is_hunan_legal_person, SRC_2021, "1"),
        _flag("c2.acceptance", "新产品原则上已通过项目验收", facts.passed_acceptance, SRC_2021, "2"),
        _level("c3.level", facts.tech_level, SRC_2021, "3"),
        _flag("c3.ip", "拥有自主、清晰的知识产权", facts.has_own_ip, SRC_2021, "3"),
        _flag("c4.batch", "具备批量生产能力", facts.has_batch_production, SRC_2021, "4"),
        _licence(facts, SRC_2021, "5"),
    )
    return _evaluation(items, RULE_SET_2021, facts.as_of)


def evaluate_industrial_new_product(facts: ProductFacts, *, window_start: dt.date = DEFAULT_WINDOW_START) -> Evaluation:
    """省级工业新产品确认 (2023 call, §1.3, CONFIRMED): advanced with one breakthrough, chain role,
    鉴定 passed and ≥ 2 users, produced within the call's window. Whether the five-firsts evidence
    replaces the 鉴定 is UNCONFIRMED, so it does not."""
    window = Indicator("c4.window", "研发并投入工业化生产的时间", f"{SRC_2023} 时间要求", "c4")
    if facts.production_start is None:
        window_item = window.unknown(threshold=f"≥ {window_start:%Y-%m-%d}")
    else:
        ok = facts.production_start >= window_start
        window_item = window.check(ok, f"投产于 {facts.production_start:%Y-%m-%d}，需不早于 {window_start:%Y-%m-%d}",
                                   value=facts.production_start.isoformat(), threshold=f"≥ {window_start:%Y-%m-%d}")
    items = (
        _level("c1.level", facts.tech_level, SRC_2023, "1"),
        _flag("c1.breakthrough", "突破工业六基瓶颈、解决卡脖子问题或省内首创/首次生产/首次投放（至少一项）",
              facts.has_breakthrough, SRC_2023, "1"),
        _flag("c2.chain", "在产业配套或强链延链补链中发挥作用", facts.supports_chain, SRC_2023, "2"),
        _flag("c3.appraisal", "已通过新产品研发成果鉴定", facts.passed_appraisal, SRC_2023, "3"),
        at_least_item(Indicator("c3.users", "用户数量", f"{SRC_2023} 条件3", "c3", "用户数量"), facts.user_count,
                      Decimal(MIN_USERS), unit="个"),
        _flag("c3.stable", "生产稳定", facts.has_batch_production, SRC_2023, "3"),
        _flag("c3.ip", "知识产权清晰", facts.has_own_ip, SRC_2023, "3"),
        window_item,
    )
    return _evaluation(items, RULE_SET_2023, facts.as_of)


def evaluate_product_innovation_project(facts: ProductFacts) -> Evaluation:
    """产品创新强基项目 (§1.5, LIKELY from a 市州 notice): completed within 3 years, total investment
    ≥ 5000万 and ≥ 3000万 in the year."""
    src = SRC_STRONG_BASE
    completed = Indicator("c1.completed", f"{STRONG_BASE_YEARS}年内完成研发和建设并实现产业化", f"{src} 条件1", "c1")
    if facts.completed_on is None:
        completed_item = completed.unknown(threshold=f"≤ {STRONG_BASE_YEARS} 年")
    else:
        limit = _years_before(facts.as_of, STRONG_BASE_YEARS)
        ok = limit <= facts.completed_on <= facts.as_of
        completed_item = completed.check(ok, f"完成于 {facts.completed_on:%Y-%m-%d}，需在 {limit:%Y-%m-%d} 之后",
                                         value=facts.completed_on.isoformat(), threshold=f"≥ {limit:%Y-%m-%d}")
    items = (
        _flag("c0.legal_person", "独立法人", facts.is_hunan_legal_person, src, "0"),
        completed_item,
        at_least_item(Indicator("c2.total", "项目总投资", f"{src} 条件2", "c2", "项目总投资"), facts.total_investment,
                      STRONG_BASE_TOTAL, unit="万元"),
        at_least_item(Indicator("c2.year", "当年完成投资", f"{src} 条件2", "c2", "当年投资"), facts.investment_in_year,
                      STRONG_BASE_IN_YEAR, unit="万元"),
    )
    return _evaluation(items, RULE_SET_STRONG_BASE, facts.as_of, note="门槛取自市州转发通知（很可能），省级门槛可能更低")


def _flag(code: str, name: str, value: bool | None, source: str, clause: str) -> Item:
    return Indicator(code, name, f"{source} 条件{clause}", f"c{clause}").flag(
        value, want=True, met_zh=name, unmet_zh=f"不满足：{name}")


def _level(code: str, level: TechLevel | None, source: str, clause: str) -> Item:
    ind = Indicator(code, "技术水平", f"{source} 条件{clause}", f"c{clause}", "技术水平")
    if level is None:
        return ind.unknown(threshold="≥ 省内先进")
    ok = level >= TechLevel.PROVINCIAL_ADVANCED
    return ind.check(ok, "达到省内先进及以上" if ok else "技术水平未达到省内先进", value=int(level), threshold="≥ 省内先进")


def _licence(facts: ProductFacts, source: str, clause: str) -> Item:
    ind = Indicator("c5.licence", "强制性生产许可或CCC认证", f"{source} 条件{clause}", f"c{clause}")
    if facts.needs_licence is False:
        return ind.check(True, "该产品无须生产许可或CCC认证")
    if facts.needs_licence is None or facts.holds_licence is None:
        return ind.unknown()
    return ind.check(facts.holds_licence, "已取得" if facts.holds_licence else "须取得而未取得生产许可或CCC认证")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _evaluation(items: tuple[Item, ...], rule_set: str, as_of: dt.date, note: str = "") -> Evaluation:
    passed = items_passed(items)
    notes = [note] if note else []
    if passed is None:
        notes.append("结论待定：有未知事实，见各项")
    return Evaluation(passed=passed, items=items, rule_set=rule_set, as_of=as_of, notes=tuple(notes))


