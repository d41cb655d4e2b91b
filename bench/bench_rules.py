"""Screening's rules CPU alone, no database: N FactSources with diverse facts (every
enterprise its own random yearly figures, as `gen_enterprise_files.py` makes them), each
judged by all five screened rules through `screening.Evaluator` (its memos included), as the
screening does, in this process.

    python bench/bench_rules.py --enterprises 5000 [--profile]

Reports CPU microseconds per enterprise (process time: less sensitive to a loaded machine); `--profile` prints the top functions (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

AS_OF = dt.date(2026, 12, 6)
SIZES = ("micro", "small", "medium", "large")


def sources(count: int, seed: int = 20200151, *, years_too: bool = True) -> list:
    """FactSources shaped like the yearly import's: four years of figures, no declared facts
    (`years_too=False`: as after `import_enterprises` alone, registration facts only)."""
    from breakzero.policies.assembly import FactSource

    rng = random.Random(seed)
    prev = AS_OF.year - 1
    result = []
    for eid in range(1, count + 1):
        employees, revenue = rng.randint(5, 1500), rng.uniform(100, 60000)
        years = {}
        for year in range(prev - 3, prev + 1):
            employees, revenue = int(employees * rng.uniform(0.95, 1.1)), revenue * rng.uniform(0.9, 1.2)
            money = lambda factor: Decimal(str(round(revenue * factor, 2)))  # noqa: E731
            years[year] = {"enterprise_id": eid, "year": year, "employees": employees,
                           "operating_revenue": money(1), "main_business_revenue": money(0.93),
                           "total_assets": money(1.2), "total_liabilities": money(0.5),
                           "rd_expense": money(0.04), "rd_staff": employees // 8,
                           "high_tech_revenue": money(0.4), "size": rng.choice(SIZES)}  # fmt: skip
        if not years_too:
            years = {}
        result.append(FactSource(eid, AS_OF, rng.choice(("3911", "2651", "6511")), rng.choice(("C", "I")),
                                 dt.date(2000 + rng.randint(0, 22), rng.randint(1, 9), 10 + rng.randint(0, 9)),
                                 years, *((rng.randint(0, 3), rng.randint(0, 8)) if years_too else (0, 0))))  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--registration-only", action="store_true", help="no yearly figures (import_enterprises)")
    options = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    from breakzero.policies.screening import Evaluator

    settings.IMPORT_PARSE_WORKERS = 1  # in this process: CPU time is the rules' and the memos'

    batch = sources(options.enterprises, years_too=not options.registration_only)
    profiler = cProfile.Profile(time.process_time) if options.profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    with Evaluator() as evaluator:  # as screening_run: batches of 2,000 sources through both memos
        for i in range(0, len(batch), 2000):
            evaluator.keyed(batch[i : i + 2000])
    if profiler:
        profiler.disable()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{options.enterprises} enterprises: {seconds:.2f} s wall, {cpu:.2f} s CPU,"
          f" {cpu / options.enterprises * 1e6:.0f} µs CPU each (load {os.getloadavg()[0]:.1f})")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)


if __name__ == "__main__":
    main()
