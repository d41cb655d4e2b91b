"""How long a worker pool takes to run its first Django-bound job: spawned workers (each sets
Django up) against workers forked from the Django forkserver (core.parallel, core.django_boot).

    DATABASE_URL=… python bench/bench_worker_pool.py          # prints both, twice each, alternating

Each line: a new 2-worker pool, two `screening_worker.evaluate_fields([])` jobs (which set
Django up in a worker that has not), time until both returned; the pool is made twice per mode
(the second time the forkserver is already up).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    import django

    django.setup()
    from breakzero.core.parallel import WorkerPool
    from breakzero.policies.screening_worker import evaluate_fields

    for django_pool in (False, True, False, True):
        times = []
        for _ in range(2):
            started = time.perf_counter()
            pool = WorkerPool(2, django=django_pool)
            pool.is_ready()
            list(pool.map_ordered(evaluate_fields, [[], []]))
            times.append(round(time.perf_counter() - started, 2))
            pool.close()
        print(f"{'forkserver' if django_pool else 'spawned':10}  first pool {times[0]:5.2f} s  next pool {times[1]:5.2f} s")


if __name__ == "__main__":
    main()
