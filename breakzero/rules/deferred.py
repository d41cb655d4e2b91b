"""Reasons written only when read (``Item.reason_zh`` holds a ``DeferredText`` until then)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class DeferredText:
    """A reason not written yet: ``build(*args)`` the first time it is read.

    Bulk screening reads one reason of the ~80 items a firm gets (the first gap);
    building every text up front (number formatting, Decimal rounding) cost a
    fifth of its time. ``build`` must be a pure function of ``args`` (the same text
    whenever it runs) and a module-level function, so a pickled item keeps it.
    """

    __slots__ = ("build", "args")

    def __init__(self, build: Callable[..., str], *args: object) -> None:
        self.build = build
        self.args = args

    def text(self) -> str:
        return self.build(*self.args)


class Reason:
    """``Item.reason_zh``: always a ``str`` when read; a ``DeferredText`` is built on first read and kept."""

    def __get__(self, item: Any, owner: type | None = None) -> str:
        if item is None:  # class access: tells dataclass the field has no default
            raise AttributeError("reason_zh")
        text = item.__dict__["reason_zh"]
        if type(text) is not str:
            text = item.__dict__["reason_zh"] = text.text()
        return text

    def __set__(self, item: Any, value: str | DeferredText) -> None:
        item.__dict__["reason_zh"] = value
