"""Worker processes (core.parallel): results in job order, a ready check, GC paused and restored."""

import gc
import time

from breakzero.core.parallel import WorkerPool, default_workers, django_state, gc_paused, warm_django_workers


def test_worker_pool_map_ordered_keeps_job_order():
    jobs = [(-1) ** n * n for n in range(40)]
    with WorkerPool(2) as pool:
        assert pool.is_ready()
        assert list(pool.map_ordered(abs, jobs)) == [abs(n) for n in jobs]


def test_worker_pool_error_in_job_reaches_caller():
    with WorkerPool(2) as pool:
        results = pool.map_ordered(int, ["1", "x"])
        assert next(results) == 1
        try:
            next(results)
        except ValueError as exc:
            assert "x" in str(exc)
        else:
            raise AssertionError("the job's ValueError was swallowed")


def test_gc_paused_restores_previous_state():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_default_workers_between_one_and_four():
    assert 1 <= default_workers() <= 4


def test_django_pool_workers_start_set_up_without_a_connection(db):
    """A Django pool's workers fork from the server that set Django up (core.django_boot): set up
    before their first job, with no connection of the server's (a shared socket would corrupt).
    A plain pool's spawned workers are not set up."""
    from django.db import connection

    connection.ensure_connection()  # the caller holds one: the workers must not share it
    with WorkerPool(2, django=True) as pool:
        assert pool.is_ready()
        assert list(pool.map_ordered(django_state, [1, 2, 3, 4])) == [(True, False)] * 4
    with WorkerPool(2) as pool:
        assert list(pool.map_ordered(django_state, [1, 2])) == [(False, False)] * 2


def test_warm_django_workers_starts_the_server_only_when_pools_are_used():
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if server._forkserver_pid is not None:  # started by an earlier test in this process
        server._stop()
    warm_django_workers(1)
    assert server._forkserver_pid is None
    warm_django_workers(2)
    assert server._forkserver_pid is not None


def test_screening_evaluator_uses_the_django_pool(settings):
    from breakzero.policies.screening import Evaluator

    evaluator = Evaluator()
    try:
        assert evaluator._pool_ready(2)
        assert evaluator.pool.django
    finally:
        if evaluator.pool is not None:
            evaluator.pool.close()


def test_worker_pool_start_and_on_each_never_wait_for_the_processes(monkeypatch):
    """Forking through the Django server waits until it has set Django up: the pool's constructor
    and on_each hand that wait to a thread, so the caller screens meanwhile (policies.screening)."""
    import threading
    from concurrent.futures import Future

    from breakzero.core import parallel

    release = threading.Event()

    class SlowToStart:
        def __init__(self, **kwargs):
            pass

        def submit(self, fn, *args):
            assert release.wait(10), "never released"
            future = Future()
            future.set_result(fn(*args))
            return future

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", SlowToStart)
    pool = WorkerPool(2)  # returns although no process could start yet
    futures = pool.on_each(abs, -3)
    assert futures == []  # nothing submitted while the processes start
    release.set()
    assert pool.is_ready()
    deadline = time.monotonic() + 10
    while len(futures) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [future.result() for future in futures] == [3, 3]


def test_worker_pool_that_cannot_start_a_process_is_not_ready(monkeypatch):
    from breakzero.core import parallel

    class Broken:
        def __init__(self, **kwargs):
            pass

        def submit(self, fn, *args):
            raise OSError("no process")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Broken)
    pool = WorkerPool(2)
    assert not pool.is_ready()  # the error is in the warm-up futures, not raised in the thread
    futures = pool.on_each(abs, 1)
    deadline = time.monotonic() + 10
    while len(futures) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [type(future.exception()) for future in futures] == [OSError, OSError]
