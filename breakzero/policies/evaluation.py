"""Run every policy rule for an enterprise (or a FactSource) and serialise the results.

The rules live in breakzero/rules (pure Python); this module only feeds them the
assembled facts and names them for the UI, the API, the shell and the screening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from breakzero.policies import assembly
from breakzero.policies.rule_adapters import EXTRA_RULES, hnte_facts, tech_sme_facts
from breakzero.rules.results import Evaluation, Item, blocking_items
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme


@dataclass(frozen=True)
class PolicyRule:
    """A screened rule: stable code, Chinese name, the facts it takes from a FactSource and the
    rules-library function that judges them."""

    code: str
    name_zh: str
    facts: Callable[[assembly.FactSource], Any]  # a frozen facts dataclass of breakzero/rules
    judge: Callable[[Any], Evaluation]
    title_tier: str = ""  # cultivation.Title tier this rule leads to (免申即享 when not yet held)

    def evaluate(self, source: assembly.FactSource) -> Evaluation:
        return self.judge(self.facts(source))


class RegistrationOnlyShared:
    """A facts builder whose facts are shared by the sources that have no yearly data and no
    declared facts (the register just imported: every firm's source looks alike) and agree on
    the fields the builder then reads (`reads`); any other source gets its own, built as usual.
    Facts are immutable, so sharing one object is safe; tests check that a source differing
    only outside `reads` gets facts equal to its own. Bounded: emptied past KEPT_MAX keys."""

    KEPT_MAX = 2048  # a few KB a facts object (with its kept items and memo key): tens of MB at most

    def __init__(self, build: Callable[[assembly.FactSource], Any], reads: tuple[str, ...]) -> None:
        self.build = build
        self.reads = reads
        self._key = attrgetter(*reads)
        self.kept: dict[Any, Any] = {}

    def __call__(self, source: assembly.FactSource) -> Any:
        if source.years or source.declared:
            return self.build(source)
        key = self._key(source)
        facts = self.kept.get(key)
        if facts is None:
            if len(self.kept) >= self.KEPT_MAX:
                self.kept.clear()
            facts = self.kept[key] = self.build(source)
        return facts


# What each builder reads of a source without yearly data and declared facts (besides those two).
_PATENTS = ("as_of", "invention_grants", "other_patents")
shared_enterprise_facts = RegistrationOnlyShared(
    assembly.enterprise_facts, (*_PATENTS, "titles", "digital_level", "maker_china_national")
)
shared_hnte_facts = RegistrationOnlyShared(hnte_facts, (*_PATENTS, "founded_on"))
shared_tech_sme_facts = RegistrationOnlyShared(tech_sme_facts, _PATENTS)


def _tier_facts(source: assembly.FactSource) -> Any:
    """The three tiers share one EnterpriseFacts per source (built once: screening is CPU-bound)."""
    facts = source.cache.get("tier")
    if facts is None:
        facts = source.cache["tier"] = shared_enterprise_facts(source)
    return facts


_SHARED_EXTRA = {hnte_facts: shared_hnte_facts, tech_sme_facts: shared_tech_sme_facts}
RULES: tuple[PolicyRule, ...] = (
    PolicyRule("innovative_sme", "创新型中小企业", _tier_facts, evaluate_innovative_sme, "innovative_sme"),
    PolicyRule("srdi_sme", "专精特新中小企业", _tier_facts, evaluate_srdi_sme, "srdi_sme"),
    PolicyRule("little_giant", "专精特新“小巨人”企业", _tier_facts, evaluate_little_giant, "little_giant"),
    *(PolicyRule(code, name, _SHARED_EXTRA.get(facts, facts), judge) for code, name, facts, judge in EXTRA_RULES),
)
RULE_NAMES: dict[str, str] = {r.code: r.name_zh for r in RULES}


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's evaluation for one enterprise (or the Chinese reason it could not run)."""

    rule: PolicyRule
    evaluation: Evaluation | None
    error_zh: str = ""

    @property
    def passed(self) -> bool | None:
        return None if self.evaluation is None else self.evaluation.passed

    @property
    def gaps(self) -> list[Item]:
        """The unmet conditions and gates, each with its reason (the gap in words and numbers)."""
        return [] if self.evaluation is None else blocking_unmet(self.evaluation)


def evaluate_source(source: assembly.FactSource, rules: tuple[PolicyRule, ...] = RULES) -> list[RuleOutcome]:
    """Every rule against one FactSource; a rule that cannot run says why instead of failing all."""
    outcomes = []
    for rule in rules:
        try:
            outcomes.append(RuleOutcome(rule, rule.evaluate(source)))
        except (ValueError, ArithmeticError) as exc:
            outcomes.append(RuleOutcome(rule, None, f"无法评估：{exc}"))
    return outcomes


def enterprise_evaluate(*, enterprise_id: int, as_of: dt.date) -> tuple[assembly.FactSource, list[RuleOutcome]]:
    """The platform + declared facts of one enterprise and every rule's outcome on `as_of`."""
    source = assembly.load_sources(as_of=as_of, enterprise_ids=[enterprise_id])[enterprise_id]
    return source, evaluate_source(source)


def blocking_unmet(ev: Evaluation) -> list[Item]:
    """Unmet hard conditions and score gates — what stands between the firm and the title.

    One source for the check-up cards, the screening rows and the exports:
    ``rules.results.blocking_items`` (empty when the evaluation passed).
    """
    return list(blocking_items(ev))


def outcome_as_dict(outcome: RuleOutcome) -> dict[str, Any]:
    """JSON-ready form of one outcome (API, shell --format json, application snapshots)."""
    ev = outcome.evaluation
    base = {"rule": outcome.rule.code, "name": outcome.rule.name_zh, "error": outcome.error_zh}
    if ev is None:
        return {**base, "passed": None, "score": None, "max_possible_score": None, "rule_set": "",
                "as_of": None, "notes": [], "items": [], "retroactive": False, "applicable": True}
    return {
        **base, "passed": ev.passed, "score": _plain(ev.score), "max_possible_score": _plain(ev.max_possible_score),
        "rule_set": ev.rule_set, "as_of": ev.as_of.isoformat(), "notes": list(ev.notes),
        "items": [item_as_dict(i) for i in ev.items], "retroactive": ev.retroactive, "applicable": ev.applicable,
    }


def facts_as_dict(source: assembly.FactSource) -> dict[str, Any]:
    """The tier facts the rules used, as JSON, plus which of them were self-declared."""
    from dataclasses import asdict

    facts = {k: _plain(v) for k, v in asdict(assembly.enterprise_facts(source)).items()}
    return {"fiscal_year": source.prev, "facts": facts, "declared_keys": sorted(source.declared)}


def item_as_dict(item: Item) -> dict[str, Any]:
    return {
        "code": item.code, "name": item.name_zh, "status": str(item.status), "value": _plain(item.value),
        "threshold": item.threshold, "reason": item.reason_zh, "source": item.source,
        "points": _plain(item.points), "max_points": _plain(item.max_points), "group": item.group,
    }


def _plain(value: Any) -> Any:
    """Decimals as strings (no float rounding), tuples as lists, enums as their value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")) if value.as_tuple().exponent < -2 else value, "f")
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
