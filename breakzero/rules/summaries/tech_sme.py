"""Summary of 科技型中小企业 (国科发政〔2017〕115号; ``rules.tech_sme``), item by item in its order."""

from __future__ import annotations

from breakzero.rules import tech_sme
from breakzero.rules.facts import TechSmeFacts
from breakzero.rules.rulesets import Rule, rule_set_for
from breakzero.rules.summaries.common import (
    all3,
    any3,
    at_most,
    bounds,
    cached_gap,
    flag,
    gap_text,
    gate,
    in_force,
    quantized,
    thresholds,
    ratio_points,
)
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

COVERED = frozenset({"most-2017-115"})
_DIRECT = tuple(attribute for attribute, _code, _name in tech_sme.DIRECT)
_CONDITIONS = 7  # tech_sme.condition_items
_FLAGS = {0: "is_resident_mainland", 4: "has_prohibited_products", 5: "had_incident_or_misconduct",
          6: "is_on_abnormal_or_violation_list"}  # fmt: skip  # condition position → its yes/no fact
# The employees ceiling (bands.at_most_item): its text is a function of the count and the ceiling.
_AMOUNTS = {1: "employees"}


def tech_sme_summary(facts: TechSmeFacts, options: Unconfirmed = DEFAULT) -> tuple | None:
    """``tech_sme.evaluate_tech_sme`` → screening row: conditions 1–4 and (score ≥ 60 with the
    S&T-staff score above 0, or a direct confirmation)."""
    rule_set = in_force(Rule.TECH_SME, facts.as_of, rule_set_for)  # ValueError before the first set: the full path words it
    if rule_set.id not in COVERED:
        return None
    t = thresholds(rule_set)
    conditions = [
        flag(facts.is_resident_mainland),
        at_most(facts.employees, t["employees"]),
        at_most(facts.sales_revenue, t["sales"]),
        at_most(facts.total_assets, t["assets"]),
        flag(facts.has_prohibited_products, False),
        flag(facts.had_incident_or_misconduct, False),
        flag(facts.is_on_abnormal_or_violation_list, False),
    ]
    m = tech_sme
    staff = ratio_points(facts.st_staff, facts.total_staff, m.STAFF_BANDS, part_of_whole=True)
    scored = [(staff, m.STAFF_BANDS.top), (_rd_input_points(facts), m.RD_SALES_BANDS.top), (_ip_points(facts), 30)]
    low, high = bounds(scored)
    minimum = t["pass_score"]
    total = gate(low, high, minimum)
    staff_nonzero = None if staff is None else staff > 0  # tech_sme._staff_nonzero
    direct = [flag(getattr(facts, attribute)) for attribute in _DIRECT]
    passed = all3([all3(conditions), any3([all3([total, staff_nonzero]), *direct])])
    unknown = [*conditions, staff, scored[1][0], scored[2][0], total, staff_nonzero, *direct].count(None)
    if passed is True:
        return (True, quantized(low), unknown, 0, "", rule_set.id, facts.as_of)
    blocking = [*conditions, total, staff_nonzero]  # scored and direct items never block
    unmet = blocking.count(False)
    text = ""
    if unmet:
        index = blocking.index(False)
        if index < _CONDITIONS and index in _FLAGS and type(getattr(facts, _FLAGS[index])) is bool:
            text = cached_gap(("tech_sme", index, getattr(facts, _FLAGS[index])),
                              lambda: tech_sme.condition_items(facts, rule_set)[index])  # fmt: skip
        elif index in _AMOUNTS and type(getattr(facts, _AMOUNTS[index])) is int:  # a head count: few values
            key = ("tech_sme", index, getattr(facts, _AMOUNTS[index]), repr(rule_set.threshold("employees")))
            text = cached_gap(key, lambda: tech_sme.condition_items(facts, rule_set)[index])
        elif index < _CONDITIONS:
            text = gap_text(tech_sme.condition_items(facts, rule_set)[index])
        elif index == _CONDITIONS:  # the score gate: its text is a function of its bounds
            key = ("tech_sme", index, repr(low), repr(high), repr(minimum))
            text = cached_gap(key, lambda: tech_sme.evaluate_tech_sme(facts, rule_set=rule_set).item("score.total"))
        else:  # S&T-staff score 0: one text
            text = cached_gap(("tech_sme", index),
                              lambda: tech_sme.evaluate_tech_sme(facts, rule_set=rule_set).item("condition.st_staff_nonzero"))  # fmt: skip
    return (passed, quantized(low), unknown, unmet, text, rule_set.id, facts.as_of)


def _rd_input_points(facts: TechSmeFacts) -> int | None:
    """``tech_sme.rd_input_item``: the better of R&D / sales and R&D / cost, None while the unknown
    one could still score higher."""
    t = tech_sme
    known = [p for p in (ratio_points(facts.rd_expense, facts.sales_revenue, t.RD_SALES_BANDS),
                         ratio_points(facts.rd_expense, facts.total_cost_and_expense, t.RD_COST_BANDS))
             if p is not None]  # fmt: skip
    if not known or (len(known) == 1 and known[0] != t.RD_SALES_BANDS.top):
        return None
    return max(known) or 0


def _ip_points(facts: TechSmeFacts) -> int | None:
    """``tech_sme.ip_item``: ≥ 1 Ⅰ类 → 30, else 6 per Ⅱ类 up to 24."""
    class1, class2 = facts.ip_class1, facts.ip_class2
    if class1 is None or (class1 == 0 and class2 is None):
        return None
    if class1 >= 1:
        return 30
    return min(class2, 4) * 6  # type: ignore[type-var,operator]
