"""The to-do registry: what each user has to do now, gathered from the apps that own the work.

Upstream code (core) cannot import the apps that hold the work (cultivation, reports, calls …).
Each app registers a `TodoSource` in its AppConfig.ready(); the home page lists the items of
every source and the header badge shows their total. The total is cached per user: one cache
read per page. It is dropped when a model a source watches is saved or deleted (`watches`),
when a service calls `invalidate(user)`, and after `COUNT_TTL` seconds at the latest (items that
become due with the passing of time, bulk updates that send no signal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

COUNT_TTL = 120  # seconds a cached badge count may lag behind time-driven changes
_GENERATION_KEY = "todo:generation"


@dataclass(frozen=True)
class TodoItem:
    """One line of the to-do list: `count` things of one kind, one click (`url`) to act."""

    key: str
    label: str
    count: int
    url: str
    due: dt.date | None = None
    is_late: bool = False
    hint: str = ""


@dataclass(frozen=True)
class TodoSource:
    """`items(user, today)` returns the user's items (only those with count > 0 are shown).

    `watches` names models ("app_label.Model") whose save or delete may change the items.
    """

    key: str
    items: Callable[[Any, dt.date], Iterable[TodoItem]]
    watches: tuple[str, ...] = ()
    order: int = 100


_SOURCES: dict[str, TodoSource] = {}
_WATCHED: set[str] = set()


def register(source: TodoSource) -> None:
    """Register (or replace) a source; called from an AppConfig.ready()."""
    _SOURCES[source.key] = source
    for label in source.watches:
        if label not in _WATCHED:
            _WATCHED.add(label)
            model = apps.get_model(label)
            post_save.connect(_on_change, sender=model, dispatch_uid=f"todo:{label}:save")
            post_delete.connect(_on_change, sender=model, dispatch_uid=f"todo:{label}:delete")


def sources() -> list[TodoSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def items_for(user: Any, today: dt.date | None = None) -> list[TodoItem]:
    """Every open item of this user, in source order; items with nothing to do are left out."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    found: list[TodoItem] = []
    for source in sources():
        found.extend(item for item in source.items(user, today) if item.count > 0)
    return found


def open_count(user: Any) -> int:
    """The header badge: the total of the user's items, cached (one cache read per page)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = sum(item.count for item in items_for(user))
        cache.set(key, count, COUNT_TTL)
    return count


def remember_count(user: Any, items: list[TodoItem]) -> None:
    """The home page gathered every item anyway: keep their total for the badge."""
    cache.set(_count_key(user.pk), sum(item.count for item in items), COUNT_TTL)


def cached_count(user: Any) -> int | None:
    """The badge count if cached, else None: pages then load it afterwards (htmx) instead of
    gathering every source while rendering."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return cache.get(_count_key(user.pk))


def invalidate(user: Any = None) -> None:
    """Drop one user's cached count, or everyone's (user None) by moving to a new generation."""
    if user is not None:
        cache.delete(_count_key(user.pk))
        return
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, None)


def _count_key(user_pk: Any) -> str:
    generation = cache.get(_GENERATION_KEY) or 0
    return f"todo:count:{generation}:{user_pk}"


def _on_change(sender: Any, **kwargs: Any) -> None:
    """Signals only clear caches (STYLE §8): a watched row changed, every count may have."""
    invalidate()


def _swap(new: dict[str, TodoSource]) -> dict[str, TodoSource]:
    """Replace the registered sources (tests); returns the previous ones."""
    old = dict(_SOURCES)
    _SOURCES.clear()
    _SOURCES.update(new)
    return old
