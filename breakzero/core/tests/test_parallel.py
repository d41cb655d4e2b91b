"""Worker processes (core.parallel): results in job order, a ready check, GC paused and restored."""

import gc

from breakzero.core.parallel import WorkerPool, default_workers, gc_paused


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
