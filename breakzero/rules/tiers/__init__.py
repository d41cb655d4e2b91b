"""Quality-SME cultivation tiers (优质中小企业梯度培育): 创新型, 专精特新, 小巨人, by versioned rule set.

Each ``evaluate_*`` uses the rule set in force on ``facts.as_of`` (``rulesets.py``)
unless ``rule_set`` is given (to preview another version) and records its id.
Before 工信部企业〔2022〕63号 (2022-08-01; programme-rules-2.md §2.5): 小巨人 uses
the national batch in force; 专精特新中小企业, whose rules of that time are not
known, is evaluated with 63号 and flagged ``retroactive``; 创新型中小企业 did not
exist and is reported not applicable.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from breakzero.rules.facts import EnterpriseFacts
from breakzero.rules.results import CriterionStatus, Evaluation, Item
from breakzero.rules.rulesets import Rule, RuleSet, available_rule_sets, resolve_rule_set, rule_set_by_id
from breakzero.rules.tiers.innovative import evaluate_innovative
from breakzero.rules.tiers.little_giant import evaluate_little_giant_2022
from breakzero.rules.tiers.little_giant_batches import evaluate_little_giant_batch
from breakzero.rules.tiers.revision_2026 import evaluate_little_giant_2026, evaluate_srdi_2026
from breakzero.rules.tiers.srdi import evaluate_srdi
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed

__all__ = ["evaluate_innovative_sme", "evaluate_little_giant", "evaluate_srdi_sme"]

_63 = "miit-2022-63"
_RETROACTIVE_ZH = "追溯适用（待确认）：{day}时的认定条件未知，按 {first} 起施行的规则（{rule_set}）评估"


def evaluate_innovative_sme(
    facts: EnterpriseFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """创新型中小企业 (工信部企业〔2022〕63号 附件1; kept after 2026-04-01 per 2026年2号 Art. 30).

    Not applicable before 63号 took effect: the tier did not exist (§2.5.6).
    """
    if rule_set is None:
        first = available_rule_sets(Rule.INNOVATIVE_SME)[0]
        if facts.as_of < first.effective_from:
            return _not_applicable(facts.as_of, first)
    chosen, retroactive = _chosen(Rule.INNOVATIVE_SME, facts, rule_set)
    return _flagged(evaluate_innovative(facts, chosen, options), chosen, retroactive)


def evaluate_srdi_sme(
    facts: EnterpriseFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """专精特新中小企业 (63号 附件2 to 2026-03-31; 2026年2号 thresholds from 2026-04-01, UNCONFIRMED).

    Before 63号 Hunan's provincial 小巨人 tier played this role; its criteria are
    not known, so 63号 附件2 is applied retroactively and the result says so.
    """
    chosen, retroactive = _chosen(Rule.SRDI_SME, facts, rule_set)
    if chosen.id == "miit-2026-2":
        return evaluate_srdi_2026(facts, chosen, options)
    result = _flagged(evaluate_srdi(facts, chosen, options), chosen, retroactive)
    if retroactive:
        hunan = resolve_rule_set(Rule.HUNAN_LITTLE_GIANT, facts.as_of)[0]
        note = f"当时湖南省的省级层级为{hunan.source}（{hunan.note_zh}）"
        result = replace(result, notes=(*result.notes, note))
    return result


def evaluate_little_giant(
    facts: EnterpriseFacts, *, options: Unconfirmed = DEFAULT, rule_set: RuleSet | None = None
) -> Evaluation:
    """专精特新"小巨人": the national batch before 63号 (§2.5.2), 63号 附件3 to 2026-03-31,
    2026年2号 thresholds from 2026-04-01 (UNCONFIRMED)."""
    chosen, retroactive = _chosen(Rule.LITTLE_GIANT, facts, rule_set)
    if chosen.id == "miit-2022-batch4" and rule_set is None and options.little_giant_2022_batch_uses_63:
        chosen = rule_set_by_id(Rule.LITTLE_GIANT, _63)
        note = "2022年第四批按63号附件3评估（读法设置，待确认）"
        return replace(evaluate_little_giant_2022(facts, chosen, options), notes=(note,))
    if chosen.id == "miit-2026-2":
        return evaluate_little_giant_2026(facts, chosen, options)
    if chosen.id == _63:
        return _flagged(evaluate_little_giant_2022(facts, chosen, options), chosen, retroactive)
    return _flagged(evaluate_little_giant_batch(facts, chosen, options), chosen, retroactive)


def _chosen(rule: Rule, facts: EnterpriseFacts, rule_set: RuleSet | None) -> tuple[RuleSet, bool]:
    if rule_set is None:
        return resolve_rule_set(rule, facts.as_of)
    if rule_set.rule is not rule:
        raise ValueError(f"rule set {rule_set.id} is for {rule_set.rule}, not {rule}")
    return rule_set, False


def _flagged(result: Evaluation, chosen: RuleSet, retroactive: bool) -> Evaluation:
    if not retroactive:
        return result
    note = _RETROACTIVE_ZH.format(day=result.as_of, first=chosen.effective_from, rule_set=chosen.source)
    return replace(result, retroactive=True, notes=(note, *result.notes))


def _not_applicable(as_of: date, first: RuleSet) -> Evaluation:
    reason = (
        f"创新型中小企业层级由{first.source.split(' ')[0]}设立，自 {first.effective_from} 起施行；"
        f"{as_of} 时尚无此层级，不适用（湖南首次评价为湘工信中小发展〔2022〕495号）"
    )
    item = Item(
        code="tier_exists",
        name_zh="评估日期时该层级已设立",
        status=CriterionStatus.UNMET,
        reason_zh=reason,
        source="programme-rules-2.md §2.5.6；工信部企业〔2022〕63号",
        value=as_of,
        threshold=f"≥ {first.effective_from}",
    )
    return Evaluation(
        passed=False, items=(item,), rule_set="", as_of=as_of, notes=(f"不适用：{reason}",), applicable=False
    )
