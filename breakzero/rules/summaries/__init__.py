"""Summary path for bulk screening: a rule's screening row without building its Evaluation.

A summary takes the same facts object as the rule and returns exactly what
``policies.screening._judged`` reads off the full evaluation — (passed, score, unknown, unmet,
first gap "name：reason" cut to 300, rule set id, as_of) — or ``None`` when it does not cover the
case (another rule set, a retroactive or not-applicable result, other options): the caller then
evaluates in full. Outcomes are computed from the rule set's thresholds and the tier modules'
band tables; the first gap is the library's own item, built by its own builder, so no reason text
is written twice. The property tests (rules/tests/test_summaries*.py) hold every summary equal
to the full path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from breakzero.rules.results import Evaluation
from breakzero.rules.hnte import evaluate_hnte
from breakzero.rules.summaries import hnte, little_giant, tech_sme, tiers
from breakzero.rules.tech_sme import evaluate_tech_sme
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme
from breakzero.rules.unconfirmed import DEFAULT, Unconfirmed


@dataclass(frozen=True)
class Summary:
    """A rule's summary function and the rule set ids it implements (anything else: full path)."""

    rule: str
    judge: Callable[..., Evaluation]  # the library function it summarises (a caller checks it is that one)
    function: Callable[[Any, Unconfirmed], tuple | None]
    rule_sets: frozenset[str]


REGISTRY: dict[str, Summary] = {
    "innovative_sme": Summary("innovative_sme", evaluate_innovative_sme, tiers.innovative_sme, tiers.COVERED),
    "srdi_sme": Summary("srdi_sme", evaluate_srdi_sme, tiers.srdi_sme, tiers.WITH_2026),
    "little_giant": Summary(
        "little_giant", evaluate_little_giant, little_giant.little_giant_sme, little_giant.WITH_2026
    ),
    "hnte": Summary("hnte", evaluate_hnte, hnte.hnte_summary, hnte.COVERED),
    "tech_sme": Summary("tech_sme", evaluate_tech_sme, tech_sme.tech_sme_summary, tech_sme.COVERED),
}


def summary_row(rule: str, judge: Callable[..., Evaluation], facts: Any, options: Unconfirmed = DEFAULT) -> tuple | None:
    """The screening row of ``rule`` (judged by ``judge``) for ``facts``, or None when no summary
    covers it: no summary for that rule or that judge, other options, or a case the summary leaves
    to the full path. Raises what the summary raises (ValueError, ArithmeticError: the full path
    words the error, so the caller evaluates in full then too)."""
    summary = REGISTRY.get(rule)
    if summary is None or summary.judge is not judge or options is not DEFAULT:
        return None
    return summary.function(facts, options)
