"""Summaries of the three cultivation tiers under 工信部企业〔2022〕63号 (附件1, 附件2, 附件3).

Each mirrors its tier module item by item (same order, same outcomes; see the modules cited) and
returns ``None`` for what it does not cover (another rule set, a retroactive or not-applicable
result): the caller then runs the full evaluation.
"""

from __future__ import annotations

from decimal import Decimal

from breakzero.rules.bands import percent
from breakzero.rules.facts import EnterpriseFacts, RdInstitutionLevel
from breakzero.rules.results import Item
from breakzero.rules.rulesets import Rule, RuleSet, available_rule_sets, resolve_rule_set
from breakzero.rules.summaries.common import (
    all3,
    any3,
    at_least,
    at_most,
    bounds,
    contradicts,
    flag,
    gap_text,
    gate,
    quantized,
    ratio_at_least,
    ratio_points,
    share,
)
from breakzero.rules.tiers import common, innovative, little_giant, srdi, srdi_score
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

COVERED = frozenset({"miit-2022-63"})  # rule set ids these summaries implement (all three tiers)
_ELIGIBILITY = tuple((attribute, want) for _code, _name, attribute, want, _met, _unmet in common._ELIGIBILITY)
_DIRECT_LEVELS = (RdInstitutionLevel.NATIONAL, RdInstitutionLevel.PROVINCIAL)


def innovative_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_innovative_sme`` → screening row (附件1: score gates or a direct condition)."""
    if facts.as_of < available_rule_sets(Rule.INNOVATIVE_SME)[0].effective_from:
        return None  # not applicable: the full path words it
    rule_set = _covered(Rule.INNOVATIVE_SME, facts)
    if rule_set is None:
        return None
    eligibility = _eligibility(facts)
    scored = _innovative_scored(facts, options)
    groups = (innovative.INNOVATION, innovative.GROWTH, innovative.SPECIALISATION)
    minima = (rule_set.threshold("innovation_min"), rule_set.threshold("growth_min"),
              rule_set.threshold("specialisation_min"))  # fmt: skip
    low, high = bounds(scored)
    gates = [gate(low, high, rule_set.threshold("pass_score"))]
    for group, minimum in zip(groups, minima, strict=True):
        gates.append(gate(*bounds([s for s, g in zip(scored, _INNOVATIVE_GROUPS, strict=True) if g == group]), minimum))
    level = facts.rd_institution_level
    direct = [
        flag(facts.has_sti_award_3y),
        flag(facts.has_valid_honour),
        None if level is None else level in _DIRECT_LEVELS,
        at_least(facts.equity_financing_3y, rule_set.threshold("direct_equity")),
    ]
    passed = all3([all3(eligibility), any3([all3(gates), *direct])])
    outcomes = [*eligibility, *(points for points, _top in scored), *gates, *direct]
    unknown = sum(1 for o in outcomes if o is None)
    blocking = [*eligibility, *gates]  # scored and direct items never block (results.blocking_items)
    return _row(passed, low, unknown, blocking, rule_set, facts, lambda index: _innovative_gap(facts, rule_set, scored, index))


def srdi_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_srdi_sme`` → screening row (附件2: conditions 1–3 and score ≥ 60 or a direct one)."""
    rule_set = _covered(Rule.SRDI_SME, facts)
    if rule_set is None:
        return None
    eligibility = _eligibility(facts)
    conditions = _srdi_conditions(facts, rule_set, options)
    scored = _srdi_scored(facts, options)
    low, high = bounds(scored)
    total = gate(low, high, rule_set.threshold("pass_score"))
    rd, rd2 = facts.rd_expense_prev, facts.rd_expense_prev2
    average = None if rd is None or rd2 is None else (Decimal(rd) + Decimal(rd2)) / 2
    direct = [
        flag(facts.has_award_top_rank_3y),
        at_least(average, rule_set.threshold("direct_avg_rd")),
        at_least(facts.equity_financing_2y, rule_set.threshold("direct_equity")),
        flag(facts.is_maker_china_top500_3y),
    ]
    passed = all3([all3(eligibility), all3(conditions), any3([total, *direct])])
    outcomes = [*eligibility, *conditions, *(points for points, _top in scored), total, *direct]
    unknown = sum(1 for o in outcomes if o is None)
    blocking = [*eligibility, *conditions, total]
    return _row(passed, low, unknown, blocking, rule_set, facts, lambda index: _srdi_gap(facts, rule_set, options, index))


def little_giant_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_little_giant`` → screening row (附件3: every group holds; no score)."""
    rule_set = _covered(Rule.LITTLE_GIANT, facts)
    if rule_set is None:
        return None
    t = rule_set.threshold
    groups = [
        _eligibility(facts),
        [flag(facts.has_srdi_title)] if options.little_giant_requires_srdi_title else [],
        _little_giant_specialisation(facts, rule_set, options),
        [flag(facts.has_information_system), flag(facts.has_foreign_certification),
         at_most(common.debt_ratio(facts), t("debt_max"))],
        [at_least(facts.niche_market_share_pct, t("market_share")), flag(facts.has_own_brand)],
    ]  # fmt: skip
    general = [
        _rd_intensity(facts, rule_set, options),
        flag(facts.has_rd_institution),
        at_least(facts.ip_class1_in_use, t("class1_in_use")),
    ]
    direct = [flag(facts.has_national_award_top3_3y), flag(facts.is_maker_china_top50_3y)]
    innovation = [*general, *direct, any3([all3(general), *direct])]
    qualitative = [flag(facts.has_key_chain_role), flag(facts.is_main_product_in_key_field)]
    passed = all3([*(all3(group) for group in groups), all3(qualitative), innovation[-1]])
    outcomes = [o for group in groups for o in group] + innovation + qualitative
    unknown = sum(1 for o in outcomes if o is None)
    # Every item of 附件3 is a condition (no scored or direct-group item): all unmet ones block.
    return _row(passed, None, unknown, outcomes, rule_set, facts, lambda index: _little_giant_gap(facts, rule_set, options, index))


SUMMARIES = {"innovative_sme": innovative_sme, "srdi_sme": srdi_sme, "little_giant": little_giant_sme}


def _covered(rule: Rule, facts: EnterpriseFacts) -> RuleSet | None:
    rule_set, retroactive = resolve_rule_set(rule, facts.as_of)
    return None if retroactive or rule_set.id not in COVERED else rule_set


def _row(passed, score, unknown, blocking, rule_set, facts, gap_item) -> tuple:  # type: ignore[no-untyped-def]
    """(passed, score, unknown, unmet, first gap, rule set, as_of) as ``screening._judged`` gives."""
    if passed is True:
        return (True, quantized(score), unknown, 0, "", rule_set.id, facts.as_of)
    unmet = blocking.count(False)  # outcomes are True/False/None: == False is False only
    gap = gap_text(gap_item(blocking.index(False))) if unmet else ""
    return (passed, quantized(score), unknown, unmet, gap, rule_set.id, facts.as_of)


def _eligibility(facts: EnterpriseFacts) -> list[bool | None]:
    """``tiers.common.eligibility_items``."""
    return [flag(getattr(facts, attribute), want) for attribute, want in _ELIGIBILITY]


def _ip_points(facts: EnterpriseFacts, points: tuple[int, int, int, int]) -> int | None:
    """``tiers.common.ip_item``'s points: the best band reached, None while a better one is unknown."""
    no_class1 = facts.ip_class1 == 0
    counts = (0 if no_class1 else facts.ip_class1_high_value, 0 if no_class1 else facts.ip_class1_self_developed,
              facts.ip_class1, facts.ip_class2)  # fmt: skip
    for count, band_points in zip(counts, points, strict=True):
        if count is None:
            return None
        if count >= 1:
            return band_points
    return 0


def _growth_points(value: Decimal | None, known: bool, table, options: Unconfirmed) -> int | None:  # type: ignore[no-untyped-def]
    """``tiers.common.growth_item``'s points."""
    if not known:
        return None
    if value is not None:
        return table.find(value).points
    return 0 if options.zero_base_growth_scores_zero else None


def _debt_points(facts: EnterpriseFacts, table, options: Unconfirmed) -> int | None:  # type: ignore[no-untyped-def]
    """``bands.ceiling_item``'s points on the debt ratio."""
    ratio = common.debt_ratio(facts)
    return None if ratio is None else table.find(ratio, favourable_edges=options.debt_ratio_edge_favourable)[0]


# 附件1 scored indicators in innovative.score_items order, with their groups and maxima.
_INNOVATIVE_INDICATORS = (innovative.IP, innovative.RD, innovative.GROWTH_RATE, innovative.DEBT, innovative.FIELD,
                          innovative.MAIN_SHARE)  # fmt: skip
_INNOVATIVE_GROUPS = tuple(ind.group for ind in _INNOVATIVE_INDICATORS)


def _innovative_scored(facts: EnterpriseFacts, options: Unconfirmed) -> list[tuple[int | None, int]]:
    """(points or None, max points) of ``innovative.score_items``."""
    m = innovative
    prev, prev2 = facts.main_business_revenue_prev, facts.main_business_revenue_prev2
    growth_known = prev is not None and prev2 is not None
    growth = common.growth_percent(prev, prev2) if growth_known else None  # type: ignore[arg-type]
    emerging = facts.is_strategic_emerging_field
    return [
        (_ip_points(facts, m.IP_POINTS), m.IP_POINTS[0]),
        (ratio_points(facts.rd_expense_prev, facts.operating_revenue_prev, m.RD_RATIO), m.RD_RATIO.top),
        (_growth_points(growth, growth_known, m.GROWTH_BANDS, options), m.GROWTH_BANDS.top),
        (_debt_points(facts, m.DEBT_BANDS, options), m.DEBT_BANDS.top),
        (None if emerging is None else (10 if emerging else 5), 10),  # innovative._field_item
        (ratio_points(prev, facts.operating_revenue_prev, m.MAIN_SHARE_BANDS, part_of_whole=True),
         m.MAIN_SHARE_BANDS.top),
    ]  # fmt: skip


class _Scored:
    """What ``innovative.gate_items`` reads of a scored item (group, points, max points)."""

    __slots__ = ("group", "points", "max_points")

    def __init__(self, group: str, points: int | None, max_points: int) -> None:
        self.group, self.points, self.max_points = group, points, max_points


def _innovative_gap(facts: EnterpriseFacts, rule_set: RuleSet, scored: list, index: int) -> Item:  # type: ignore[type-arg]
    if index < len(_ELIGIBILITY):
        return common.eligibility_items(facts)[index]
    standing = [_Scored(g, p, top) for g, (p, top) in zip(_INNOVATIVE_GROUPS, scored, strict=True)]
    return innovative.gate_items(standing, rule_set)[index - len(_ELIGIBILITY)]  # type: ignore[arg-type]


def _srdi_conditions(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> list[bool | None]:
    """``srdi.condition_items``."""
    t = rule_set.threshold
    revenue, equity = facts.operating_revenue_prev, facts.equity_financing_2y
    conditions = [
        at_least(facts.niche_years, t("niche_years")),
        at_least(facts.rd_expense_prev, t("rd_expense")),
        ratio_at_least(facts.rd_expense_prev, revenue, t("rd_percent")),
        any3([at_least(revenue, t("revenue")), at_least(equity, t("equity_alt"))]),
    ]
    if options.srdi_requires_innovative_title:
        conditions.insert(0, flag(facts.has_innovative_title))
    return conditions


def _srdi_scored(facts: EnterpriseFacts, options: Unconfirmed) -> list[tuple[Decimal | int | None, Decimal | int]]:
    """(points or None, max points) of ``srdi_score.srdi_score_items``, in its order."""
    m = srdi_score
    revenue, rd = facts.operating_revenue_prev, facts.rd_expense_prev
    growth, growth_known = common.average_growth(facts, options.average_growth_method)
    years, quality, digital = facts.niche_years, facts.quality_items, facts.digital_level
    characteristic = facts.provincial_characteristic_points
    if characteristic is not None and not 0 <= characteristic <= m.CHARACTERISTIC_MAX:
        raise ValueError("特色化得分超出范围")  # the full path words the error (the caller falls back)
    staff = None if contradicts(facts.rd_staff, facts.employees) else share(facts.rd_staff, facts.employees)
    return [
        (ratio_points(facts.main_business_revenue_prev, revenue, m.MAIN_SHARE_BANDS, part_of_whole=True),
         m.MAIN_SHARE_BANDS.top),
        (_growth_points(growth, growth_known, m.GROWTH_BANDS, options), m.GROWTH_BANDS.top),
        (None if years is None else (min(int(Decimal(years) // 2), 5) if years > 0 else 0), 5),  # niche_points_item
        _enum_points(facts.main_product_field, m.FIELD_POINTS),
        (None if digital is None else m.DIGITAL_BANDS.find(Decimal(digital)).points, m.DIGITAL_BANDS.top),
        (None if quality is None else min(3 * quality, 5), 5),  # quality_item
        (ratio_points(facts.net_profit_prev, revenue, m.MARGIN_BANDS), m.MARGIN_BANDS.top),
        (_debt_points(facts, m.DEBT_BANDS, options), m.DEBT_BANDS.top),
        (characteristic, m.CHARACTERISTIC_MAX),
        (_ip_points(facts, m.IP_POINTS), m.IP_POINTS[0]),
        (_rd_input_points(rd, revenue), 10),
        (None if staff is None else m.RD_STAFF_BANDS.find(staff).points, m.RD_STAFF_BANDS.top),
        _enum_points(facts.rd_institution_level, m.INSTITUTION_POINTS),
    ]  # fmt: skip


def _enum_points(value: object, points: dict) -> tuple[int | None, int]:  # type: ignore[type-arg]
    """``srdi_score._enum_item``'s (points, max)."""
    return (None if value is None else points[value]), max(points.values())


def _rd_input_points(rd: Decimal | None, revenue: Decimal | None) -> int | None:
    """``srdi_score.rd_input_item``: the better of the amount band and the ratio band."""
    m = srdi_score
    if rd is None:
        return None
    best = m.RD_AMOUNT_BANDS.find(rd).points
    if revenue is None and best < m.RD_AMOUNT_BANDS.top:
        return None
    if revenue is not None and revenue > 0:
        best = max(best, m.RD_RATIO_BANDS.find(percent(rd, revenue)).points)
    return best


def _srdi_gap(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed, index: int) -> Item:
    if index < len(_ELIGIBILITY):
        return common.eligibility_items(facts)[index]
    conditions = srdi.condition_items(facts, rule_set, options)
    if index < len(_ELIGIBILITY) + len(conditions):
        return conditions[index - len(_ELIGIBILITY)]
    # The score gate: built by the library from the scored items, as evaluate_srdi builds it.
    return srdi.evaluate_srdi(facts, rule_set, options).item("score.total")


def _little_giant_specialisation(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> list[bool | None]:
    """``little_giant.specialisation_items``."""
    growth, known = common.average_growth(facts, options.average_growth_method)
    if known and growth is None:  # zero base
        growth_ok = False if options.zero_base_growth_scores_zero else None
    else:
        growth_ok = at_least(growth if known else None, rule_set.threshold("avg_growth"))
    return [
        at_least(facts.niche_years, rule_set.threshold("niche_years")),
        ratio_at_least(facts.main_business_revenue_prev, facts.operating_revenue_prev,
                       rule_set.threshold("main_share"), part_of_whole=True),
        growth_ok,
    ]  # fmt: skip


def _rd_intensity(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> bool | None:
    """``little_giant.rd_intensity_item`` by prior-year revenue band."""
    t = rule_set.threshold
    revenue = facts.operating_revenue_prev
    if revenue is None:
        return None
    if revenue >= t("large_revenue"):
        return _each_year_rd(facts, t("large_rd_percent"))
    if revenue >= t("mid_revenue"):
        return _each_year_rd(facts, t("mid_rd_percent"))
    rd = facts.rd_expense_prev
    if options.little_giant_small_rd_over_two_years:
        rd = None if rd is None or facts.rd_expense_prev2 is None else rd + facts.rd_expense_prev2
    if contradicts(facts.rd_staff, facts.employees):
        return None
    staff = share(facts.rd_staff, facts.employees)
    return all3([at_least(facts.equity_financing_2y, t("small_equity")), at_least(rd, t("small_rd")),
                 at_least(staff, t("small_rd_staff"))])  # fmt: skip


def _each_year_rd(facts: EnterpriseFacts, minimum: Decimal) -> bool | None:
    """``tiers.common.each_year_rd_ratio_item``."""
    outcomes = []
    for rd, revenue in ((facts.rd_expense_prev, facts.operating_revenue_prev),
                        (facts.rd_expense_prev2, facts.operating_revenue_prev2)):  # fmt: skip
        ratio = None if rd is None or revenue is None else (percent(rd, revenue) if revenue > 0 else Decimal(0))
        outcomes.append(None if ratio is None else ratio >= minimum)
    return all3(outcomes)


def _little_giant_gap(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed, index: int) -> Item:
    """The index-th item of ``little_giant.evaluate_little_giant_2022``, built by its group's function."""
    lg = little_giant
    groups = (
        lambda: common.eligibility_items(facts),
        lambda: lg.prerequisite_items(facts, options),
        lambda: lg.specialisation_items(facts, rule_set, options),
        lambda: lg.refinement_items(facts, rule_set),
        lambda: lg.characteristic_items(facts, rule_set),
        lambda: lg.innovation_items(facts, rule_set, options),
        lambda: lg.qualitative_items(facts),
    )
    sizes = (len(_ELIGIBILITY), 1 if options.little_giant_requires_srdi_title else 0, 3, 3, 2, 6, 2)
    for build, size in zip(groups, sizes, strict=True):
        if index < size:
            return build()[index]
        index -= size
    raise IndexError(index)
