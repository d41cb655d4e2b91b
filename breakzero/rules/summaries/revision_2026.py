"""Summaries of 专精特新 and 小巨人 under 工信部企业〔2026〕2号 (``tiers.revision_2026``, from 2026-04-01).

Every item of 2026年2号 is a condition (no score, no direct group), so every unmet item blocks and
the verdict is all of them. Outcomes mirror the module's builders item by item, in its order; the
first gap is built by that builder (``revision_2026.SRDI_CONDITIONS`` / ``LITTLE_GIANT_CONDITIONS``).
"""

from __future__ import annotations

from decimal import Decimal

from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.rulesets import RuleSet
from breakzero.rules.summaries.common import (
    all3,
    any3,
    at_least,
    at_most,
    cached_gap,
    flag,
    gap_text,
    ratio_at_least,
    thresholds,
)
from breakzero.rules.summaries.tier_parts import ELIGIBILITY, Parts, eligibility_gap, parts_of, row
from breakzero.rules.tiers import revision_2026
from breakzero.rules.unconfirmed import Unconfirmed

RULE_SET = "miit-2026-2"


def srdi_2026(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> tuple | None:
    """``revision_2026.evaluate_srdi_2026`` → screening row."""
    parts = parts_of(facts, options)
    t = thresholds(rule_set)
    revenue, equity = facts.operating_revenue_prev, facts.equity_financing_2y
    years = (facts.rd_expense_prev, facts.rd_expense_prev2)
    conditions = [
        flag(facts.has_innovative_title),
        at_least(facts.niche_years, t["niche_years"]),
        any3([at_least(revenue, t["revenue"]), at_least(equity, t["equity_alt"])]),  # revenue_or_financing_item
        _main_share(facts, t, parts),
        at_most(parts.debt, t["debt_max"]),
        None if None in years else min(years) >= t["rd_expense"],  # type: ignore[type-var]  # _each_year_amount_item
        _each_year_rd(facts, t["rd_percent"], parts),
        at_least(facts.ip_class1, t["class1_ip"]),
        at_least(facts.development_score, t["development_score"]),
    ]
    return _row(facts, rule_set, parts, conditions, revision_2026.SRDI_CONDITIONS, "srdi_2026.title",
                facts.has_innovative_title)  # fmt: skip


def little_giant_2026(facts: EnterpriseFacts, rule_set: RuleSet, options: Unconfirmed) -> tuple | None:
    """``revision_2026.evaluate_little_giant_2026`` → screening row (None: the CAGR's display
    rate cannot be computed, the full path words that)."""
    parts = parts_of(facts, options)
    t = thresholds(rule_set)
    cagr = _cagr(facts, t["revenue_cagr"])
    if cagr is _FULL_PATH:
        return None
    rd, rd2 = facts.rd_expense_prev, facts.rd_expense_prev2
    conditions = [
        flag(facts.has_srdi_title),
        at_least(facts.niche_years, t["niche_years"]),
        at_least(facts.operating_revenue_prev, t["revenue"]),
        cagr,
        _main_share(facts, t, parts),
        at_most(parts.debt, t["debt_max"]),
        at_least(None if rd is None or rd2 is None else Decimal(rd) + Decimal(rd2), t["rd_two_year_total"]),
        _each_year_rd(facts, t["rd_percent"], parts),
        _class1(facts, t["class1_ip"]),
        _market(facts, t["market_share"]),
        at_least(facts.development_score, t["development_score"]),
    ]
    return _row(facts, rule_set, parts, conditions, revision_2026.LITTLE_GIANT_CONDITIONS, "little_giant_2026.title",
                facts.has_srdi_title)  # fmt: skip


def _row(facts, rule_set, parts, conditions, builders, title_key, title) -> tuple:  # type: ignore[no-untyped-def]
    """The row of eligibility + conditions, all blocking; the first gap built by its own builder
    (the title's flag text is a function of its value: remembered)."""
    outcomes = [*parts.eligibility, *conditions]
    passed = all3(outcomes)

    def gap(index: int) -> str:
        if index < len(ELIGIBILITY):
            return eligibility_gap(facts, index)
        index -= len(ELIGIBILITY)
        build = lambda: builders[index](facts, rule_set)  # noqa: E731
        if index == 0 and type(title) is bool:
            return cached_gap((title_key, title), build)
        return gap_text(build())

    return row(passed, None, outcomes.count(None), outcomes, rule_set, facts, gap)


def _main_share(facts: EnterpriseFacts, t: dict, parts: Parts) -> bool | None:  # type: ignore[type-arg]
    return ratio_at_least(facts.main_business_revenue_prev, facts.operating_revenue_prev, t["main_share"],
                          part_of_whole=True, exact=parts.main)  # fmt: skip


def _each_year_rd(facts: EnterpriseFacts, minimum: Decimal, parts: Parts) -> bool | None:
    """``tiers.common.each_year_rd_ratio_item`` (a year with revenue ≤ 0 counts as 0 %)."""
    outcomes = []
    for rd, revenue, exact in ((facts.rd_expense_prev, facts.operating_revenue_prev, parts.rd),
                               (facts.rd_expense_prev2, facts.operating_revenue_prev2, parts.rd2)):  # fmt: skip
        outcomes.append(None if rd is None or revenue is None else (exact if revenue > 0 else Decimal(0)) >= minimum)
    return all3(outcomes)


_FULL_PATH = object()  # a case the summary leaves to the full evaluation


def _cagr(facts: EnterpriseFacts, minimum: Decimal) -> object:
    """``revision_2026.cagr_item``'s outcome; ``_FULL_PATH`` where its display rate (a square root
    of prev / prev3) has no value: a negative ratio."""
    if facts.is_re_review:
        return True
    prev, prev3 = facts.operating_revenue_prev, facts.operating_revenue_prev3
    if prev is None or prev3 is None or prev3 <= 0:
        return None
    if prev < 0:
        return _FULL_PATH
    ok = prev * 10000 >= prev3 * (100 + minimum) ** 2
    return any3([ok, facts.is_re_review])


def _class1(facts: EnterpriseFacts, minimum: Decimal) -> bool | None:
    """``revision_2026._class1_item``: the national-award exemption, else the count."""
    if facts.has_national_award_top3_3y:
        return True
    ok = at_least(facts.ip_class1, minimum)
    return None if ok is False and facts.has_national_award_top3_3y is None else ok


def _market(facts: EnterpriseFacts, minimum: Decimal) -> bool | None:
    """``revision_2026._market_item``: share ≥ minimum or top 3 in China."""
    share = facts.niche_market_share_pct
    return any3([None if share is None else share >= minimum, facts.is_top3_in_china])
