"""Quality-SME cultivation tiers (优质中小企业梯度培育): 创新型, 专精特新, 小巨人, by versioned rule set.

Each ``evaluate_*`` uses the rule set in force on ``facts.as_of`` (``rulesets.py``)
unless ``rule_set`` is given (to preview another version) and records its id.
"""

from __future__ import annotations

from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.results import Evaluation
from breakzero.rules.rulesets import Rule, RuleSet, rule_set_for
from breakzero.rules.tiers.innovative import evaluate_innovative
from breakzero.rules.tiers.little_giant import evaluate_little_giant_2022
from breakzero.rules.tiers.revision_2026 import evaluate_little_giant_2026, evaluate_srdi_2026
from breakzero.rules.tiers.srdi import evaluate_srdi
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

__all__ = ["evaluate_innovative_sme", "evaluate_little_giant", "evaluate_srdi_sme"]


def evaluate_innovative_sme(
    facts: EnterpriseFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """创新型中小企业 (工信部企业〔2022〕63号 附件1; kept after 2026-04-01 per 2026年2号 Art. 30)."""
    chosen = _chosen(Rule.INNOVATIVE_SME, facts, rule_set)
    return evaluate_innovative(facts, chosen, options)


def evaluate_srdi_sme(
    facts: EnterpriseFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """专精特新中小企业 (63号 附件2 to 2026-03-31; 2026年2号 thresholds from 2026-04-01, UNCONFIRMED)."""
    chosen = _chosen(Rule.SRDI_SME, facts, rule_set)
    if chosen.id == "miit-2026-2":
        return evaluate_srdi_2026(facts, chosen, options)
    return evaluate_srdi(facts, chosen, options)


def evaluate_little_giant(
    facts: EnterpriseFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """专精特新"小巨人" (63号 附件3 to 2026-03-31; 2026年2号 thresholds from 2026-04-01, UNCONFIRMED)."""
    chosen = _chosen(Rule.LITTLE_GIANT, facts, rule_set)
    if chosen.id == "miit-2026-2":
        return evaluate_little_giant_2026(facts, chosen, options)
    return evaluate_little_giant_2022(facts, chosen, options)


def _chosen(rule: Rule, facts: EnterpriseFacts, rule_set: RuleSet | None) -> RuleSet:
    if rule_set is None:
        return rule_set_for(rule, facts.as_of)
    if rule_set.rule is not rule:
        raise ValueError(f"rule set {rule_set.id} is for {rule_set.rule}, not {rule}")
    return rule_set
