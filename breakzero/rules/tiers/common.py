"""Pieces shared by the cultivation-tier rules (63号): common eligibility, IP bands, growth rates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, localcontext

from breakzero.rules.bands import (
    PRECISION,
    BandTable,
    bound,
    fmt_pct,
    fmt_wan,
    money_gap,
    percent,
    score_item,
)
from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import DeferredText, Evaluation, Item, all3, score_bounds
from breakzero.rules.unconfirmed import GrowthMethod, Unconfirmed

COMMON_SOURCE = "工信部企业〔2022〕63号 第二章（三个层级的共同条件）"
_ELIGIBILITY = (
    ("eligibility.is_sme", "属于中小企业", "is_sme", True, "符合中小企业划型标准", "不属于中小企业（划型标准）"),
    (
        "eligibility.legal_person",
        "境内注册的独立法人",
        "is_independent_legal_person",
        True,
        "在中国境内注册、具有独立法人资格",
        "不是境内注册的独立法人",
    ),
    (
        "eligibility.credit",
        "未列入经营异常名录或严重失信名单",
        "is_on_abnormal_or_dishonest_list",
        False,
        "未列入经营异常名录或严重失信主体名单",
        "被列入经营异常名录或严重失信主体名单",
    ),
    (
        "eligibility.products",
        "产品不属于禁止、限制或淘汰类",
        "has_prohibited_products",
        False,
        "产品（服务）不属于禁止、限制或淘汰类",
        "产品（服务）属于国家禁止、限制或淘汰类",
    ),
    (
        "eligibility.incidents",
        "近三年无重大事故和偷漏税",
        "had_major_incident_3y",
        False,
        "近三年未发生重大安全、质量、环境污染事故和偷漏税行为",
        "近三年发生过重大安全、质量、环境事故或偷漏税行为",
    ),
)


_ELIGIBILITY_INDICATORS = tuple(
    (Indicator(code, name, COMMON_SOURCE, group="eligibility"), attribute, want, met_zh, unmet_zh)
    for code, name, attribute, want, met_zh, unmet_zh in _ELIGIBILITY
)


def eligibility_items(facts: EnterpriseFacts) -> tuple[Item, ...]:
    """The conditions common to all three tiers (63号, policy-rules §2.0).

    Kept on the facts object (immutable, and the items are a function of it): the three tiers
    ask for the same items of the same facts, bulk screening once per firm instead of three
    times. Not a field, so equality, hashing, repr and ``replace`` ignore it."""
    items = facts.__dict__.get(_ELIGIBILITY_KEPT)
    if items is None:
        items = facts.__dict__[_ELIGIBILITY_KEPT] = tuple(
            ind.flag(getattr(facts, attribute), want=want, met_zh=met_zh, unmet_zh=unmet_zh)
            for ind, attribute, want, met_zh, unmet_zh in _ELIGIBILITY_INDICATORS
        )
    return items


_ELIGIBILITY_KEPT = "_eligibility_items"


def ip_item(ind: Indicator, facts: EnterpriseFacts, points: tuple[int, int, int, int]) -> Item:
    """Highest IP band reached (Ⅰ类高价值 > self-developed Ⅰ类 > Ⅰ类 > Ⅱ类), never a sum (§2.1).

    A band whose count is unknown could be the one reached, so the item stays
    unknown until every better band is known to be absent.
    """
    no_class1 = facts.ip_class1 == 0  # subsets of Ⅰ类 are then 0 as well
    bands = (
        ("Ⅰ类高价值知识产权", 0 if no_class1 else facts.ip_class1_high_value, points[0]),
        ("自主研发Ⅰ类知识产权", 0 if no_class1 else facts.ip_class1_self_developed, points[1]),
        ("Ⅰ类知识产权", facts.ip_class1, points[2]),
        ("Ⅱ类知识产权", facts.ip_class2, points[3]),
    )
    for index, (label, count, band_points) in enumerate(bands):
        if count is None:
            return ind.unknown(max_points=points[0])
        if count >= 1:
            reason = f"拥有{label} {count} 项，取最高档得 {band_points} 分"
            if index > 0:
                reason += f"；上一档需{bands[index - 1][0]} ≥ 1 项（{bands[index - 1][2]} 分）"
            return ind.scored(band_points, points[0], reason, value=count, threshold=f"{label} ≥ 1 项")
    reason = f"没有与主导产品相关的有效知识产权，得 0 分；拥有Ⅱ类知识产权 1 项即可得 {points[3]} 分"
    return ind.scored(0, points[0], reason, value=0)


def growth_percent(new: Decimal, old: Decimal) -> Decimal | None:
    """(new − old) / old in percent; None when ``old`` is 0 (undefined)."""
    return None if old == 0 else percent(new - old, old)


def average_growth(facts: EnterpriseFacts, method: GrowthMethod) -> tuple[Decimal | None, bool]:
    """Average main-business revenue growth of the last 2 years in percent (§2.2).

    Returns (value, known): known is False when a revenue is missing; the value
    is None with known True when a zero base makes the growth undefined.
    """
    prev, prev2, prev3 = (
        facts.main_business_revenue_prev,
        facts.main_business_revenue_prev2,
        facts.main_business_revenue_prev3,
    )
    if method is GrowthMethod.CAGR:
        if prev is None or prev3 is None:
            return None, False
        if prev3 == 0 or prev / prev3 < 0:
            return None, True
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return ((Decimal(prev) / Decimal(prev3)).sqrt() - 1) * 100, True
    if prev is None or prev2 is None or prev3 is None:
        return None, False
    first, second = growth_percent(prev, prev2), growth_percent(prev2, prev3)
    if first is None or second is None:
        return None, True
    return (first + second) / 2, True


def growth_item(ind: Indicator, value: Decimal | None, known: bool, table: BandTable, options: Unconfirmed) -> Item:
    """Score a growth rate; a zero base scores 0 and is flagged, or stays unknown (UNCONFIRMED)."""
    if not known:
        return ind.unknown(max_points=table.top)
    if value is not None:
        return score_item(ind, value, table)
    reason = "基期主营业务收入为 0，增长率无法计算"
    if not options.zero_base_growth_scores_zero:
        return replace(ind.unknown(max_points=table.top), reason_zh=f"{reason}（按未知处理，待确认）")
    return ind.scored(0, table.top, f"{reason}，按 0 分计（待确认 处理）")


def debt_ratio(facts: EnterpriseFacts) -> Decimal | None:
    """资产负债率 in percent from raw year-end amounts; None if unknown or assets not positive."""
    if facts.total_liabilities is None or facts.total_assets is None or facts.total_assets <= 0:
        return None
    return percent(facts.total_liabilities, facts.total_assets)


def share(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """numerator/denominator in percent; None if unknown or the denominator is not positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return percent(numerator, denominator)


def scored_evaluation(
    passed: bool | None, items: tuple[Item, ...], rule_set: str, as_of: date, scored: tuple[Item, ...]
) -> Evaluation:
    """Evaluation whose score sums ``scored`` (known points; the max counts unknowns at their max)."""
    low, high = score_bounds(scored)
    unknown_names = "、".join(i.name_zh for i in items if not i.is_known)
    notes = (f"结论待定，以下事实未知：{unknown_names}",) if passed is None else ()
    return Evaluation(
        passed=passed, items=items, rule_set=rule_set, as_of=as_of, score=low, max_possible_score=high, notes=notes
    )


def each_year_rd_ratio_item(ind: Indicator, facts: EnterpriseFacts, minimum: Decimal, prefix_zh: str = "") -> Item:
    """R&D / operating revenue ≥ ``minimum`` percent in each of the last 2 years (小巨人)."""
    years = (
        (facts.rd_expense_prev, facts.operating_revenue_prev, "上年度"),
        (facts.rd_expense_prev2, facts.operating_revenue_prev2, "上上年度"),
    )
    ratios = [
        None if rd is None or rev is None else (percent(rd, rev) if rev > 0 else Decimal(0)) for rd, rev, _ in years
    ]
    ok = all3(None if r is None else r >= minimum for r in ratios)
    threshold = f"近2年每年研发费用占比 {bound('≥', minimum, '%')}"
    if ok is None:
        return ind.unknown(threshold=threshold)
    reason = DeferredText(_rd_years_reason, prefix_zh, threshold, years, tuple(ratios), minimum)
    return ind.check(ok, reason, value=tuple(ratios), threshold=threshold)


def _rd_years_reason(
    prefix_zh: str, threshold: str, years: tuple, ratios: tuple, minimum: Decimal  # type: ignore[type-arg]
) -> str:
    parts = [_year_text(label, rd, rev, ratio, minimum) for (rd, rev, label), ratio in zip(years, ratios, strict=True)]
    return f"{prefix_zh}需{threshold}；{'，'.join(parts)}"


def _year_text(label: str, rd: Decimal | None, revenue: Decimal | None, ratio: Decimal | None, minimum: Decimal) -> str:
    if ratio is None or rd is None or revenue is None:
        return f"{label}未知"
    text = f"{label} {fmt_pct(ratio)}"
    if ratio < minimum and revenue > 0:
        text += f"（约还需增加研发费用 {fmt_wan(money_gap(rd, revenue, minimum))}）"
    return text
