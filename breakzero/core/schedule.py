"""Periodic work (reminders, overdue supervision, the nightly refresh, recovery of jobs whose
worker died), run by `manage.py scheduler`.

Apps register entries in `AppConfig.ready()`: `register(name, task, every=timedelta(...))`
or `register(name, task, daily_at=time(2, 0))`. Each entry's run is one *slot* (the interval
number, or the date); the scheduler records a slot in `ScheduledRun` (unique per name and
slot) before it enqueues the task, so a slot runs once however many schedulers tick at the
same time, and a restarted scheduler catches up the current slot only (never a backlog).
On PostgreSQL one scheduler holds an advisory lock and is the active one; others wait.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    name: str
    task: Any  # a django.tasks Task taking no arguments
    every: timedelta | None = None
    daily_at: time | None = None

    def slot(self, now: datetime) -> str | None:
        """The slot due at `now` (aware), or None when a daily entry's time has not come."""
        if self.every is not None:
            return str(int(now.timestamp() // self.every.total_seconds()))
        local = timezone.localtime(now)
        if local.time() < self.daily_at:
            return None
        return local.date().isoformat()


_ENTRIES: dict[str, Entry] = {}


def register(name: str, task: Any, *, every: timedelta | None = None, daily_at: time | None = None) -> None:
    """Register periodic work: exactly one of `every` and `daily_at` (local time)."""
    if (every is None) == (daily_at is None):
        raise ValueError(f"schedule entry {name}: give exactly one of every= and daily_at=")
    if every is not None and every < timedelta(seconds=10):
        raise ValueError(f"schedule entry {name}: every must be at least 10 seconds")
    _ENTRIES[name] = Entry(name, task, every, daily_at)


def entries() -> list[Entry]:
    return sorted(_ENTRIES.values(), key=lambda e: e.name)


def tick(*, now: datetime | None = None, enqueue: Callable[[Entry], None] | None = None) -> list[str]:
    """Enqueue every entry whose current slot has not run; returns the names enqueued."""
    from breakzero.core.models import ScheduledRun

    now = now or timezone.now()
    started = []
    for entry in entries():
        slot = entry.slot(now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=entry.name, slot=slot)
                (enqueue or _enqueue)(entry)
        except IntegrityError:
            continue  # this slot already ran (another scheduler, or before a restart)
        started.append(entry.name)
    return started


def _enqueue(entry: Entry) -> None:
    transaction.on_commit(lambda: entry.task.enqueue())
