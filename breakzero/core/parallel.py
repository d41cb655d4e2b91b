"""Run a function over a stream of jobs in worker processes, results in job order.

Workers are spawned (not forked: the caller may hold database connections and threads),
so job functions must be importable, Django-free module functions. At most 3 jobs per
worker are in flight, which bounds memory for files of any size.

A pool whose jobs need Django (`django=True`: policy screening's workers read the database)
forks its workers from a forkserver that set Django up once (core.django_boot): a worker then
starts set up in milliseconds instead of spending ~1.2–2 s of CPU on `django.setup()` in every
worker of every pool. The forkserver holds no connections and no threads (the caller's are not
copied: it is a separate process started clean); it lives as long as the process that started
it, so a long-lived task worker pays the set-up once. `warm_django_workers()` starts it early,
while the caller still has other work to do.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

logger = logging.getLogger(__name__)
DJANGO_BOOT = "breakzero.core.django_boot"


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: bulk parsing allocates millions of tuples and no
    cycles, and with big caches alive each full collection re-walks them (~25 % of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_workers() -> int:
    """Worker processes for CPU-bound parsing: the cores this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


class WorkerPool:
    """Spawned worker processes, started at once so that their start-up overlaps whatever
    the caller does next; `map_ordered` then runs jobs on them."""

    def __init__(self, workers: int, *, django: bool = False) -> None:
        self.workers = workers
        self.django = django
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=_django_context() if django else _SPAWN)
        # One process is started per job no idle worker can take: all start now, from a thread of
        # their own. Forking through the Django server waits until it has set Django up (seconds
        # when it was started just before); the caller goes on meanwhile.
        self._warm_up: list[Future] = []
        self._starting = threading.Thread(target=self._start, name="worker-pool-start", daemon=True)
        self._starting.start()

    def _start(self) -> None:
        for _ in range(self.workers):
            self._warm_up.append(submitted(self._pool, _ready, None))

    def on_each(self, fn: Callable[[Any], Any], job: Any) -> list[Future]:
        """fn(job) submitted `workers` times once the processes exist, from a thread: the list
        fills as they are submitted (len < workers: still starting), the caller never waits."""
        futures: list[Future] = []

        def submit_all() -> None:
            self._starting.join()
            for _ in range(self.workers):
                futures.append(submitted(self._pool, fn, job))

        threading.Thread(target=submit_all, name="worker-pool-submit", daemon=True).start()
        return futures

    def is_ready(self) -> bool:
        """Whether the workers started (waits for them). They do not when the main module runs
        code on import that a spawned worker cannot (a script without `if __name__ ==
        "__main__"`): the caller then does the work itself."""
        self._starting.join()
        return all(future.exception() is None for future in self._warm_up)

    def map_ordered(self, fn: Callable[[Any], Any], jobs: Iterable[Any]) -> Iterator[Any]:
        """fn(job) for every job, computed `workers` at a time, yielded in the jobs' order."""
        window = 3 * self.workers
        pending: deque[Future] = deque()
        for job in jobs:
            pending.append(self._pool.submit(fn, job))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def submit(self, fn: Callable[[Any], Any], job: Any) -> Future:
        """fn(job) started on a worker now, its result collected later (the caller bounds how
        many jobs it holds in flight)."""
        return self._pool.submit(fn, job)

    def close(self) -> None:
        """Cancel what has not started and let the workers exit. Their interpreters' teardown
        takes about a second; a background thread waits for it (and frees the pool), not the
        caller."""
        pool = self._pool
        pool.shutdown(wait=False, cancel_futures=True)
        threading.Thread(target=pool.shutdown, name="worker-pool-exit", daemon=True).start()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


_SPAWN = multiprocessing.get_context("spawn")


def submitted(pool: ProcessPoolExecutor, fn: Callable[[Any], Any], job: Any) -> Future:
    """pool.submit(fn, job); a pool that cannot start the process (broken, shut down) gives a
    future holding that error instead of raising it in a starting thread."""
    try:
        return pool.submit(fn, job)
    except Exception as exc:  # noqa: BLE001 - handed to whoever reads the future
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def _django_context() -> Any:
    """The forkserver context whose server imports DJANGO_BOOT first; spawn where there is none
    (not on Linux/macOS). The preload must be named before the server starts; a running server
    keeps what it started with (always this module's, the only caller)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return _SPAWN
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([DJANGO_BOOT])
    return context


def warm_django_workers(workers: int) -> None:
    """With `workers` ≥ 2 (pools are used at all), start the Django forkserver now (it sets Django up in the background, on another core if
    one is free), so that the first `WorkerPool(django=True)` forks set-up workers at once.
    Never fails the caller: without a server, the pool starts one itself, or its workers set
    Django up on their own (policies.screening_worker)."""
    if workers < 2:
        return
    context = _django_context()
    if context is _SPAWN:
        return
    try:
        from multiprocessing import forkserver

        forkserver.ensure_running()
    except (OSError, ValueError) as exc:
        logger.warning("the Django worker server did not start: %s", exc)


def _ready(_job: Any = None) -> None:
    return None


def django_state(_job: Any = None) -> tuple[bool, bool]:
    """(Django set up, a database connection open) in the process running it, without setting
    anything up: what a worker inherited (tests, diagnostics)."""
    import sys

    apps = sys.modules.get("django.apps")
    if apps is None or not apps.apps.ready:
        return False, False
    from django.db import connections

    return True, any(c.connection is not None for c in connections.all(initialized_only=True))
