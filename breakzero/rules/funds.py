"""SME development fund: factor-method allocation (因素法) and the 2022 call's eligibility (programme-rules-2.md §6).

Allocation: a region's share is Σ_f w_f·x_rf/Σ_r' x_r'f divided by Σ_f w_f,
over the factors whose total is positive. Shares are computed exactly
(``Fraction``); amounts are rounded down to ``unit`` and the leftover units go
one each to the largest remainders (ties by region code), so the amounts sum to
the budget exactly. Floors and caps fix the regions that hit them; the rest of
the budget is shared among the other regions by the same rule (factor totals
over those regions), repeated until no region moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from breakzero.rules.dates import add_years
from breakzero.rules.facts import _Facts
from breakzero.rules.indicators import Indicator
from breakzero.rules.results import Evaluation, Item, items_passed
from breakzero.rules.rulesets import Rule, RuleSet, available_rule_sets
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

__all__ = [
    "CallEligibilityFacts",
    "FundBan",
    "FundCategory",
    "SupportRecord",
    "allocate_by_factors",
    "check_call_eligibility",
    "exact_shares",
]

Amount = Decimal | int
Bound = Amount | Mapping[str, Amount] | None


def allocate_by_factors(
    budget: Amount,
    factors: Mapping[str, Mapping[str, Amount]],
    weights: Mapping[str, Amount],
    *,
    unit: Decimal = Decimal("0.01"),
    floor: Bound = None,
    cap: Bound = None,
) -> dict[str, Decimal]:
    """Region code → amount (multiples of ``unit``) summing exactly to ``budget``.

    ``floor``/``cap`` are one amount for every region or a dict per region (a
    region left out has no bound). ``ValueError`` (Chinese reason) for negative
    or non-multiple amounts, a missing factor value, or bounds that cannot all hold.
    """
    total, step = _money(budget, unit, "预算总额"), Decimal(unit)
    _check_inputs(factors, weights)
    floors, caps = _bounds(floor, factors, step, "下限"), _bounds(cap, factors, step, "上限")
    _check_feasible(total, factors, floors, caps)
    fixed: dict[str, Decimal] = {}
    while True:
        active = [r for r in sorted(factors) if r not in fixed]
        rest = Fraction(total - sum(fixed.values(), Decimal(0)))
        if rest < 0:
            raise ValueError("固定在下限的地区合计已超过预算总额，下限无法同时满足")
        exact = exact_shares(rest, {r: factors[r] for r in active}, weights)
        moved = _bounded_moves(exact, floors, caps)
        if not moved:
            break
        fixed.update(moved)
    result = {r: v.quantize(step) for r, v in fixed.items()}
    result.update(_largest_remainder(exact, step, rest))
    return {r: result[r] for r in sorted(result)}


def exact_shares(
    amount: Fraction | Amount, factors: Mapping[str, Mapping[str, Amount]], weights: Mapping[str, Amount]
) -> dict[str, Fraction]:
    """Exact (unrounded) amounts of ``amount`` by the factor method over the regions in ``factors``."""
    amount = Fraction(amount)
    totals = {f: sum((Fraction(x[f]) for x in factors.values()), Fraction(0)) for f in weights}
    used = {f: Fraction(w) for f, w in weights.items() if Fraction(w) > 0 and totals[f] > 0}
    weight_sum = sum(used.values(), Fraction(0))
    if not used:
        if amount == 0:
            return dict.fromkeys(factors, Fraction(0))
        raise ValueError("各因素在参与分配的地区中合计均为 0（或权重均为 0），无法按因素法分配")
    return {
        region: amount * sum((w * Fraction(values[f]) / totals[f] for f, w in used.items()), Fraction(0)) / weight_sum
        for region, values in factors.items()
    }


def _bounded_moves(
    exact: Mapping[str, Fraction], floors: Mapping[str, Decimal], caps: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Regions to fix this round: those under their floor or over their cap.

    When both occur, only the side with the larger total violation is fixed
    (fixing caps frees money that may lift the others over their floors, and
    fixing floors takes money that may bring the others under their caps).
    """
    low = {r: floors[r] for r, v in exact.items() if r in floors and v < Fraction(floors[r])}
    high = {r: caps[r] for r, v in exact.items() if r in caps and v > Fraction(caps[r])}
    deficit = sum((Fraction(low[r]) - exact[r] for r in low), Fraction(0))
    excess = sum((exact[r] - Fraction(high[r]) for r in high), Fraction(0))
    if excess > deficit:
        return high
    if deficit > excess:
        return low
    return {**low, **high}


def _largest_remainder(exact: Mapping[str, Fraction], unit: Decimal, total: Fraction) -> dict[str, Decimal]:
    step = Fraction(unit)
    units = {r: int(v // step) for r, v in exact.items()}
    leftover = int(total / step) - sum(units.values())
    by_remainder = sorted(exact, key=lambda r: (-(exact[r] / step - units[r]), r))
    for region in by_remainder[:leftover]:
        units[region] += 1
    return {r: n * unit for r, n in units.items()}


def _money(value: Amount, unit: Amount, label: str) -> Decimal:
    if isinstance(value, float) or isinstance(unit, float):
        raise TypeError(f"{label}：请使用 Decimal，不要使用 float")
    value, unit = Decimal(value), Decimal(unit)
    if unit <= 0:
        raise ValueError(f"分配单位必须大于 0（现为 {unit}）")
    if value < 0:
        raise ValueError(f"{label}不能为负数（现为 {value}）")
    if value % unit != 0:
        raise ValueError(f"{label} {value} 不是分配单位 {unit} 的整数倍")
    return value


def _check_inputs(factors: Mapping[str, Mapping[str, Amount]], weights: Mapping[str, Amount]) -> None:
    if not factors:
        raise ValueError("没有参与分配的地区")
    for name, weight in weights.items():
        if isinstance(weight, float) or Decimal(weight) < 0:
            raise ValueError(f"因素“{name}”的权重必须是非负的 Decimal（现为 {weight!r}）")
    for region, values in factors.items():
        for name in weights:
            if name not in values:
                raise ValueError(f"地区 {region} 缺少因素“{name}”的数值")
            if isinstance(values[name], float) or Decimal(values[name]) < 0:
                raise ValueError(f"地区 {region} 的因素“{name}”必须是非负的 Decimal（现为 {values[name]!r}）")


def _bounds(bound: Bound, factors: Mapping[str, object], unit: Decimal, label: str) -> dict[str, Decimal]:
    if bound is None:
        return {}
    if isinstance(bound, Mapping):
        unknown = sorted(set(bound) - set(factors))
        if unknown:
            raise ValueError(f"{label}中有不参与分配的地区：{'、'.join(unknown)}")
        return {r: _money(v, unit, f"地区 {r} 的{label}") for r, v in bound.items()}
    amount = _money(bound, unit, label)
    return dict.fromkeys(factors, amount)


def _check_feasible(
    total: Decimal, factors: Mapping[str, object], floors: Mapping[str, Decimal], caps: Mapping[str, Decimal]
) -> None:
    for region in sorted(floors.keys() & caps.keys()):
        if floors[region] > caps[region]:
            raise ValueError(f"地区 {region} 的下限 {floors[region]} 高于上限 {caps[region]}")
    if sum(floors.values(), Decimal(0)) > total:
        raise ValueError(f"各地区下限合计 {sum(floors.values())} 超过预算总额 {total}，无法同时满足")
    if len(caps) == len(factors) and sum(caps.values(), Decimal(0)) < total:
        raise ValueError(f"各地区上限合计 {sum(caps.values())} 低于预算总额 {total}，预算无法分完")


# ---------------------------------------------------------------- §6.2 call eligibility


class FundCategory(StrEnum):
    """Support categories of the call (§6.2)."""

    TRANSFORMATION = "transformation"  # 转型升级类
    SERVICE_SYSTEM = "service_system"  # 服务体系类
    AWARD = "award"  # 奖励类
    OTHER = "other"


@dataclass(frozen=True)
class SupportRecord(_Facts):
    """One earlier grant to the enterprise."""

    year: int
    is_department_fund: bool  #: a 省工信厅-managed special fund
    is_this_fund: bool = False  #: the 中小企业发展专项资金 itself
    category: FundCategory = FundCategory.OTHER


@dataclass(frozen=True)
class FundBan(_Facts):
    """A ban on applying that followed a clawback (追回); its length is set by the decision."""

    starts_on: date
    ends_on: date | None  #: None = open-ended
    reason_zh: str = ""


@dataclass(frozen=True)
class CallEligibilityFacts(_Facts):
    """An application to the call of ``call_year``; ``as_of`` = application date."""

    as_of: date
    call_year: int
    category: FundCategory
    is_registered_in_hunan: bool | None = None
    is_independent_legal_person: bool | None = None
    established_on: date | None = None
    has_sound_finance_and_credit: bool | None = None  #: sound financial management, good credit
    is_project_in_scope: bool | None = None  #: lawful, fits industrial policy and the fund's direction
    applied_other_provincial_fund: bool | None = None  #: applying for another provincial fund this year
    support_history: tuple[SupportRecord, ...] | None = None  #: None = history unknown
    is_credit_blacklisted: bool | None = None  #: "信用湖南" blacklist
    has_serious_bad_record: bool | None = None  #: serious safety/quality/environment record, last 2 years
    falsified_application: bool | None = None  #: falsified an application in the last 2 years
    bans: tuple[FundBan, ...] = ()


def check_call_eligibility(facts: CallEligibilityFacts, *, options: Unconfirmed = DEFAULT) -> Evaluation:
    """Eligibility (1–2), the five exclusions and any clawback ban of the call (湘工信财务〔2021〕509号)."""
    chosen = _call_rule_set(facts.call_year)
    src = chosen.source
    items = [*_eligibility_items(facts, chosen, options), *_exclusion_items(facts, src, options)]
    items.append(_ban_item(facts, src))
    passed = items_passed(items)
    notes = [chosen.note_zh] if chosen.note_zh else []
    if passed is None:
        notes.append("结论待定：有未知事实，见各项")
    return Evaluation(passed=passed, items=tuple(items), rule_set=chosen.id, as_of=facts.as_of, notes=tuple(notes))


def _call_rule_set(year: int) -> RuleSet:
    for candidate in available_rule_sets(Rule.SME_FUND_CALL):
        if candidate.threshold("call_year") == year:
            return candidate
    raise ValueError(f"没有 {year} 年度省中小企业发展专项资金申报通知的规则（已知：2022年度）")


def _eligibility_items(facts: CallEligibilityFacts, chosen: RuleSet, options: Unconfirmed) -> list[Item]:
    src = f"{chosen.source} 申报条件"
    cutoff = chosen.date("established_cutoff")
    latest = add_years(cutoff, -int(chosen.threshold("established_years")))
    established = Indicator("established", "成立满1年", src, "eligibility", "成立日期")
    if facts.established_on is None:
        established_item = established.unknown(threshold=f"成立日期不晚于 {latest}")
    else:
        ok = facts.established_on <= latest if options.fund_established_inclusive else facts.established_on < latest
        reading = "（含当日，待确认 读法）" if options.fund_established_inclusive else "（不含当日）"
        reason = f"成立于 {facts.established_on}，需截至 {cutoff} 成立1年以上，即不晚于 {latest}{reading}"
        established_item = established.check(ok, reason, value=facts.established_on, threshold=f"≤ {latest}")
    return [
        _flag("hunan", "在湖南注册", facts.is_registered_in_hunan, True, src),
        _flag("legal_person", "具有独立法人资格", facts.is_independent_legal_person, True, src),
        established_item,
        _flag("finance", "财务管理制度健全、财务和信用状况良好", facts.has_sound_finance_and_credit, True, src),
        _flag("scope", "项目合法且符合产业政策和资金支持方向", facts.is_project_in_scope, True, src),
    ]


def _exclusion_items(facts: CallEligibilityFacts, source: str, options: Unconfirmed) -> list[Item]:
    src = f"{source} 不予支持情形"
    year = facts.call_year
    items = []
    if facts.category is not FundCategory.AWARD:  # exclusions 1-3 exempt 奖励类
        items.append(
            _flag("x1.other_fund", f"未同时申报{year}年度其他省级专项资金", facts.applied_other_provincial_fund, False, src)
        )
        items.append(_both_years_item(facts, src, options))
        if facts.category is FundCategory.TRANSFORMATION:
            items.append(_transformation_item(facts, src))
    items.append(_flag("x4.blacklist", "未列入“信用湖南”黑名单", facts.is_credit_blacklisted, False, src))
    items.append(_flag("x4.bad_record", "近2年无严重安全、质量、环境失信记录", facts.has_serious_bad_record, False, src))
    items.append(_flag("x5.falsified", "近2年无弄虚作假申报行为", facts.falsified_application, False, src))
    return items


def _both_years_item(facts: CallEligibilityFacts, source: str, options: Unconfirmed) -> Item:
    years = (facts.call_year - 2, facts.call_year - 1)
    ind = Indicator("x2.both_years", f"未在{years[0]}、{years[1]}年连续获得省工信厅专项资金支持", source, "exclusion")
    if facts.support_history is None:
        return ind.unknown()
    counted = [
        r
        for r in facts.support_history
        if r.is_department_fund and not (options.fund_past_awards_ignored and r.category is FundCategory.AWARD)
    ]
    funded = [any(r.year == y for r in counted) for y in years]
    flags = "、".join(f"{y}年{'获支持' if f else '未获支持'}" for y, f in zip(years, funded, strict=True))
    ok = not all(funded)
    return ind.check(ok, flags + ("" if ok else "：连续两年获支持，本年度不予支持（奖励类除外）"), value=tuple(funded))


def _transformation_item(facts: CallEligibilityFacts, source: str) -> Item:
    last = facts.call_year - 1
    ind = Indicator("x3.transformation", f"{last}年未获本专项转型升级类支持", source, "exclusion")
    if facts.support_history is None:
        return ind.unknown()
    hit = any(
        r.year == last and r.is_this_fund and r.category is FundCategory.TRANSFORMATION for r in facts.support_history
    )
    reason = f"{last}年已获本专项转型升级类支持，不得再申报转型升级类" if hit else f"{last}年未获本专项转型升级类支持"
    return ind.check(not hit, reason)


def _ban_item(facts: CallEligibilityFacts, source: str) -> Item:
    ind = Indicator("ban", "不在追回资金后的禁止申报期内", f"{source}；禁止期限以追回决定为准", "exclusion")
    active = [b for b in facts.bans if b.starts_on <= facts.as_of and (b.ends_on is None or facts.as_of <= b.ends_on)]
    if not active:
        return ind.check(True, "无有效的禁止申报期")
    ban = active[0]
    until = "长期" if ban.ends_on is None else f"至 {ban.ends_on}"
    return ind.check(False, f"处于禁止申报期（{ban.starts_on} 起{until}）{ban.reason_zh}", value=ban.ends_on)


def _flag(code: str, name: str, value: bool | None, want: bool, source: str) -> Item:
    return Indicator(code, name, source, "eligibility" if want else "exclusion").flag(
        value, want=want, met_zh=name, unmet_zh=f"不满足：{name}"
    )
