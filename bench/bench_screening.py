"""Policy screening benchmark: every enterprise against every rule, figure to BENCHMARKS.md.

    DATABASE_URL=postgres://… python bench/bench_screening.py --enterprises 100000 --seed 2020

Generates the enterprises with three years of yearly data (and declared facts for one in
five) when the database holds fewer than asked — through breakzero.enterprises.demo.seed
when it exists, else set-based here with a fixed seed — then times
`screening_run` over all of them (facts loaded per pk range, evaluated in Python,
written via staging table + INSERT … ON CONFLICT), twice (the second run must be an
idempotent rewrite of the same results).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--as-of", default="2025-06-30")
    options = parser.parse_args()
    import django

    django.setup()
    from breakzero.enterprises.models import Enterprise
    from breakzero.policies.models import Screening
    from breakzero.policies.screening import screening_run

    have = Enterprise.objects.count()
    if have < options.enterprises:
        started = time.perf_counter()
        _generate(options.enterprises - have, random.Random(options.seed), have)
        print(f"generated {options.enterprises - have} enterprises in {time.perf_counter() - started:.1f}s")
    as_of = dt.date.fromisoformat(options.as_of)
    for label in ("first run", "second run"):
        started = time.perf_counter()
        written = screening_run(as_of=as_of)
        seconds = time.perf_counter() - started
        print(f"{label}: {Enterprise.objects.count()} enterprises, {written} results in {seconds:.1f}s "
              f"({written / seconds:.0f} results/s)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    passed = Screening.objects.filter(passed=True).count()
    print(f"peak RSS {rss:.0f} MB; {passed} passed results; {Screening.objects.count()} screening rows")


def _generate(count: int, rng: random.Random, offset: int) -> None:
    try:
        from breakzero.enterprises.demo import seed
    except ModuleNotFoundError:
        seed = None
    if seed is not None:
        seed(rng=rng, enterprises=count, stdout=sys.stdout)
        return
    from breakzero.enterprises.models import Enterprise, EnterpriseYear
    from breakzero.policies.models import DeclaredFacts
    from breakzero.policies.tests.factories import FULL_DECLARATION
    from breakzero.regions.models import Region
    from breakzero.rules.uscc import make_uscc

    counties = list(Region.objects.filter(level=Region.Level.COUNTY).values_list("code", "city_code"))
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for start in range(0, count, 5000):
        batch = []
        for n in range(start + offset, min(count, start + 5000) + offset):
            county, city = counties[n % len(counties)]
            body = "".join(alphabet[(n // 31**k) % 31] for k in range(7))
            batch.append(Enterprise(uscc=make_uscc("91", county, "B" + body), name=f"湖南基准测试{n}有限公司",
                                    name_normalized=f"湖南基准测试{n}", county_id=county, city_id=city,
                                    industry_code=rng.choice(["3911", "2710", "6513", "5191", "3811"]),
                                    industry_section="C", founded_on=dt.date(2010 + n % 12, 1 + n % 12, 1)))
        created = Enterprise.objects.bulk_create(batch)
        years, declared = [], []
        for enterprise in created:
            revenue = Decimal(rng.randint(300, 40000))
            for year in (2022, 2023, 2024):
                revenue = (revenue * Decimal(rng.uniform(0.9, 1.3))).quantize(Decimal("0.01"))
                years.append(EnterpriseYear(
                    enterprise=enterprise, year=year, employees=rng.randint(10, 900), operating_revenue=revenue,
                    main_business_revenue=(revenue * Decimal("0.85")).quantize(Decimal("0.01")),
                    total_assets=revenue * 2, total_liabilities=(revenue * Decimal(rng.uniform(0.3, 1.6))).quantize(
                        Decimal("0.01")), rd_expense=(revenue * Decimal(rng.uniform(0, 0.08))).quantize(Decimal("0.01")),
                    rd_staff=rng.randint(0, 80), high_tech_revenue=revenue / 2, size="small"))
            if rng.random() < 0.2:
                declared.append(DeclaredFacts(enterprise=enterprise, year=2024, data=dict(FULL_DECLARATION)))
        EnterpriseYear.objects.bulk_create(years, batch_size=5000)
        DeclaredFacts.objects.bulk_create(declared, batch_size=5000)


if __name__ == "__main__":
    main()
