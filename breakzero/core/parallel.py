"""Run a function over a stream of jobs in worker processes, results in job order.

Workers are spawned (not forked: the caller may hold database connections and threads),
so `fn` and `initializer` must be importable, Django-free module functions. At most
`window` jobs are in flight, which bounds memory for files of any size.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


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


def ordered_map(
    fn: Callable[[Any], Any],
    jobs: Iterable[Any],
    *,
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> Iterator[Any]:
    """fn(job) for every job, computed `workers` at a time, yielded in the jobs' order."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs)
    window = 3 * workers
    pending: deque[Future] = deque()
    try:
        for job in jobs:
            pending.append(pool.submit(fn, job))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
