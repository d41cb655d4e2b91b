"""Pieces the three cultivation-tier summaries share (63号): the rule set covered, the row, the
thresholds, the outcomes computed alike for one facts object, the gap texts of §2.0 and score gates."""

from __future__ import annotations

from decimal import Decimal

from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.rulesets import Rule, RuleSet, resolve_rule_set
from breakzero.rules.summaries.common import (
    cached_gap,
    flag,
    gap_text,
    in_force,
    points_of,
    quantized,
    ratio,
    share,
)
from breakzero.rules.tiers import common
from breakzero.rules.unconfirmed import GrowthMethod, Unconfirmed

COVERED = frozenset({"miit-2022-63"})  # rule set ids the tier summaries implement (all three tiers)
WITH_2026 = COVERED | {"miit-2026-2"}  # 专精特新 and 小巨人 also under 2026年2号 (summaries.revision_2026)
ELIGIBILITY = tuple((attribute, want) for _code, _name, attribute, want, _met, _unmet in common._ELIGIBILITY)


def covered(rule: Rule, facts: EnterpriseFacts, rule_sets: frozenset[str] = COVERED) -> RuleSet | None:
    """The rule set a tier resolves to on ``facts.as_of`` when a summary implements it (one of
    ``rule_sets``, not retroactive)."""
    rule_set, retroactive = in_force(rule, facts.as_of, resolve_rule_set)
    return None if retroactive or rule_set.id not in rule_sets else rule_set


def row(passed, score, unknown, blocking, rule_set, facts, gap) -> tuple:  # type: ignore[no-untyped-def]
    """(passed, score, unknown, unmet, first gap, rule set, as_of) as ``screening._judged`` gives;
    ``gap(index)``: the text of the index-th blocking candidate, built by the library."""
    if passed is True:
        return (True, quantized(score), unknown, 0, "", rule_set.id, facts.as_of)
    unmet = blocking.count(False)  # outcomes are True/False/None: == False is False only
    text = gap(blocking.index(False)) if unmet else ""
    return (passed, quantized(score), unknown, unmet, text, rule_set.id, facts.as_of)


class Parts:
    """What the three tiers compute alike from one facts object: the §2.0 eligibility outcomes
    (``tiers.common.eligibility_items``), the ratios in percent (None unless both amounts are known
    and the denominator positive), the debt ratio, the prior-year growth and the average growth."""

    __slots__ = ("options", "eligibility", "rd", "rd2", "main", "staff", "debt", "growth", "average")

    def __init__(self, facts: EnterpriseFacts, options: Unconfirmed) -> None:
        self.options = options
        self.eligibility = [flag(getattr(facts, attribute), want) for attribute, want in ELIGIBILITY]
        self.rd = ratio(facts.rd_expense_prev, facts.operating_revenue_prev)
        self.rd2 = ratio(facts.rd_expense_prev2, facts.operating_revenue_prev2)
        self.main = ratio(facts.main_business_revenue_prev, facts.operating_revenue_prev)
        self.staff = share(facts.rd_staff, facts.employees)
        self.debt = common.debt_ratio(facts)
        prev, prev2 = facts.main_business_revenue_prev, facts.main_business_revenue_prev2
        self.growth = None if prev is None or prev2 is None else common.growth_percent(prev, prev2)
        prev3 = facts.main_business_revenue_prev3
        if options.average_growth_method is GrowthMethod.ARITHMETIC and self.growth is not None and prev3 is not None:
            second = common.growth_percent(prev2, prev3)  # type: ignore[arg-type]
            # tiers.common.average_growth's arithmetic mean, its first growth being self.growth
            self.average = (None, True) if second is None else ((self.growth + second) / 2, True)
        else:
            self.average = common.average_growth(facts, options.average_growth_method)


def parts_of(facts: EnterpriseFacts, options: Unconfirmed) -> Parts:
    """The facts' Parts, kept on the (immutable) facts object as tiers.common keeps its
    eligibility items: the three tiers of one firm compute them once."""
    parts = facts.__dict__.get(_PARTS_KEPT)
    if parts is None or parts.options is not options:
        parts = facts.__dict__[_PARTS_KEPT] = Parts(facts, options)
    return parts


_PARTS_KEPT = "_summary_parts"  # not a field: equality, repr and replace() ignore it


def ip_points(facts: EnterpriseFacts, points: tuple[int, int, int, int]) -> int | None:
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


def growth_points(value: Decimal | None, known: bool, table, options: Unconfirmed) -> int | None:  # type: ignore[no-untyped-def]
    """``tiers.common.growth_item``'s points."""
    if not known:
        return None
    if value is not None:
        return points_of(table, value)
    return 0 if options.zero_base_growth_scores_zero else None


def debt_points(debt: Decimal | None, table, options: Unconfirmed) -> int | None:  # type: ignore[no-untyped-def]
    """``bands.ceiling_item``'s points on the debt ratio."""
    return None if debt is None else table.find(debt, favourable_edges=options.debt_ratio_edge_favourable)[0]


def eligibility_gap(facts: EnterpriseFacts, index: int) -> str:
    """The index-th §2.0 item's gap text; a yes/no flag's text is a function of its value."""
    value = getattr(facts, ELIGIBILITY[index][0])
    build = lambda: common.eligibility_items(facts)[index]  # noqa: E731
    return cached_gap(("eligibility", index, value), build) if type(value) is bool else gap_text(build())


def gate_key(rule: str, index: int, low: object, high: object, minimum: object) -> tuple:
    """A score gate's text is ``results._total_reason`` of (its name, low, high, minimum): keyed by
    what tells 5 from Decimal('5') and Decimal('5.0'), which print apart (whole-point bounds, the
    common case, by value: an int prints one way)."""
    if type(low) is int and type(high) is int:
        return (rule, index, low, high, _spelled(minimum))
    return (rule, index, repr(low), repr(high), _spelled(minimum))


def _spelled(value: object) -> str:
    """repr(value), remembered: a threshold is one of a few objects of the rule sets."""
    held = _SPELLED.get(id(value))
    if held is None or held[0] is not value:
        if len(_SPELLED) > 256:
            _SPELLED.clear()
        held = _SPELLED[id(value)] = (value, repr(value))
    return held[1]


_SPELLED: dict[int, tuple[object, str]] = {}


