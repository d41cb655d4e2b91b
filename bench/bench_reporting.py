"""Benchmark the reporting window's last days: 50 concurrent enterprises submitting the yearly form
through the API (each with its own token) under gunicorn + wrk, the completeness figures right after,
and the validation of a 100,000-row upload with every rule active.

    DATABASE_URL=postgres://…/bz_reporting_bench python bench/bench_reporting.py [--enterprises 20000]
        [--workers 2] [--connections 50] [--duration 20] [--skip-load]

Creates (or reuses) the bench enterprises, their users and tokens, and an open window of the seeded
年度创新数据 data set; prints requests/s, p99, the completeness query time and the validation time.
Targets (issue: data collection): ≥ 50 submissions/s with p99 < 500 ms; completeness current within
60 s (it is computed from the submissions on each request, so it is current at once); 100,000-row
validation < 20 s. Needs Debian's `wrk`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PORT = 8766
BODY = {"values": {"employees": 80, "operating_revenue": 1000, "main_business_revenue": 950, "total_assets": 1200,
                   "total_liabilities": 500, "total_cost": 900, "rd_expense": 50, "rd_staff": 8,
                   "new_product_revenue": 300, "new_product_profit": 20, "high_tech_revenue": 400}}
LUA = """local tokens = {{{tokens}}}
local i = 0
wrk.method = "PUT"
wrk.body = '{body}'
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  local t = tokens[(i * 7919 + math.random(0, 1000)) % #tokens + 1]
  return wrk.format(nil, nil, {{["Authorization"] = "Bearer " .. t}})
end
"""


def setup(n: int) -> tuple[int, list[str]]:
    import django

    django.setup()
    import datetime as dt

    from django.utils import timezone

    from breakzero.accounts.models import ApiToken, Role, User
    from breakzero.enterprises.models import Enterprise
    from breakzero.regions.models import Region
    from breakzero.reporting.models import DataSet, ReportingWindow
    from breakzero.rules.uscc import make_uscc

    today = timezone.localdate()
    window, _ = ReportingWindow.objects.update_or_create(
        dataset=DataSet.objects.get(code="annual-innovation"), period="bench",
        defaults={"year": today.year - 1, "opens_on": today - dt.timedelta(days=30), "due_on": today + dt.timedelta(days=1),
                  "closes_on": today + dt.timedelta(days=30)})
    existing = Enterprise.objects.filter(name__startswith="填报压测企业").count()
    if existing < n:
        counties = list(Region.objects.filter(level="county").values_list("code", "city_code"))
        rng = random.Random(13)
        firms = []
        for i in range(existing, n):
            county, city = rng.choice(counties)
            name = f"填报压测企业{i:06d}有限公司"
            firms.append(Enterprise(uscc=make_uscc("91", county, f"B{i:07d}"), name=name, name_normalized=name, county_id=county,
                                    city_id=city, industry_code="3911", industry_section="C"))
        Enterprise.objects.bulk_create(firms, batch_size=2000)
    firms = list(Enterprise.objects.filter(name__startswith="填报压测企业").order_by("pk").values_list("pk", flat=True)[:n])
    User.objects.filter(username__startswith="bench-rep-").delete()
    users = User.objects.bulk_create([User(username=f"bench-rep-{pk}", role=Role.ENTERPRISE, enterprise_id=pk,
                                           password="!") for pk in firms], batch_size=2000)
    keys = [ApiToken.new_key() for _ in users]
    expires = timezone.now() + dt.timedelta(days=1)
    ApiToken.objects.bulk_create([ApiToken(user=u, name="bench", key_hash=ApiToken.hash_key(k), prefix=k[:8],
                                           expires_at=expires) for u, k in zip(users, keys)], batch_size=2000)
    return window.pk, keys


def completeness_time(window_pk: int) -> float:
    from breakzero.regions.models import Region
    from breakzero.reporting.models import ReportingWindow, Submission
    from breakzero.reporting.selectors import completeness

    window = ReportingWindow.objects.get(pk=window_pk)
    started = time.perf_counter()
    completeness(window, Region.objects.get(code="430000"))
    elapsed = time.perf_counter() - started
    print(f"submissions stored: {Submission.objects.filter(window=window).exclude(status='draft').count()}")
    return elapsed


def validation_time(rows: int = 100_000) -> float:
    from breakzero.reporting.models import DataSet
    from breakzero.reporting.selectors import check_rules
    from breakzero.rules.report_checks import check_many

    rules = check_rules(DataSet.objects.get(code="annual-innovation"))
    rng = random.Random(7)
    data = [{"key": i, **{k: Decimal(rng.randint(1, 5000)) for k in BODY["values"]}} for i in range(rows)]
    previous = {i: {"operating_revenue": Decimal(rng.randint(1, 5000)), "rd_expense": Decimal(rng.randint(1, 500))}
                for i in range(rows)}
    bands = {i: {"operating_revenue": (Decimal(10), Decimal(4000)), "rd_expense": (Decimal(1), Decimal(400))}
             for i in range(rows)}
    started = time.perf_counter()
    flagged = check_many(rules, data, previous=previous, bands=bands)
    elapsed = time.perf_counter() - started
    print(f"validation: {rows} rows × {len(rules)} rules, {len(flagged)} rows flagged")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    window_pk, keys = setup(args.enterprises)
    print(f"RESULT validation_100k={validation_time():.2f}s")
    if not args.skip_load:
        _load(window_pk, keys, args)
    print(f"RESULT completeness_province={completeness_time(window_pk) * 1000:.0f}ms")


def _load(window_pk: int, keys: list[str], args: argparse.Namespace) -> None:
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w",
                               str(args.workers), "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        url = f"http://127.0.0.1:{PORT}/api/v1/reporting/windows/{window_pk}/submission"
        _wait(url, keys[0])
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA.format(tokens=",".join(f'"{k}"' for k in keys), body=json.dumps(BODY)))
        out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s", "--latency", "-s", lua.name,
                              url], capture_output=True, text=True, check=True).stdout
        print(out)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
        p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        print(f"RESULT submissions/s={rps} p99={p99} non2xx={errors.group(1) if errors else 0}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait(url: str, key: str) -> None:
    request = urllib.request.Request(url, data=json.dumps(BODY).encode(), method="PUT",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    for _ in range(60):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                return
        except OSError:
            time.sleep(1)
    raise SystemExit("gunicorn did not answer")


if __name__ == "__main__":
    main()
