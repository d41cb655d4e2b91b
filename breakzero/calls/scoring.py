"""Pure scoring arithmetic: check an expert's points against the scheme, aggregate, flag outliers."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

MEAN, TRIMMED_MEAN = "mean", "trimmed_mean"
DEFAULT_OUTLIER_SD = Decimal("2")
DEFAULT_OUTLIER_POINTS = Decimal("20")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Aggregate:
    score: Decimal | None
    outliers: tuple[int, ...]  # positions in the input list


def criteria(scheme: dict[str, Any]) -> list[dict[str, Any]]:
    return list(scheme.get("criteria", []))


def check_points(scheme: dict[str, Any], points: dict[str, Any]) -> tuple[dict[str, str], Decimal, list[str]]:
    """(cleaned points, total, Chinese errors): each criterion present, a number in 0..max."""
    cleaned, total, errors = {}, Decimal(0), []
    for criterion in criteria(scheme):
        key, label, top = criterion["key"], criterion["label"], Decimal(str(criterion["max"]))
        raw = points.get(key)
        if raw in (None, ""):
            errors.append(f"“{label}”未评分")
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors.append(f"“{label}”须为数字")
            continue
        if value < 0 or value > top:
            errors.append(f"“{label}”须在 0 至 {top} 分之间")
            continue
        cleaned[key] = format(value, "f")
        total += value
    return cleaned, total, errors


def aggregate(totals: list[Decimal], scheme: dict[str, Any]) -> Aggregate:
    """Mean, or trimmed mean dropping one highest and one lowest (with ≥ 3 scores); a total is an
    outlier when it is more than `outlier_points` from the mean of the others, or (≥ 3 scores) more
    than `outlier_sd` standard deviations from the mean of all."""
    if not totals:
        return Aggregate(None, ())
    method = scheme.get("aggregation", MEAN)
    values = sorted(totals)
    if method == TRIMMED_MEAN and len(values) >= 3:
        values = values[1:-1]
    score = (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)
    return Aggregate(score, tuple(_outliers(totals, scheme)))


def _outliers(totals: list[Decimal], scheme: dict[str, Any]) -> list[int]:
    if len(totals) < 2:
        return []
    gap = Decimal(str(scheme.get("outlier_points", DEFAULT_OUTLIER_POINTS)))
    k = Decimal(str(scheme.get("outlier_sd", DEFAULT_OUTLIER_SD)))
    mean = sum(totals, Decimal(0)) / len(totals)
    sd = Decimal(str(statistics.pstdev([float(t) for t in totals]))) if len(totals) >= 3 else None
    flagged = []
    for i, total in enumerate(totals):
        others = totals[:i] + totals[i + 1:]
        mean_others = sum(others, Decimal(0)) / len(others)
        if abs(total - mean_others) > gap or (sd and abs(total - mean) > k * sd):
            flagged.append(i)
    return flagged
