"""Recomputations that downstream apps run when upstream data changes.

Upstream apps (enterprises, patents, service_bodies …) cannot import downstream ones
(indicators, cultivation, policies). Downstream apps register a refresher in their
AppConfig.ready(); upstream services call `data_changed(...)` after a write. From a shell
command (`in_process=True`) the refreshers run before the command returns; from the web
they run in a background task after the transaction commits.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections, transaction

from breakzero.core import parallel


@dataclass(frozen=True)
class Refresher:
    name: str
    func: Callable[..., None]  # func(*, sources: list[str], enterprise_ids: list[int] | None) -> None
    order: int = 100
    # Reads only committed data that the refreshers before it wrote, writes only its own tables,
    # and no later refresher reads those: it may run in a thread while the later ones run.
    alongside: bool = False


_REFRESHERS: dict[str, Refresher] = {}
logger = logging.getLogger(__name__)


def register_refresher(name: str, func: Callable[..., None], *, order: int = 100, alongside: bool = False) -> None:
    """Register a recomputation (lower `order` runs first: break-zero before summaries);
    `alongside`: see Refresher."""
    _REFRESHERS[name] = Refresher(name, func, order, alongside)


# Told when each refresher starts (error None, ended False) and ends: on_step(name, ended, error).
StepListener = Callable[[str, bool, BaseException | None], None]
# Told how far a refresher has come, when it says (report_progress): on_progress(name, done, total).
ProgressListener = Callable[[str, int, int], None]
_progress = threading.local()  # the listener of the refresher running in this thread


def report_progress(done: int, total: int) -> None:
    """A refresher says how far it has come (e.g. enterprises screened of all): heard by the
    on_progress of whoever runs it, in the refresher's own thread; nothing when nobody listens."""
    listener = getattr(_progress, "listener", None)
    if listener is not None:
        listener(done, total)


def run_refreshers(
    *,
    sources: list[str],
    enterprise_ids: list[int] | None = None,
    on_step: StepListener | None = None,
    on_progress: ProgressListener | None = None,
) -> None:
    """Every refresher in order; an `alongside` one runs in its own thread (and connection)
    while the later ones run, when the data it reads is committed (PostgreSQL, no transaction
    open here: another connection would not see it otherwise). All have ended on return; the
    first error of a threaded one is raised then. `on_step` hears each start and end, and
    `on_progress` what a refresher reports between them (both from the refresher's own thread)."""
    # Screening's workers fork from a server that sets Django up once (core.parallel): started
    # here, it is set up while the first refreshers run. Not earlier: during an import it would
    # add a Django process to the import's own parse workers (item 1's memory bound).
    parallel.warm_django_workers(settings.IMPORT_PARSE_WORKERS)
    threads: list[_Alongside] = []
    try:
        for refresher in sorted(_REFRESHERS.values(), key=lambda r: (r.order, r.name)):
            if refresher.alongside and can_run_alongside():
                threads.append(_Alongside(refresher, sources, enterprise_ids, on_step, on_progress))
            else:
                _run(refresher, sources, enterprise_ids, on_step, on_progress)
    finally:
        for thread in threads:
            thread.join()
    for thread in threads:
        if thread.error is not None:
            raise thread.error


def can_run_alongside() -> bool:
    """Whether another connection sees what this one wrote (committed, no transaction open)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _run(
    refresher: Refresher,
    sources: list[str],
    enterprise_ids: list[int] | None,
    on_step: StepListener | None = None,
    on_progress: ProgressListener | None = None,
) -> None:
    started = time.perf_counter()
    if on_step is not None:
        on_step(refresher.name, False, None)
    _progress.listener = None if on_progress is None else (lambda done, total: on_progress(refresher.name, done, total))
    try:
        refresher.func(sources=sources, enterprise_ids=enterprise_ids)
    except BaseException as exc:
        if on_step is not None:
            on_step(refresher.name, True, exc)
        raise
    finally:
        _progress.listener = None
    if on_step is not None:
        on_step(refresher.name, True, None)
    logger.info("refresher %s took %.2f s (%s enterprises)", refresher.name, time.perf_counter() - started,
                "all" if enterprise_ids is None else len(enterprise_ids))


class _Alongside(threading.Thread):
    """One refresher in a thread of its own, on its own database connection (closed at its end)."""

    def __init__(
        self,
        refresher: Refresher,
        sources: list[str],
        enterprise_ids: list[int] | None,
        on_step: StepListener | None,
        on_progress: ProgressListener | None = None,
    ) -> None:
        super().__init__(name=f"refresher-{refresher.name}", daemon=True)
        self.refresher, self.sources, self.enterprise_ids, self.on_step = refresher, sources, enterprise_ids, on_step
        self.on_progress = on_progress
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            _run(self.refresher, self.sources, self.enterprise_ids, self.on_step, self.on_progress)
        except BaseException as exc:  # raised again by run_refreshers, in the caller's thread
            logger.exception("refresher %s failed", self.refresher.name)
            self.error = exc
        finally:
            connections.close_all()  # this thread's own connections


def data_changed(*, source: str, enterprise_ids: list[int] | None = None, in_process: bool = False) -> None:
    """Upstream data changed: refresh now (shell) or in the background after commit (web).
    Within `followups_of(job)` the background task reports on that import job's page."""
    ids = sorted(set(enterprise_ids)) if enterprise_ids is not None else None
    if in_process:
        run_refreshers(sources=[source], enterprise_ids=ids)
        return
    from breakzero.core.tasks import refresh_task

    job = _FOLLOWUPS_OF.get()
    if job is None or job[1]:  # outside a job, or a second change in one: not tracked on its page
        transaction.on_commit(lambda: refresh_task.enqueue([source], ids))
        return
    job[1].append(source)
    transaction.on_commit(lambda: refresh_task.enqueue([source], ids, job[0]))


_FOLLOWUPS_OF: ContextVar[tuple[str, list[str]] | None] = ContextVar("followups_of", default=None)


@contextmanager
def followups_of(job_id: object) -> Iterator[list[str]]:
    """`with followups_of(job.pk) as queued:` the refreshes data_changed queues meanwhile are
    that import job's follow-ups (core.import_followups); `queued` lists their sources."""
    queued: list[str] = []
    token = _FOLLOWUPS_OF.set((str(job_id), queued))
    try:
        yield queued
    finally:
        _FOLLOWUPS_OF.reset(token)


# Row guards: a downstream app refuses rows of an upstream import (the reporting app's hard rules
# and period locks apply to officials' yearly imports too). A factory is called once per import
# and returns a guard(key, values) -> [(column key, Chinese reason)], or None when it has nothing to check.
# A problem tuple with a third element "note" does not refuse the row: it is a note on it in the report
# (the reporting app's soft rules: a question to check, as the web form asks it).
# A guard says what it read from the database through a `state` attribute: state() -> str, equal
# exactly when the same rows would get the same problems (a kept parse's key, core.import_reuse).
RowGuard = Callable[[object, dict], list[tuple[str, ...]]]
_ROW_GUARDS: dict[str, list[Callable[[], RowGuard | None]]] = {}


def register_row_guard(source: str, factory: Callable[[], RowGuard | None]) -> None:
    """Register a guard factory for the import `source` (e.g. "yearly")."""
    if factory not in _ROW_GUARDS.setdefault(source, []):
        _ROW_GUARDS[source].append(factory)


def row_guards(source: str) -> list[RowGuard]:
    """The guards for one import of `source` (each factory loads what it needs once)."""
    return [guard for factory in _ROW_GUARDS.get(source, []) if (guard := factory()) is not None]


def row_guards_state(guards: list[RowGuard]) -> str | None:
    """A digest of the database state `guards` read (each one's `state()`), for the key of a
    kept parse; None when a guard has no `state` (then its import's parse is never reused)."""
    sha = hashlib.sha256()
    for guard in guards:
        state = getattr(guard, "state", None)
        if state is None:
            return None
        sha.update(state().encode() + b"\0")
    return sha.hexdigest()[:16]
