"""Recomputations that downstream apps run when upstream data changes.

Upstream apps (enterprises, patents, service_bodies …) cannot import downstream ones
(indicators, cultivation, policies). Downstream apps register a refresher in their
AppConfig.ready(); upstream services call `data_changed(...)` after a write. From a shell
command (`in_process=True`) the refreshers run before the command returns; from the web
they run in a background task after the transaction commits.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class Refresher:
    name: str
    func: Callable[..., None]  # func(*, sources: list[str], enterprise_ids: list[int] | None) -> None
    order: int = 100


_REFRESHERS: dict[str, Refresher] = {}
logger = logging.getLogger(__name__)


def register_refresher(name: str, func: Callable[..., None], *, order: int = 100) -> None:
    """Register a recomputation (lower `order` runs first: break-zero before summaries)."""
    _REFRESHERS[name] = Refresher(name, func, order)


def run_refreshers(*, sources: list[str], enterprise_ids: list[int] | None = None) -> None:
    for refresher in sorted(_REFRESHERS.values(), key=lambda r: (r.order, r.name)):
        started = time.perf_counter()
        refresher.func(sources=sources, enterprise_ids=enterprise_ids)
        logger.info("refresher %s took %.2f s (%s enterprises)", refresher.name, time.perf_counter() - started,
                    "all" if enterprise_ids is None else len(enterprise_ids))


def data_changed(*, source: str, enterprise_ids: list[int] | None = None, in_process: bool = False) -> None:
    """Upstream data changed: refresh now (shell) or in the background after commit (web)."""
    ids = sorted(set(enterprise_ids)) if enterprise_ids is not None else None
    if in_process:
        run_refreshers(sources=[source], enterprise_ids=ids)
        return
    from breakzero.core.tasks import refresh_task

    transaction.on_commit(lambda: refresh_task.enqueue([source], ids))


# Row guards: a downstream app refuses rows of an upstream import (the reporting app's hard rules
# and period locks apply to officials' yearly imports too). A factory is called once per import
# and returns a guard(key, values) -> [(column key, Chinese reason)], or None when it has nothing to check.
# A problem tuple with a third element "note" does not refuse the row: it is a note on it in the report
# (the reporting app's soft rules: a question to check, as the web form asks it).
RowGuard = Callable[[object, dict], list[tuple[str, ...]]]
_ROW_GUARDS: dict[str, list[Callable[[], RowGuard | None]]] = {}


def register_row_guard(source: str, factory: Callable[[], RowGuard | None]) -> None:
    """Register a guard factory for the import `source` (e.g. "yearly")."""
    if factory not in _ROW_GUARDS.setdefault(source, []):
        _ROW_GUARDS[source].append(factory)


def row_guards(source: str) -> list[RowGuard]:
    """The guards for one import of `source` (each factory loads what it needs once)."""
    return [guard for factory in _ROW_GUARDS.get(source, []) if (guard := factory()) is not None]
