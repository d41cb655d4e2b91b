"""The figures a role watches on its home page, gathered from the apps that compute them.

Like `core.todo`: core cannot import indicators or service_bodies, so each app registers a
`FigureSource` in its AppConfig.ready(); the home page shows the figures of every source that
has something for the user (an official's break-zero count against target, an enterprise's
check-up, a service body's events this month …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Figure:
    """One figure: `value` as shown (already formatted), optional target and progress (0–100)."""

    key: str
    label: str
    value: str
    url: str = ""
    note: str = ""
    progress: float | None = None  # share of the target reached, in per cent (bar capped at 100)
    is_lagging: bool = False


@dataclass(frozen=True)
class FigureSource:
    key: str
    figures: Callable[[Any, dt.date], Iterable[Figure]]
    order: int = 100


_SOURCES: dict[str, FigureSource] = {}


def register(source: FigureSource) -> None:
    _SOURCES[source.key] = source


def figures_for(user: Any, today: dt.date | None = None) -> list[Figure]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    found: list[Figure] = []
    for source in sorted(_SOURCES.values(), key=lambda s: (s.order, s.key)):
        found.extend(source.figures(user, today))
    return found
