"""Outcomes of the library's item builders without building the items (summary path, see __init__).

Each helper mirrors one builder of ``bands`` / ``results`` / ``indicators`` and returns what the
summary needs of its item: the three-valued outcome (True met, False unmet, None unknown) or, for
a scored indicator, its points (None when unknown). The property tests compare every summary
with the full evaluation; the texts are never written here (the gap item is built by the library).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from breakzero.rules.bands import BandTable, percent
from breakzero.rules.rulesets import available_rule_sets

_CENT = Decimal("0.01")


def flag(value: object, want: bool = True) -> bool | None:
    """``Indicator.flag``: None unknown, else the value *is* ``want`` (a non-bool never is)."""
    return None if value is None else value is want


def at_least(value: Decimal | int | None, minimum: Decimal | int) -> bool | None:
    """``bands.at_least_item``."""
    return None if value is None else value >= minimum


def at_most(value: Decimal | int | None, maximum: Decimal | int) -> bool | None:
    """``bands.at_most_item``."""
    return None if value is None else value <= maximum


def contradicts(part: Decimal | int | None, whole: Decimal | int | None) -> bool:
    """``bands.part_exceeds_whole`` gives an item (the part exceeds a positive whole)."""
    return part is not None and whole is not None and whole > 0 and part > whole


def points_of(table: BandTable, value: Decimal | int) -> int:
    """``table.find(value).points`` (``bands.Band.admits``: no lower bound admits all, else
    value > lower when strict, ≥ otherwise), from a flat copy of the table's bands."""
    rows = _ROWS.get(id(table))
    if rows is None or rows[0] is not table:
        rows = _ROWS[id(table)] = (table, tuple((b.lower, b.strict, b.points) for b in table.bands))
    for lower, strict, points in rows[1]:
        if lower is None or (value > lower if strict else value >= lower):
            return points
    return table.find(value).points  # no band admits it: the library raises its ValueError


_ROWS: dict[int, tuple[BandTable, tuple]] = {}  # a band table (module constant) → its bands, flat


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """numerator / denominator in percent when both are known and the denominator is positive
    (what ``ratio_points`` and ``ratio_at_least`` compare; computed once for the three tiers)."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return percent(numerator, denominator)


def ratio_points(
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    table: BandTable,
    part_of_whole: bool = False,
    exact: Decimal | None = None,
) -> int | None:
    """``bands.ratio_item``'s points (None unknown; a zero or negative denominator scores 0);
    ``exact``: ``ratio(numerator, denominator)`` when already computed."""
    if numerator is None or denominator is None:
        return None
    if part_of_whole and contradicts(numerator, denominator):
        return None
    if denominator <= 0:
        return 0
    return points_of(table, percent(numerator, denominator) if exact is None else exact)


def ratio_at_least(
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    minimum: Decimal,
    part_of_whole: bool = False,
    exact: Decimal | None = None,
) -> bool | None:
    """``bands.ratio_at_least_item`` (``exact`` as for ``ratio_points``)."""
    if numerator is None or denominator is None:
        return None
    if part_of_whole and contradicts(numerator, denominator):
        return None
    if denominator <= 0:
        return False
    return (percent(numerator, denominator) if exact is None else exact) >= minimum


def share(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """``tiers.common.share``."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return percent(numerator, denominator)


def gate(low: Decimal | int, high: Decimal | int, minimum: Decimal | int) -> bool | None:
    """``results.total_item``'s outcome from the score bounds."""
    return True if low >= minimum else (False if high < minimum else None)


def bounds(scored: list[tuple[Decimal | int | None, Decimal | int]]) -> tuple[Decimal | int, Decimal | int]:
    """``results.score_bounds`` of (points or None, max points) pairs."""
    low: Decimal | int = 0
    high: Decimal | int = 0
    for points, top in scored:
        if points is None:
            high += top
        else:
            low += points
            high += points
    return low, high


def all3(values: list[bool | None]) -> bool | None:
    """``results.all3`` over a list."""
    if False in values:  # identity-equal only to a bool here: outcomes are True/False/None
        return False
    return None if None in values else True


def any3(values: list[bool | None]) -> bool | None:
    """``results.any3`` over a list."""
    if True in values:
        return True
    return None if None in values else False


def quantized(score: Decimal | int | None) -> Decimal | None:
    """The score as screening stores it (the few whole-point scores made once)."""
    if type(score) is int:
        held = _WHOLE.get(score)
        if held is None:
            held = _WHOLE[score] = Decimal(score).quantize(_CENT)
        return held
    return None if score is None else Decimal(score).quantize(_CENT)


_WHOLE: dict[int, Decimal] = {}  # Decimal is immutable: one object per whole score is safe to share


def in_force(rule: str, as_of: date, resolve: Callable[[str, date], Any]) -> Any:
    """``resolve(rule, as_of)`` (``rulesets.rule_set_for`` or ``resolve_rule_set``), remembered per
    (rule, date) while the library's table of rule sets is the same object (a test may swap it)."""
    sets = available_rule_sets(rule)
    key = (rule, as_of, resolve)
    held = _IN_FORCE.get(key)
    if held is None or held[0] is not sets:
        if len(_IN_FORCE) > 4096:
            _IN_FORCE.clear()
        held = _IN_FORCE[key] = (sets, resolve(rule, as_of))  # ValueError (no set) is not remembered
    return held[1]


_IN_FORCE: dict[tuple, tuple] = {}


def gap_text(item: object) -> str:
    """The first gap as screening stores it: "name：reason", cut to 300."""
    return f"{item.name_zh}：{item.reason_zh}"[:300]  # type: ignore[attr-defined]


def cached_gap(key: tuple, build: Callable[[], Any]) -> str:
    """``gap_text`` of the item ``build()`` gives, remembered under ``key``.

    Only for items whose text is a function of the key: a flag's (rule, position, value), a score
    gate's (rule, position, minimum, repr of its low and high bounds; ``results._total_reason``).
    Bounded; a miss builds the item with the library again.
    """
    text = _GAPS.get(key)
    if text is None:
        if len(_GAPS) > 4096:
            _GAPS.clear()
        text = _GAPS[key] = gap_text(build())
    return text


_GAPS: dict[tuple, str] = {}


def thresholds(rule_set: Any) -> dict[str, Decimal]:
    """``rule_set.threshold`` as one dict per rule set (a few look-ups per firm, not a scan each)."""
    held = _THRESHOLDS.get(id(rule_set))
    if held is None or held[0] is not rule_set:
        held = _THRESHOLDS[id(rule_set)] = (rule_set, dict(rule_set.thresholds))
    return held[1]


_THRESHOLDS: dict[int, tuple[Any, dict[str, Decimal]]] = {}
