"""Summary of 专精特新“小巨人” under 工信部企业〔2022〕63号 附件3 (``tiers.little_giant``), item by
item in its order; every item is a condition (no score), so every unmet one blocks."""

from __future__ import annotations

from decimal import Decimal

from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.rulesets import Rule, RuleSet
from breakzero.rules.summaries.common import (
    all3,
    any3,
    at_least,
    at_most,
    cached_gap,
    contradicts,
    flag,
    gap_text,
    ratio_at_least,
    thresholds,
)
from breakzero.rules.summaries.tier_parts import (
    ELIGIBILITY,
    Parts,
    covered,
    eligibility_gap,
    parts_of,
    row,
    WITH_2026,
)
from breakzero.rules.summaries import revision_2026
from breakzero.rules.tiers import common, little_giant
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

__all__ = ["WITH_2026", "little_giant_sme"]


def little_giant_sme(facts: EnterpriseFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tiers.evaluate_little_giant`` → screening row (附件3: every group holds; no score)."""
    rule_set = covered(Rule.LITTLE_GIANT, facts, WITH_2026)
    if rule_set is None:
        return None
    if rule_set.id == revision_2026.RULE_SET:
        return revision_2026.little_giant_2026(facts, rule_set, options)
    parts = parts_of(facts, options)
    t = thresholds(rule_set)
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
    return row(passed, None, unknown, outcomes, rule_set, facts,
                lambda index: _little_giant_gap(facts, rule_set, options, index))  # fmt: skip



def _little_giant_specialisation(
    facts: EnterpriseFacts, t: dict, parts: Parts, options: Unconfirmed  # type: ignore[type-arg]
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


def _rd_intensity(facts: EnterpriseFacts, t: dict, parts: Parts, options: Unconfirmed) -> bool | None:  # type: ignore[type-arg]
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


def _each_year_rd(facts: EnterpriseFacts, minimum: Decimal, parts: Parts) -> bool | None:
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
    if index < len(ELIGIBILITY):
        return eligibility_gap(facts, index)
    if index == len(ELIGIBILITY) and options.little_giant_requires_srdi_title and type(facts.has_srdi_title) is bool:
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
    sizes = (len(ELIGIBILITY), 1 if options.little_giant_requires_srdi_title else 0, 3, 3, 2, 6, 2)
    for build, size in zip(groups, sizes, strict=True):
        if index < size:
            return gap_text(build()[index])
        index -= size
    raise IndexError(index)
