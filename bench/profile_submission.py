"""Profile the yearly-form submission in process (no gunicorn): the SQL of one request and where a
worker's time goes over many, with the bench's enterprises and window (run bench_reporting.py once first).

    DATABASE_URL=postgres://…/bz_… python bench/profile_submission.py [--enterprises 2000] [--requests 200]
        [--sql] [--top 30] [--sort cumulative] [--fresh]

Prints the queries of one warm request (`--sql`: their text), the mean CPU and wall time per request
and cProfile's top functions (CPU time; `--top 0`: no profiler, the plain per-request figures).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--fresh", action="store_true",
                        help="delete the profiled enterprises' reports first: every request is a first submission "
                             "(INSERT); without it, a second run profiles updates")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime, …")
    args = parser.parse_args()
    from bench_reporting import BODY, explanations

    window_pk, keys = _tokens(args.enterprises)
    if args.fresh:
        from breakzero.reporting.models import Submission

        Submission.objects.filter(window_id=window_pk, enterprise__name__startswith="填报压测企业").delete()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = f"/api/v1/reporting/windows/{window_pk}/submission"
    body = json.dumps({**BODY, "explanations": explanations(window_pk)})

    def put(i: int) -> None:
        response = client.put(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {keys[i % len(keys)]}")
        assert response.status_code == 200, (response.status_code, response.content[:300])

    for i in range(5):
        put(i)
    with CaptureQueriesContext(connection) as queries:
        put(7)
    print(f"queries in one warm request: {len(queries)}")
    for q in queries.captured_queries:
        print(f"  {q['time']}s  {q['sql'][:220] if args.sql else q['sql'][:90]}")
    profile = cProfile.Profile(time.process_time)  # CPU, not wall: the shared machine waits a lot
    started, cpu = time.perf_counter(), time.process_time()
    if args.top:
        profile.enable()
    for i in range(args.requests):
        put(11 + i)
    profile.disable()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"RESULT per_request wall={wall / args.requests * 1000:.1f}ms cpu={cpu / args.requests * 1000:.1f}ms "
          f"load={os.getloadavg()[0]:.1f}")
    if args.top:  # --top 0: the plain CPU per request, without the profiler's overhead
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


def _tokens(n: int) -> tuple[int, list[str]]:
    """Own users and tokens ("prof-rep-…") for the first `n` bench enterprises, so that a
    benchmark running at the same time keeps its own; bench_reporting.py must have run once."""
    import datetime as dt

    import django

    django.setup()
    from django.utils import timezone

    from breakzero.accounts.models import ApiToken, Role, User
    from breakzero.enterprises.models import Enterprise
    from breakzero.reporting.models import ReportingWindow

    window = ReportingWindow.objects.get(dataset__code="annual-innovation", period=str(timezone.localdate().year - 1))
    firms = list(Enterprise.objects.filter(name__startswith="填报压测企业").order_by("pk").values_list("pk", flat=True)[:n])
    User.objects.filter(username__startswith="prof-rep-").delete()
    users = User.objects.bulk_create([User(username=f"prof-rep-{pk}", role=Role.ENTERPRISE, enterprise_id=pk, password="!")
                                      for pk in firms])
    keys = [ApiToken.new_key() for _ in users]
    ApiToken.objects.bulk_create([ApiToken(user=u, name="profile", key_hash=ApiToken.hash_key(k), prefix=k[:8],
                                           expires_at=timezone.now() + dt.timedelta(days=1)) for u, k in zip(users, keys)])
    return window.pk, keys


if __name__ == "__main__":
    main()
