"""Post-subsidy split of a budget by evaluation score. Pure Python, Decimal arithmetic.

Rule: bodies below the minimum score get nothing; the rest share the budget
in proportion to their scores; no body gets more than the cap, and what a capped body
cannot take is redistributed to the others in proportion to their scores. Amounts are
rounded to 0.01 (万元) with the largest-remainder method so they add up exactly.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class SubsidySplit:
    amounts: dict[Hashable, Decimal]  # every body, 0 for those below the threshold
    allocated: Decimal
    unallocated: Decimal  # left when every eligible body is at the cap
    capped: frozenset[Hashable]


def split_budget(
    *, scores: Mapping[Hashable, Decimal], budget: Decimal, threshold: Decimal, cap: Decimal | None = None
) -> SubsidySplit:
    """Split `budget` among bodies scoring at least `threshold`, proportionally, at most `cap` each."""
    if budget < 0:
        raise ValueError("预算不能为负数")
    if cap is not None and cap <= 0:
        raise ValueError("单个机构上限必须大于 0")
    eligible = {key: Decimal(score) for key, score in scores.items() if Decimal(score) >= threshold and score > 0}
    exact, left = _water_fill(eligible, Decimal(budget), cap)
    amounts = _round(exact, (Decimal(budget) - left).quantize(CENT, rounding=ROUND_DOWN))
    result = {key: amounts.get(key, Decimal("0.00")) for key in scores}
    allocated = sum(result.values(), Decimal("0.00"))
    capped = frozenset(k for k, v in result.items() if cap is not None and v >= cap)
    return SubsidySplit(result, allocated, Decimal(budget) - allocated, capped)


def _water_fill(
    scores: dict[Hashable, Decimal], budget: Decimal, cap: Decimal | None
) -> tuple[dict[Hashable, Decimal], Decimal]:
    """Exact shares, and what is left when every eligible body reached the cap."""
    amounts: dict[Hashable, Decimal] = {}
    open_keys = set(scores)
    remaining = budget
    while open_keys and remaining > 0:
        total = sum(scores[k] for k in open_keys)
        share = {k: remaining * scores[k] / total for k in open_keys}
        over = {k for k in open_keys if cap is not None and share[k] > cap}
        if not over:
            amounts.update(share)
            return amounts, Decimal(0)
        for key in over:
            amounts[key] = cap
            remaining -= cap
            open_keys.discard(key)
    return amounts, remaining


def _round(exact: dict[Hashable, Decimal], total: Decimal) -> dict[Hashable, Decimal]:
    floored = {k: v.quantize(CENT, rounding=ROUND_DOWN) for k, v in exact.items()}
    leftover = int((total - sum(floored.values(), Decimal(0))) / CENT)
    by_remainder = sorted(exact, key=lambda k: (-(exact[k] - floored[k]), str(k)))
    for key in by_remainder[: max(0, leftover)]:
        floored[key] += CENT
    return floored
