"""Evaluation scores from indicator values, weights and expert adjustments. Pure Python.

Each indicator scores 0-100: an expert adjustment when present (the mean of the experts'
adjusted scores), otherwise min(value / full marks, 1) × 100, where full marks is the
indicator's configured value or, when unset, the best value among the bodies evaluated.
The total is the weighted mean of indicator scores; ranks are 1, 1, 3 for ties.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    weight: Decimal
    full_marks_at: Decimal | None = None
    is_manual: bool = False


@dataclass
class BodyScore:
    key: Hashable
    total: Decimal
    rank: int = 0
    parts: dict[str, dict[str, str]] = field(default_factory=dict)


def score_bodies(
    *,
    indicators: Sequence[IndicatorSpec],
    values: Mapping[Hashable, Mapping[str, Decimal]],
    adjustments: Mapping[Hashable, Mapping[str, Sequence[Decimal]]] | None = None,
) -> list[BodyScore]:
    """Score and rank every body in `values` (best first)."""
    adjustments = adjustments or {}
    best = {spec.code: max((Decimal(v.get(spec.code, 0)) for v in values.values()), default=Decimal(0)) for spec in indicators}
    total_weight = sum((spec.weight for spec in indicators), Decimal(0))
    results = []
    for key, body_values in values.items():
        parts, weighted = {}, Decimal(0)
        for spec in indicators:
            value = Decimal(body_values.get(spec.code, 0))
            adjusted = adjustments.get(key, {}).get(spec.code) or []
            score = _indicator_score(spec, value, best[spec.code], adjusted)
            weighted += spec.weight * score
            parts[spec.code] = {"value": str(value), "score": str(score), "adjusted": "1" if adjusted else ""}
        total = (weighted / total_weight if total_weight else Decimal(0)).quantize(TWO_PLACES, ROUND_HALF_UP)
        results.append(BodyScore(key, total, 0, parts))
    return rank(results)


def rank(scores: list[BodyScore]) -> list[BodyScore]:
    ordered = sorted(scores, key=lambda s: (-s.total, str(s.key)))
    for index, item in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        item.rank = previous.rank if previous and previous.total == item.total else index + 1
    return ordered


def _indicator_score(spec: IndicatorSpec, value: Decimal, best: Decimal, adjusted: Sequence[Decimal]) -> Decimal:
    if adjusted:
        return (sum(adjusted, Decimal(0)) / len(adjusted)).quantize(TWO_PLACES, ROUND_HALF_UP)
    if spec.is_manual:
        return Decimal(0)
    full = spec.full_marks_at if spec.full_marks_at else best
    if not full or full <= 0:
        return Decimal(0)
    return (min(value / full, Decimal(1)) * HUNDRED).quantize(TWO_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class SchemeRow:
    """One indicator line as the province types it on the scheme page."""

    code: str
    name: str
    weight: Decimal
    source: str
    full_marks_at: Decimal | None = None
    evidence: str = ""


def check_scheme(rows: Sequence[SchemeRow], *, sources: Sequence[str]) -> list[str]:
    """Reasons (Chinese) a scheme cannot be put in force; empty when it can.

    The province's evaluation scheme must list at least one indicator, each with its own code, a
    known data source, a weight ≥ 0 and full marks > 0 when given; the weights must add up to 100
    (so each weight reads as the share of the total score, as in the default scheme).
    """
    errors: list[str] = []
    if not rows:
        return ["至少需要一个评价指标。"]
    seen: set[str] = set()
    for index, row in enumerate(rows, 1):
        if not row.code or not row.name:
            errors.append(f"第 {index} 行：请填写指标代码和名称。")
        elif row.code in seen:
            errors.append(f"第 {index} 行：指标代码“{row.code}”重复。")
        seen.add(row.code)
        if row.source not in sources:
            errors.append(f"第 {index} 行：数据来源无效。")
        if row.weight < 0:
            errors.append(f"第 {index} 行：权重不能为负数。")
        if row.full_marks_at is not None and row.full_marks_at <= 0:
            errors.append(f"第 {index} 行：满分值须大于 0。")
    total = sum((row.weight for row in rows), Decimal(0))
    if total != HUNDRED:
        errors.append(f"各指标权重合计须为 100，现为 {total.normalize():f}。")
    return errors
