"""Summaries of the three cultivation tiers under 工信部企业〔2022〕63号 (附件1, 附件2, 附件3).

Each mirrors its tier module item by item (same order, same outcomes; see the modules cited) and
returns ``None`` for what it does not cover (another rule set, a retroactive or not-applicable
result): the caller then runs the full evaluation.
"""

from __future__ import annotations

from decimal import Decimal

from breakzero.rules.facts import EnterpriseFacts, RdInstitutionLevel
from breakzero.rules.rulesets import Rule, RuleSet, available_rule_sets, resolve_rule_set
from breakzero.rules.summaries.common import (
    all3,
    any3,
    at_least,
    at_most,
    bounds,
    cached_gap,
    contradicts,
    flag,
    gap_text,
    gate,
    in_force,
    quantized,
    ratio_at_least,
    ratio,
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
    parts = _parts(facts, options)
    eligibility = parts.eligibility
    scored = _innovative_scored(facts, options, parts)
    t = _thresholds(rule_set)
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
    return _row(passed, low, unknown, blocking, rule_set, facts,
                lambda index: _innovative_gap(facts, rule_set, scored, gated, index))  # fmt: skip


def srdi_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_srdi_sme`` → screening row (附件2: conditions 1–3 and score ≥ 60 or a direct one)."""
    rule_set = _covered(Rule.SRDI_SME, facts)
    if rule_set is None:
        return None
    parts = _parts(facts, options)
    t = _thresholds(rule_set)
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
    return _row(passed, low, unknown, blocking, rule_set, facts,
                lambda index: _srdi_gap(facts, rule_set, options, (low, high, t["pass_score"]), index))  # fmt: skip


def little_giant_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_little_giant`` → screening row (附件3: every group holds; no score)."""
    rule_set = _covered(Rule.LITTLE_GIANT, facts)
    if rule_set is None:
        return None
    parts = _parts(facts, options)
    t = _thresholds(rule_set)
    groups = [
        parts.eligibility,
        [flag(facts.has_srdi_title)] if options.little_giant_requires_srdi_title else [],
        _little_giant_specialisation(facts, t, parts, options),
        [flag(facts.has_information_system), flag(facts.has_foreign_certification), at_most(parts.debt, t["debt_max"])],
        [at_least(facts.niche_market_share_pct, t["market_share"]), flag(facts.has_own_brand)],
    ]  # fmt: skip
    general = [
        _rd_intensity(facts, t, parts, options),
        flag(facts.has_rd_institution),
        at_least(facts.ip_class1_in_use, t["class1_in_use"]),
    ]
    direct = [flag(facts.has_national_award_top3_3y), flag(facts.is_maker_china_top50_3y)]
    innovation = [*general, *direct, any3([all3(general), *direct])]
    qualitative = [flag(facts.has_key_chain_role), flag(facts.is_main_product_in_key_field)]
    passed = all3([*(all3(group) for group in groups), all3(qualitative), innovation[-1]])
    outcomes = [o for group in groups for o in group] + innovation + qualitative
    unknown = outcomes.count(None)
    # Every item of 附件3 is a condition (no scored or direct-group item): all unmet ones block.
    return _row(passed, None, unknown, outcomes, rule_set, facts,
                lambda index: _little_giant_gap(facts, rule_set, options, index))  # fmt: skip


SUMMARIES = {"innovative_sme": innovative_sme, "srdi_sme": srdi_sme, "little_giant": little_giant_sme}


def _covered(rule: Rule, facts: EnterpriseFacts) -> RuleSet | None:
    rule_set, retroactive = in_force(rule, facts.as_of, resolve_rule_set)
    return None if retroactive or rule_set.id not in COVERED else rule_set


def _row(passed, score, unknown, blocking, rule_set, facts, gap) -> tuple:  # type: ignore[no-untyped-def]
    """(passed, score, unknown, unmet, first gap, rule set, as_of) as ``screening._judged`` gives;
    ``gap(index)``: the text of the index-th blocking candidate, built by the library."""
    if passed is True:
        return (True, quantized(score), unknown, 0, "", rule_set.id, facts.as_of)
    unmet = blocking.count(False)  # outcomes are True/False/None: == False is False only
    text = gap(blocking.index(False)) if unmet else ""
    return (passed, quantized(score), unknown, unmet, text, rule_set.id, facts.as_of)


def _thresholds(rule_set: RuleSet) -> dict[str, Decimal]:
    """``rule_set.threshold`` as one dict per rule set (a few look-ups per firm, not a scan each)."""
    held = _THRESHOLDS.get(id(rule_set))
    if held is None or held[0] is not rule_set:
        held = _THRESHOLDS[id(rule_set)] = (rule_set, dict(rule_set.thresholds))
    return held[1]


_THRESHOLDS: dict[int, tuple[RuleSet, dict[str, Decimal]]] = {}


class _Parts:
    """What the three tiers compute alike from one facts object: the §2.0 eligibility outcomes
    (``tiers.common.eligibility_items``), the ratios in percent (None unless both amounts are known
    and the denominator positive), the debt ratio, the prior-year growth and the average growth."""

    __slots__ = ("options", "eligibility", "rd", "rd2", "main", "staff", "debt", "growth", "average")

    def __init__(self, facts: EnterpriseFacts, options: Unconfirmed) -> None:
        self.options = options
        self.eligibility = [flag(getattr(facts, attribute), want) for attribute, want in _ELIGIBILITY]
        self.rd = ratio(facts.rd_expense_prev, facts.operating_revenue_prev)
        self.rd2 = ratio(facts.rd_expense_prev2, facts.operating_revenue_prev2)
        self.main = ratio(facts.main_business_revenue_prev, facts.operating_revenue_prev)
        self.staff = share(facts.rd_staff, facts.employees)
        self.debt = common.debt_ratio(facts)
        prev, prev2 = facts.main_business_revenue_prev, facts.main_business_revenue_prev2
        self.growth = None if prev is None or prev2 is None else common.growth_percent(prev, prev2)
        self.average = common.average_growth(facts, options.average_growth_method)


def _parts(facts: EnterpriseFacts, options: Unconfirmed) -> _Parts:
    """The facts' _Parts, kept on the (immutable) facts object as tiers.common keeps its
    eligibility items: the three tiers of one firm compute them once."""
    parts = facts.__dict__.get(_PARTS_KEPT)
    if parts is None or parts.options is not options:
        parts = facts.__dict__[_PARTS_KEPT] = _Parts(facts, options)
    return parts


_PARTS_KEPT = "_summary_parts"  # not a field: equality, repr and replace() ignore it


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


def _debt_points(debt: Decimal | None, table, options: Unconfirmed) -> int | None:  # type: ignore[no-untyped-def]
    """``bands.ceiling_item``'s points on the debt ratio."""
    return None if debt is None else table.find(debt, favourable_edges=options.debt_ratio_edge_favourable)[0]


# 附件1 scored indicators in innovative.score_items order, with their groups and maxima.
_INNOVATIVE_INDICATORS = (innovative.IP, innovative.RD, innovative.GROWTH_RATE, innovative.DEBT, innovative.FIELD,
                          innovative.MAIN_SHARE)  # fmt: skip
_INNOVATIVE_GROUPS = tuple(ind.group for ind in _INNOVATIVE_INDICATORS)
# innovative.gate_items' group gates in its order: (positions of the group's scored items, minimum's key).
_INNOVATIVE_GATES = tuple(
    (tuple(i for i, g in enumerate(_INNOVATIVE_GROUPS) if g == group), key)
    for group, key in ((innovative.INNOVATION, "innovation_min"), (innovative.GROWTH, "growth_min"),
                       (innovative.SPECIALISATION, "specialisation_min"))
)  # fmt: skip


def _innovative_scored(facts: EnterpriseFacts, options: Unconfirmed, parts: _Parts) -> list[tuple[int | None, int]]:
    """(points or None, max points) of ``innovative.score_items``."""
    m = innovative
    prev, prev2, revenue = facts.main_business_revenue_prev, facts.main_business_revenue_prev2, facts.operating_revenue_prev
    growth_known = prev is not None and prev2 is not None
    emerging = facts.is_strategic_emerging_field
    return [
        (_ip_points(facts, m.IP_POINTS), m.IP_POINTS[0]),
        (ratio_points(facts.rd_expense_prev, revenue, m.RD_RATIO, exact=parts.rd), m.RD_RATIO.top),
        (_growth_points(parts.growth, growth_known, m.GROWTH_BANDS, options), m.GROWTH_BANDS.top),
        (_debt_points(parts.debt, m.DEBT_BANDS, options), m.DEBT_BANDS.top),
        (None if emerging is None else (10 if emerging else 5), 10),  # innovative._field_item
        (ratio_points(prev, revenue, m.MAIN_SHARE_BANDS, part_of_whole=True, exact=parts.main),
         m.MAIN_SHARE_BANDS.top),
    ]  # fmt: skip


class _Scored:
    """What ``innovative.gate_items`` reads of a scored item (group, points, max points)."""

    __slots__ = ("group", "points", "max_points")

    def __init__(self, group: str, points: int | None, max_points: int) -> None:
        self.group, self.points, self.max_points = group, points, max_points


def _eligibility_gap(facts: EnterpriseFacts, index: int) -> str:
    """The index-th §2.0 item's gap text; a yes/no flag's text is a function of its value."""
    value = getattr(facts, _ELIGIBILITY[index][0])
    build = lambda: common.eligibility_items(facts)[index]  # noqa: E731
    return cached_gap(("eligibility", index, value), build) if type(value) is bool else gap_text(build())


def _gate_key(rule: str, index: int, low: object, high: object, minimum: object) -> tuple:
    """A score gate's text is ``results._total_reason`` of (its name, low, high, minimum): the
    reprs tell 5 from Decimal('5') and Decimal('5.0'), which print apart."""
    return (rule, index, repr(low), repr(high), repr(minimum))


def _innovative_gap(facts: EnterpriseFacts, rule_set: RuleSet, scored: list, gated: list, index: int) -> str:  # type: ignore[type-arg]
    if index < len(_ELIGIBILITY):
        return _eligibility_gap(facts, index)
    index -= len(_ELIGIBILITY)
    standing = lambda: [_Scored(g, p, top) for g, (p, top) in zip(_INNOVATIVE_GROUPS, scored, strict=True)]  # noqa: E731
    return cached_gap(_gate_key("innovative_sme", index, *gated[index]),
                      lambda: innovative.gate_items(standing(), rule_set)[index])  # type: ignore[arg-type]  # fmt: skip


def _srdi_conditions(facts: EnterpriseFacts, t: dict, parts: _Parts, options: Unconfirmed) -> list[bool | None]:  # type: ignore[type-arg]
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
    facts: EnterpriseFacts, options: Unconfirmed, parts: _Parts
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
        (_growth_points(growth, growth_known, m.GROWTH_BANDS, options), m.GROWTH_BANDS.top),
        (None if years is None else (min(int(Decimal(years) // 2), 5) if years > 0 else 0), 5),  # niche_points_item
        _enum_points(facts.main_product_field, m.FIELD_POINTS),
        (None if digital is None else m.DIGITAL_BANDS.find(Decimal(digital)).points, m.DIGITAL_BANDS.top),
        (None if quality is None else min(3 * quality, 5), 5),  # quality_item
        (ratio_points(facts.net_profit_prev, revenue, m.MARGIN_BANDS), m.MARGIN_BANDS.top),
        (_debt_points(parts.debt, m.DEBT_BANDS, options), m.DEBT_BANDS.top),
        (characteristic, m.CHARACTERISTIC_MAX),
        (_ip_points(facts, m.IP_POINTS), m.IP_POINTS[0]),
        (_rd_input_points(rd, revenue, parts.rd), 10),
        (None if staff is None else m.RD_STAFF_BANDS.find(staff).points, m.RD_STAFF_BANDS.top),
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
    best = m.RD_AMOUNT_BANDS.find(rd).points
    if revenue is None and best < m.RD_AMOUNT_BANDS.top:
        return None
    if revenue is not None and revenue > 0:
        best = max(best, m.RD_RATIO_BANDS.find(exact).points)  # type: ignore[arg-type]  # exact: rd / revenue
    return best


def _srdi_gap(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed, gated: tuple, index: int) -> str:  # type: ignore[type-arg]
    if index < len(_ELIGIBILITY):
        return _eligibility_gap(facts, index)
    conditions = 5 if options.srdi_requires_innovative_title else 4
    if index < len(_ELIGIBILITY) + conditions:
        return gap_text(srdi.condition_items(facts, rule_set, options)[index - len(_ELIGIBILITY)])
    # The score gate, as evaluate_srdi builds it from the scored items (on a miss only).
    return cached_gap(_gate_key("srdi_sme", 0, *gated),
                      lambda: srdi.evaluate_srdi(facts, rule_set, options).item("score.total"))  # fmt: skip


def _little_giant_specialisation(
    facts: EnterpriseFacts, t: dict, parts: _Parts, options: Unconfirmed  # type: ignore[type-arg]
) -> list[bool | None]:
    """``little_giant.specialisation_items``."""
    growth, known = parts.average
    if known and growth is None:  # zero base
        growth_ok = False if options.zero_base_growth_scores_zero else None
    else:
        growth_ok = at_least(growth if known else None, t["avg_growth"])
    return [
        at_least(facts.niche_years, t["niche_years"]),
        ratio_at_least(facts.main_business_revenue_prev, facts.operating_revenue_prev, t["main_share"],
                       part_of_whole=True, exact=parts.main),
        growth_ok,
    ]  # fmt: skip


def _rd_intensity(facts: EnterpriseFacts, t: dict, parts: _Parts, options: Unconfirmed) -> bool | None:  # type: ignore[type-arg]
    """``little_giant.rd_intensity_item`` by prior-year revenue band."""
    revenue = facts.operating_revenue_prev
    if revenue is None:
        return None
    if revenue >= t["large_revenue"]:
        return _each_year_rd(facts, t["large_rd_percent"], parts)
    if revenue >= t["mid_revenue"]:
        return _each_year_rd(facts, t["mid_rd_percent"], parts)
    rd = facts.rd_expense_prev
    if options.little_giant_small_rd_over_two_years:
        rd = None if rd is None or facts.rd_expense_prev2 is None else rd + facts.rd_expense_prev2
    if contradicts(facts.rd_staff, facts.employees):
        return None
    return all3([at_least(facts.equity_financing_2y, t["small_equity"]), at_least(rd, t["small_rd"]),
                 at_least(parts.staff, t["small_rd_staff"])])  # fmt: skip


def _each_year_rd(facts: EnterpriseFacts, minimum: Decimal, parts: _Parts) -> bool | None:
    """``tiers.common.each_year_rd_ratio_item`` (a year with revenue ≤ 0 counts as 0 %)."""
    outcomes = []
    for rd, revenue, exact in ((facts.rd_expense_prev, facts.operating_revenue_prev, parts.rd),
                               (facts.rd_expense_prev2, facts.operating_revenue_prev2, parts.rd2)):  # fmt: skip
        if rd is None or revenue is None:
            outcomes.append(None)
        else:
            outcomes.append((exact if revenue > 0 else Decimal(0)) >= minimum)
    return all3(outcomes)


def _little_giant_gap(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed, index: int) -> str:
    """The index-th item of ``little_giant.evaluate_little_giant_2022``, built by its group's function."""
    if index < len(_ELIGIBILITY):
        return _eligibility_gap(facts, index)
    if index == len(_ELIGIBILITY) and options.little_giant_requires_srdi_title and type(facts.has_srdi_title) is bool:
        return cached_gap(("little_giant.srdi_title", facts.has_srdi_title),
                          lambda: little_giant.prerequisite_items(facts, options)[0])  # fmt: skip
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
            return gap_text(build()[index])
        index -= size
    raise IndexError(index)
