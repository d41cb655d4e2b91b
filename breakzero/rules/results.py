"""Result types every policy rule returns: one ``Item`` per criterion, one ``Evaluation`` per rule.

Conventions shared by all rules (see ``shared/reference/policy-rules.md``):

* An ``Item`` is ``unknown`` when a fact it needs is missing (``None``); it then
  scores ``points=None`` and is never counted as failed.
* A yes/no criterion is ``met`` or ``unmet``.
* A scored indicator is ``met`` when it earns points (> 0) and ``unmet`` when it
  earns 0; its reason says the band reached and the gap to the next band.
* ``Evaluation.passed`` is ``None`` when unknown items could still change the
  outcome, else ``True``/``False`` (three-valued Kleene logic, ``all3``/``any3``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from breakzero.rules.deferred import DeferredText, Reason  # noqa: F401 (DeferredText: the rules import it from here)

Points = Decimal | int


class CriterionStatus(StrEnum):
    """Outcome of one criterion."""

    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


_set = object.__setattr__  # a frozen instance's own fields, set once in __init__


@dataclass(frozen=True, init=False)
class Item:
    """One criterion or scored indicator of a rule.

    ``code`` is a stable machine id (``"rd_ratio"``, ``"score.ip"``); ``value`` is
    the figure actually used (a percent as ``Decimal`` for ratios, unrounded);
    ``threshold`` is human-readable (``"≥ 3%"``); ``source`` names the document
    and clause; ``group`` is the scoring group or condition the item belongs to.
    ``reason_zh`` may be given as a ``DeferredText``; it reads as the same text.
    """

    code: str
    name_zh: str
    status: CriterionStatus
    reason_zh: str = Reason()  # type: ignore[assignment]
    source: str
    points: Points | None = None
    max_points: Points | None = None
    value: object = None
    threshold: str = ""
    group: str = ""

    # Written out rather than generated: a frozen dataclass's __init__ sets each field through
    # object.__setattr__, ~4 µs an item, and bulk screening builds ~40 items per enterprise.
    def __init__(
        self,
        code: str,
        name_zh: str,
        status: CriterionStatus,
        reason_zh: str | DeferredText,
        source: str,
        points: Points | None = None,
        max_points: Points | None = None,
        value: object = None,
        threshold: str = "",
        group: str = "",
    ) -> None:
        _set(self, "__dict__", {
            "code": code, "name_zh": name_zh, "status": status, "reason_zh": reason_zh, "source": source,
            "points": points, "max_points": max_points, "value": value, "threshold": threshold, "group": group,
        })  # fmt: skip

    def __getstate__(self) -> dict[str, object]:
        """Pickled and copied with the reason written out (a cache or a worker gets plain text)."""
        return {**self.__dict__, "reason_zh": self.reason_zh}

    @property
    def is_known(self) -> bool:
        """True unless a missing fact left this item undecided."""
        return self.status is not CriterionStatus.UNKNOWN


@dataclass(frozen=True)
class Evaluation:
    """Outcome of a rule: verdict, score, every item, and the versioned rule set used.

    ``score`` counts known points only; ``max_possible_score`` adds the maximum
    of every unknown scored item (equal to ``score`` when nothing is unknown).
    ``retroactive`` marks a result computed with a later rule set because the
    rules of ``as_of`` are not known (UNCONFIRMED); ``applicable`` is False when
    the programme did not exist on ``as_of`` (``passed`` is then False).
    """

    passed: bool | None
    items: tuple[Item, ...]
    rule_set: str
    as_of: date
    score: Points | None = None
    max_possible_score: Points | None = None
    notes: tuple[str, ...] = ()
    retroactive: bool = False
    applicable: bool = True

    def item(self, code: str) -> Item:
        """Return the item with ``code``; ``KeyError`` if absent."""
        for candidate in self.items:
            if candidate.code == code:
                return candidate
        raise KeyError(code)

    @property
    def unknown_items(self) -> tuple[Item, ...]:
        """Items a missing fact left undecided."""
        return tuple(i for i in self.items if i.status is CriterionStatus.UNKNOWN)

    @property
    def unmet_items(self) -> tuple[Item, ...]:
        """Items known not to be met (or scored 0)."""
        return tuple(i for i in self.items if i.status is CriterionStatus.UNMET)


def blocking_items(evaluation: Evaluation) -> tuple[Item, ...]:
    """What stands between the enterprise and the verdict "passed", read off the same evaluation.

    Nothing when it passed — an unmet alternative (a score gate when a direct
    condition qualified) is not a gap. Otherwise the unmet hard conditions and
    gates; scored indicators (they only feed a total) and direct conditions
    (alternatives: any one suffices) are left out, so "one criterion away"
    means one gate or condition. Every summary text must come from here.
    """
    if evaluation.passed is True:
        return ()
    return tuple(
        i
        for i in evaluation.items
        if i.status is CriterionStatus.UNMET and i.max_points is None and i.group != "direct"
    )


def all3(values: Iterable[bool | None]) -> bool | None:
    """Kleene AND: False if any is False, else None if any is None, else True."""
    seen_unknown = False
    for value in values:
        if value is False:
            return False
        if value is None:
            seen_unknown = True
    return None if seen_unknown else True


def any3(values: Iterable[bool | None]) -> bool | None:
    """Kleene OR: True if any is True, else None if any is None, else False."""
    seen_unknown = False
    for value in values:
        if value is True:
            return True
        if value is None:
            seen_unknown = True
    return None if seen_unknown else False


def status_for(ok: bool | None) -> CriterionStatus:
    """Map a three-valued outcome to a status."""
    if ok is None:
        return CriterionStatus.UNKNOWN
    return CriterionStatus.MET if ok else CriterionStatus.UNMET


def outcome(item: Item) -> bool | None:
    """Three-valued outcome of an item (True met, False unmet, None unknown)."""
    if item.status is CriterionStatus.UNKNOWN:
        return None
    return item.status is CriterionStatus.MET


def items_passed(items: Iterable[Item]) -> bool | None:
    """All items met (three-valued)."""
    return all3(outcome(i) for i in items)


def check(
    code: str,
    name_zh: str,
    ok: bool | None,
    *,
    reason_zh: str,
    source: str,
    value: object = None,
    threshold: str = "",
    group: str = "",
) -> Item:
    """Build a yes/no criterion item."""
    return Item(
        code=code,
        name_zh=name_zh,
        status=status_for(ok),
        reason_zh=reason_zh,
        source=source,
        value=value,
        threshold=threshold,
        group=group,
    )


def unknown(
    code: str,
    name_zh: str,
    *,
    missing_zh: str,
    source: str,
    max_points: Points | None = None,
    threshold: str = "",
    group: str = "",
) -> Item:
    """Build an item left undecided because ``missing_zh`` is not supplied (points None)."""
    return Item(
        code=code,
        name_zh=name_zh,
        status=CriterionStatus.UNKNOWN,
        reason_zh=f"缺少{missing_zh}，暂无法判断",
        source=source,
        max_points=max_points,
        threshold=threshold,
        group=group,
    )


def score_bounds(items: Iterable[Item]) -> tuple[Points, Points]:
    """(known points, known points + max of every unknown scored item)."""
    low: Points = 0
    high: Points = 0
    for item in items:
        if item.max_points is None:
            continue
        if item.points is None:
            high += item.max_points
        else:
            low += item.points
            high += item.points
    return low, high


def total_item(
    code: str, name_zh: str, items: Iterable[Item], *, minimum: Points, source: str, group: str = ""
) -> Item:
    """Gate on a sum of scored items: met when even the low bound reaches ``minimum``.

    Scores are monotone in every item, so the low bound (unknown = 0) and the
    high bound (unknown = max) decide exactly when the outcome is settled.
    """
    low, high = score_bounds(items)
    ok = True if low >= minimum else (False if high < minimum else None)
    return Item(
        code=code,
        name_zh=name_zh,
        status=status_for(ok),
        reason_zh=DeferredText(_total_reason, name_zh, low, high, minimum, ok),
        source=source,
        points=low,
        value=low,
        threshold=f"≥ {minimum} 分",
        group=group,
    )


def _total_reason(name_zh: str, low: Points, high: Points, minimum: Points, ok: bool | None) -> str:
    reason = f"{name_zh} {low} 分，需 ≥ {minimum} 分"
    if high != low:
        reason += f"（另有未知项，最高可能 {high} 分）"
    if ok is False:
        reason += f"：还差 {minimum - low} 分"
    return reason
