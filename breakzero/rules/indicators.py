"""Criteria as constants: an ``Indicator`` names one criterion once and builds its items, sharing
the immutable ones (an undecided item, a yes/no flag) across the enterprises that get the same.

Split from ``results`` (the result types), whose builders it calls.
"""

from __future__ import annotations

from dataclasses import dataclass

from breakzero.rules.results import Item, Points, check, status_for, unknown


@dataclass(frozen=True)
class Indicator:
    """Static description of a criterion: id, Chinese name, source clause and group.

    ``missing_zh`` names the fact to ask for when it is unknown (defaults to the name).
    """

    code: str
    name_zh: str
    source: str
    group: str = ""
    missing_zh: str = ""

    def __hash__(self) -> int:
        # Remembered: an indicator is a key of the shared-item caches below, looked up ~100 times
        # per enterprise in bulk screening, and the generated hash rebuilds a tuple of five strings.
        value = self.__dict__.get("_hash")
        if value is None:
            value = hash((self.code, self.name_zh, self.source, self.group, self.missing_zh))
            self.__dict__["_hash"] = value
        return value

    def unknown(self, *, max_points: Points | None = None, threshold: str = "") -> Item:
        """This criterion, undecided for lack of a fact."""
        # Items are immutable, so one is shared per (criterion, arguments): bulk screening asks for
        # the same undecided items for most enterprises. The key carries the type of max_points
        # (5 and Decimal(5) are equal but print apart); other Decimals are not cached.
        key = (max_points, threshold) if type(max_points) in _CACHEABLE_POINTS else None
        held = self.__dict__.get("_unknown_items")  # _shared's look-up written out: ~40 calls a firm
        if key is not None and held is not None and held[0] is _GENERATION[0]:
            item = held[1].get(key)
            if item is not None:
                return item
        shared = self._shared("_unknown_items")
        item = shared.get(key) if key is not None else None
        if item is None:
            item = unknown(
                self.code,
                self.name_zh,
                missing_zh=self.missing_zh or f"「{self.name_zh}」的信息",
                source=self.source,
                max_points=max_points,
                threshold=threshold,
                group=self.group,
            )
            if key is not None:
                _remember(shared, key, item)
        return item

    def check(self, ok: bool | None, reason_zh: str, *, value: object = None, threshold: str = "") -> Item:
        """This criterion as a yes/no item."""
        return check(
            self.code,
            self.name_zh,
            ok,
            reason_zh=reason_zh,
            source=self.source,
            value=value,
            threshold=threshold,
            group=self.group,
        )

    def scored(
        self, points: Points, max_points: Points, reason_zh: str, *, value: object = None, threshold: str = ""
    ) -> Item:
        """This criterion as a scored item (met when it earns points)."""
        return Item(
            code=self.code,
            name_zh=self.name_zh,
            status=status_for(points > 0),
            reason_zh=reason_zh,
            source=self.source,
            points=points,
            max_points=max_points,
            value=value,
            threshold=threshold,
            group=self.group,
        )

    def flag(self, value: bool | None, *, want: bool, met_zh: str, unmet_zh: str) -> Item:
        """A yes/no fact that must equal ``want``; ``None`` → unknown."""
        if value is None:
            return self.unknown()
        if type(value) is not bool:  # not cached: only True/False are keys that cannot collide
            ok = value is want
            return self.check(ok, met_zh if ok else unmet_zh, value=value)
        key = (value, want, met_zh, unmet_zh)
        shared = self._shared("_flag_items")
        item = shared.get(key)
        if item is None:
            ok = value is want
            item = _remember(shared, key, self.check(ok, met_zh if ok else unmet_zh, value=value))
        return item

    def _shared(self, name: str) -> dict[tuple, Item]:  # type: ignore[type-arg]
        """This indicator's own cache of shared items (not a field: equality and repr ignore it),
        emptied by ``clear_shared_items``."""
        held = self.__dict__.get(name)
        if held is None or held[0] is not _GENERATION[0]:
            held = self.__dict__[name] = (_GENERATION[0], {})
        return held[1]

    def __getstate__(self) -> dict[str, object]:
        """Fields only: a remembered hash is per process (string hashing is salted)."""
        return {f: self.__dict__[f] for f in ("code", "name_zh", "source", "group", "missing_zh")}


# Shared immutable items (see Indicator.unknown), per indicator and bounded: criteria are static.
_CACHEABLE_POINTS = (type(None), int)
_GENERATION = [object()]  # a new object empties every indicator's cache on its next use


def clear_shared_items() -> None:
    """Forget every shared item (tests compare results from cold caches with warm ones)."""
    _GENERATION[0] = object()


def _remember(cache: dict[tuple, Item], key: tuple, item: Item) -> Item:
    if len(cache) > 256:  # flag texts built on the fly must not grow it forever
        cache.clear()
    cache[key] = item
    return item
