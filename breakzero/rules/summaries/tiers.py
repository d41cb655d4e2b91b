"""Summaries of 创新型中小企业 and 专精特新中小企业 under 工信部企业〔2022〕63号 (附件1, 附件2).

Each mirrors its tier module item by item (same order, same outcomes; see the modules cited) and
returns ``None`` for what it does not cover (another rule set, a retroactive or not-applicable
result): the caller then runs the full evaluation. 附件3 (小巨人): ``little_giant``; 2026年2号:
``revision_2026``.
"""

from __future__ import annotations

from decimal import Decimal

from breakzero.rules.facts import EnterpriseFacts, RdInstitutionLevel
from breakzero.rules.rulesets import Rule, RuleSet, available_rule_sets
from breakzero.rules.summaries.common import (
    all3,
    any3,
    at_least,
    bounds,
    cached_gap,
    contradicts,
    flag,
    gap_text,
    gate,
    points_of,
    ratio_at_least,
    ratio_points,
    thresholds,
)
from breakzero.rules.summaries.tier_parts import (
    COVERED,
    ELIGIBILITY,
    Parts,
    covered,
    debt_points,
    eligibility_gap,
    gate_key,
    growth_points,
    ip_points,
    parts_of,
    row,
    WITH_2026,
)
from breakzero.rules.summaries import revision_2026
from breakzero.rules.tiers import innovative, srdi, srdi_score
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

__all__ = ["COVERED", "WITH_2026", "innovative_sme", "srdi_sme"]
_DIRECT_LEVELS = (RdInstitutionLevel.NATIONAL, RdInstitutionLevel.PROVINCIAL)


def innovative_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_innovative_sme`` → screening row (附件1: score gates or a direct condition)."""
    if facts.as_of < available_rule_sets(Rule.INNOVATIVE_SME)[0].effective_from:
        return None  # not applicable: the full path words it
    rule_set = covered(Rule.INNOVATIVE_SME, facts)
    if rule_set is None:
        return None
    parts = parts_of(facts, options)
    eligibility = parts.eligibility
    scored = _innovative_scored(facts, options, parts)
    t = thresholds(rule_set)
    low, high = bounds(scored)
    gated = [(low, high, t["pass_score"])]  # (low, high, minimum) of the total and of each group
    for members, key in _INNOVATIVE_GATES:
        gated.append((*bounds([scored[i] for i in members]), t[key]))
    gates = [gate(*bounds_and_minimum) for bounds_and_minimum in gated]
    level = facts.rd_institution_level
    direct = [
        flag(facts.has_sti_award_3y),
        flag(facts.has_valid_honour),
        None if level is None else level in _DIRECT_LEVELS,
        at_least(facts.equity_financing_3y, t["direct_equity"]),
    ]
    passed = all3([all3(eligibility), any3([all3(gates), *direct])])
    outcomes = [*eligibility, *(points for points, _top in scored), *gates, *direct]
    unknown = outcomes.count(None)
    blocking = [*eligibility, *gates]  # scored and direct items never block (results.blocking_items)
    return row(passed, low, unknown, blocking, rule_set, facts,
                lambda index: _innovative_gap(facts, rule_set, scored, gated, index))  # fmt: skip



def srdi_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_srdi_sme`` → screening row (附件2: conditions 1–3 and score ≥ 60 or a direct one)."""
    rule_set = covered(Rule.SRDI_SME, facts, WITH_2026)
    if rule_set is None:
        return None
    if rule_set.id == revision_2026.RULE_SET:
        return revision_2026.srdi_2026(facts, rule_set, options)
    parts = parts_of(facts, options)
    t = thresholds(rule_set)
    eligibility = parts.eligibility
    conditions = _srdi_conditions(facts, t, parts, options)
    scored = _srdi_scored(facts, options, parts)
    low, high = bounds(scored)
    total = gate(low, high, t["pass_score"])
    rd, rd2 = facts.rd_expense_prev, facts.rd_expense_prev2
    average = None if rd is None or rd2 is None else (Decimal(rd) + Decimal(rd2)) / 2
    direct = [
        flag(facts.has_award_top_rank_3y),
        at_least(average, t["direct_avg_rd"]),
        at_least(facts.equity_financing_2y, t["direct_equity"]),
        flag(facts.is_maker_china_top500_3y),
    ]
    passed = all3([all3(eligibility), all3(conditions), any3([total, *direct])])
    outcomes = [*eligibility, *conditions, *(points for points, _top in scored), total, *direct]
    unknown = outcomes.count(None)
    blocking = [*eligibility, *conditions, total]
    return row(passed, low, unknown, blocking, rule_set, facts,
                lambda index: _srdi_gap(facts, rule_set, options, (low, high, t["pass_score"]), index))  # fmt: skip



_INNOVATIVE_INDICATORS = (innovative.IP, innovative.RD, innovative.GROWTH_RATE, innovative.DEBT, innovative.FIELD,
                          innovative.MAIN_SHARE)  # fmt: skip
_INNOVATIVE_GROUPS = tuple(ind.group for ind in _INNOVATIVE_INDICATORS)
# innovative.gate_items' group gates in its order: (positions of the group's scored items, minimum's key).
_INNOVATIVE_GATES = tuple(
    (tuple(i for i, g in enumerate(_INNOVATIVE_GROUPS) if g == group), key)
    for group, key in ((innovative.INNOVATION, "innovation_min"), (innovative.GROWTH, "growth_min"),
                       (innovative.SPECIALISATION, "specialisation_min"))
)  # fmt: skip


def _innovative_scored(facts: EnterpriseFacts, options: Unconfirmed, parts: Parts) -> list[tuple[int | None, int]]:
    """(points or None, max points) of ``innovative.score_items``."""
    m = innovative
    prev, prev2, revenue = facts.main_business_revenue_prev, facts.main_business_revenue_prev2, facts.operating_revenue_prev
    growth_known = prev is not None and prev2 is not None
    emerging = facts.is_strategic_emerging_field
    return [
        (ip_points(facts, m.IP_POINTS), m.IP_POINTS[0]),
        (ratio_points(facts.rd_expense_prev, revenue, m.RD_RATIO, exact=parts.rd), m.RD_RATIO.top),
        (growth_points(parts.growth, growth_known, m.GROWTH_BANDS, options), m.GROWTH_BANDS.top),
        (debt_points(parts.debt, m.DEBT_BANDS, options), m.DEBT_BANDS.top),
        (None if emerging is None else (10 if emerging else 5), 10),  # innovative._field_item
        (ratio_points(prev, revenue, m.MAIN_SHARE_BANDS, part_of_whole=True, exact=parts.main),
         m.MAIN_SHARE_BANDS.top),
    ]  # fmt: skip


class _Scored:
    """What ``innovative.gate_items`` reads of a scored item (group, points, max points)."""

    __slots__ = ("group", "points", "max_points")

    def __init__(self, group: str, points: int | None, max_points: int) -> None:
        self.group, self.points, self.max_points = group, points, max_points



def _innovative_gap(facts: EnterpriseFacts, rule_set: RuleSet, scored: list, gated: list, index: int) -> str:  # type: ignore[type-arg]
    if index < len(ELIGIBILITY):
        return eligibility_gap(facts, index)
    index -= len(ELIGIBILITY)
    standing = lambda: [_Scored(g, p, top) for g, (p, top) in zip(_INNOVATIVE_GROUPS, scored, strict=True)]  # noqa: E731
    return cached_gap(gate_key("innovative_sme", index, *gated[index]),
                      lambda: innovative.gate_items(standing(), rule_set)[index])  # type: ignore[arg-type]  # fmt: skip



def _srdi_conditions(facts: EnterpriseFacts, t: dict, parts: Parts, options: Unconfirmed) -> list[bool | None]:  # type: ignore[type-arg]
    """``srdi.condition_items``."""
    revenue, equity = facts.operating_revenue_prev, facts.equity_financing_2y
    conditions = [
        at_least(facts.niche_years, t["niche_years"]),
        at_least(facts.rd_expense_prev, t["rd_expense"]),
        ratio_at_least(facts.rd_expense_prev, revenue, t["rd_percent"], exact=parts.rd),
        any3([at_least(revenue, t["revenue"]), at_least(equity, t["equity_alt"])]),
    ]
    if options.srdi_requires_innovative_title:
        conditions.insert(0, flag(facts.has_innovative_title))
    return conditions


def _srdi_scored(
    facts: EnterpriseFacts, options: Unconfirmed, parts: Parts
) -> list[tuple[Decimal | int | None, Decimal | int]]:
    """(points or None, max points) of ``srdi_score.srdi_score_items``, in its order."""
    m = srdi_score
    revenue, rd = facts.operating_revenue_prev, facts.rd_expense_prev
    growth, growth_known = parts.average
    years, quality, digital = facts.niche_years, facts.quality_items, facts.digital_level
    characteristic = facts.provincial_characteristic_points
    if characteristic is not None and not 0 <= characteristic <= m.CHARACTERISTIC_MAX:
        raise ValueError("特色化得分超出范围")  # the full path words the error (the caller falls back)
    staff = None if contradicts(facts.rd_staff, facts.employees) else parts.staff
    return [
        (ratio_points(facts.main_business_revenue_prev, revenue, m.MAIN_SHARE_BANDS, part_of_whole=True,
                      exact=parts.main), m.MAIN_SHARE_BANDS.top),
        (growth_points(growth, growth_known, m.GROWTH_BANDS, options), m.GROWTH_BANDS.top),
        (None if years is None else (min(int(Decimal(years) // 2), 5) if years > 0 else 0), 5),  # niche_points_item
        _enum_points(facts.main_product_field, m.FIELD_POINTS),
        (None if digital is None else points_of(m.DIGITAL_BANDS, Decimal(digital)), m.DIGITAL_BANDS.top),
        (None if quality is None else min(3 * quality, 5), 5),  # quality_item
        (ratio_points(facts.net_profit_prev, revenue, m.MARGIN_BANDS), m.MARGIN_BANDS.top),
        (debt_points(parts.debt, m.DEBT_BANDS, options), m.DEBT_BANDS.top),
        (characteristic, m.CHARACTERISTIC_MAX),
        (ip_points(facts, m.IP_POINTS), m.IP_POINTS[0]),
        (_rd_input_points(rd, revenue, parts.rd), 10),
        (None if staff is None else points_of(m.RD_STAFF_BANDS, staff), m.RD_STAFF_BANDS.top),
        _enum_points(facts.rd_institution_level, m.INSTITUTION_POINTS),
    ]  # fmt: skip


def _enum_points(value: object, points: dict) -> tuple[int | None, int]:  # type: ignore[type-arg]
    """``srdi_score._enum_item``'s (points, max)."""
    return (None if value is None else points[value]), max(points.values())


def _rd_input_points(rd: Decimal | None, revenue: Decimal | None, exact: Decimal | None) -> int | None:
    """``srdi_score.rd_input_item``: the better of the amount band and the ratio band."""
    m = srdi_score
    if rd is None:
        return None
    best = points_of(m.RD_AMOUNT_BANDS, rd)
    if revenue is None and best < m.RD_AMOUNT_BANDS.top:
        return None
    if revenue is not None and revenue > 0:
        best = max(best, points_of(m.RD_RATIO_BANDS, exact))  # type: ignore[arg-type]  # exact: rd / revenue
    return best


def _srdi_gap(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed, gated: tuple, index: int) -> str:  # type: ignore[type-arg]
    if index < len(ELIGIBILITY):
        return eligibility_gap(facts, index)
    conditions = 5 if options.srdi_requires_innovative_title else 4
    if index < len(ELIGIBILITY) + conditions:
        return gap_text(srdi.condition_items(facts, rule_set, options)[index - len(ELIGIBILITY)])
    # The score gate, as evaluate_srdi builds it from the scored items (on a miss only).
    return cached_gap(gate_key("srdi_sme", 0, *gated),
                      lambda: srdi.evaluate_srdi(facts, rule_set, options).item("score.total"))  # fmt: skip


