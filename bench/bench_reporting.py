"""Benchmark the reporting window's last days: 50 concurrent enterprises submitting the yearly form
through the API (each with its own token) under gunicorn + wrk, the completeness figures right after,
and the validation of a 100,000-row upload with every rule active.

    DATABASE_URL=postgres://…/bz_reporting_bench python bench/bench_reporting.py [--enterprises 20000]
        [--workers 2] [--threads 8] [--connections 50] [--rate 55] [--duration 20] [--skip-load] [--yearly-file FILE]
        [--skip-validation] [--port 8766]

Creates (or reuses) the bench enterprises (the year's participants), their users and tokens, an open
window of the seeded 年度创新数据 data set and its percentile bands; every request answers the soft
rules' questions (as a real enterprise does), so a 409 is never counted as an error. Prints requests/s,
p99, the CPU per request of gunicorn and of the database's backends, the completeness query time and
whether it counts every stored report, and the validation time. gunicorn runs as deployed
(deploy/systemd/breakzero-web@.service): gthread workers with 8 threads (`--threads 1`: sync workers).
Targets (issue: data collection): ≥ 50 submissions/s with p99 < 500 ms; completeness current within
60 s (it is computed from the submissions on each request, so it is current at once); 100,000-row
validation < 20 s. Needs Debian's `wrk`.

Two ways to load: without `--rate`, each of the 50 connections submits again the moment its answer
arrives (saturation: the most the server can do; by Little's law its latency is then about
connections ÷ throughput, so p99 < 500 ms there would need > 100 submissions/s). With `--rate R`, the
50 users think between submissions (random, around 50/R s), offering about R submissions a second:
the users the issue describes. Their throughput stays at R only while the server answers quickly,
since each user's cycle is its think time plus the latency.
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
{think}"""
# Users think between submissions (--rate): each connection waits a random time around
# connections / rate seconds before its next request, so 50 users offer about `rate` submissions a
# second in all while the server keeps up, and fewer when it does not (latency adds to each cycle).
THINK = """function delay()
  return math.random({low}, {high})
end
"""


def setup(n: int) -> tuple[int, list[str]]:
    import django

    django.setup()
    import datetime as dt

    from django.apps import apps
    from django.utils import timezone

    from breakzero.accounts.models import ApiToken, Role, User
    from breakzero.enterprises.models import Enterprise
    from breakzero.regions.models import Region
    from breakzero.reporting.models import DataSet, ReportingWindow
    from breakzero.rules.uscc import make_uscc

    today = timezone.localdate()
    # A yearly window's period is its year ("2025"): the previous-period look-up orders periods as text,
    # so a made-up period ("bench") would sort after every real one and compare with the wrong report.
    window, _ = ReportingWindow.objects.update_or_create(
        dataset=DataSet.objects.get(code="annual-innovation"), period=str(today.year - 1),
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
    # The bench firms are the year's participants, i.e. expected reporters: otherwise the completeness
    # figures would not count them at all and "current within 60 s" would check nothing.
    Participant = apps.get_model("indicators", "Participant")
    Participant.objects.bulk_create([Participant(enterprise_id=pk, year=window.year, note="填报压测") for pk in firms],
                                    batch_size=2000, ignore_conflicts=True)
    from breakzero.reporting.bands import bands_refresh

    bands_refresh(years=[window.year - 1])  # the percentile soft rule reads the precomputed bands
    User.objects.filter(username__startswith="bench-rep-").delete()
    users = User.objects.bulk_create([User(username=f"bench-rep-{pk}", role=Role.ENTERPRISE, enterprise_id=pk,
                                           password="!") for pk in firms], batch_size=2000)
    keys = [ApiToken.new_key() for _ in users]
    expires = timezone.now() + dt.timedelta(days=1)
    ApiToken.objects.bulk_create([ApiToken(user=u, name="bench", key_hash=ApiToken.hash_key(k), prefix=k[:8],
                                           expires_at=expires) for u, k in zip(users, keys)], batch_size=2000)
    return window.pk, keys


def completeness_time(window_pk: int) -> float:
    """Time of the province's completeness query right after the load, and whether its figures
    already count every stored submission (they are computed per request, so they must)."""
    from breakzero.regions.models import Region
    from breakzero.reporting.models import ReportingWindow, Submission
    from breakzero.reporting.selectors import completeness, completeness_total, expected_enterprises

    window = ReportingWindow.objects.get(pk=window_pk)
    started = time.perf_counter()
    rows = completeness(window, Region.objects.get(code="430000"))
    elapsed = time.perf_counter() - started
    stored = Submission.objects.filter(window=window, enterprise__in=expected_enterprises(window)).exclude(
        status="draft").count()
    shown = completeness_total(rows)["submitted"]
    print(f"submissions stored: {stored}, counted by the completeness figures: {shown}")
    print(f"RESULT completeness_current={'yes' if shown == stored else 'no'}")
    return elapsed


def explanations(window_pk: int) -> dict[str, str]:
    """An explanation for every soft rule, as an enterprise answering its questions sends them: a
    figure outside a band must not turn into a 409 that wrk counts as an error."""
    from breakzero.reporting.models import ReportingWindow, ValidationRule

    dataset = ReportingWindow.objects.get(pk=window_pk).dataset
    codes = ValidationRule.objects.filter(dataset=dataset, kind="soft", is_active=True).values_list("code", flat=True)
    return {code: "压测说明：数据已核实" for code in codes}


def validation_time(rows: int = 100_000) -> float:
    """Every active rule of the yearly data set over `rows` rows, with the previous period and the
    percentile bands resolved per row the way an officials' import does (reporting.bands.BandIndex:
    region × industry division groups, county → city → province fallback)."""
    from breakzero.regions.models import Region
    from breakzero.reporting.bands import BandIndex, min_count
    from breakzero.reporting.models import DataSet
    from breakzero.reporting.selectors import check_rules, fields_of
    from breakzero.rules.report_checks import check_many

    dataset = DataSet.objects.get(code="annual-innovation")
    rules = check_rules(dataset)
    columns = {f.code: f.year_field for f in fields_of(dataset) if f.year_field}
    rng = random.Random(7)
    counties = list(Region.objects.filter(level="county").values_list("code", "city_code"))
    divisions = [f"{d:02d}" for d in range(13, 44)]
    index = BandIndex(year=0, min_count=min_count(), rows={})
    for county, city in counties:  # bands in memory as BandIndex.load() reads them; small county groups fall back
        for division in divisions:
            for column in columns.values():
                index.rows[(county, division, column)] = (Decimal(10), Decimal(4000), rng.randint(1, 60))
                index.rows[(city, division, column)] = (Decimal(5), Decimal(4500), 200)
    data = [{"key": i, **{k: Decimal(rng.randint(1, 5000)) for k in BODY["values"]}} for i in range(rows)]
    previous = {i: {"operating_revenue": Decimal(rng.randint(1, 5000)), "rd_expense": Decimal(rng.randint(1, 500))}
                for i in range(rows)}
    groups = [(*rng.choice(counties), rng.choice(divisions)) for _ in range(rows)]
    for county, _city in counties:  # region names are read once per process, not per row: warm them
        index.resolve(county, _city, divisions[0], columns)
    started, cpu = time.perf_counter(), time.process_time()
    bands = {i: index.resolve(county, city, division, columns) for i, (county, city, division) in enumerate(groups)}
    flagged = check_many(rules, data, previous=previous, bands=bands)
    elapsed = time.perf_counter() - started
    # CPU seconds as well: on a shared, loaded machine the wall time mostly measures the other processes.
    print(f"validation: {rows} rows × {len(rules)} rules (band look-ups included), {len(flagged)} rows flagged, "
          f"cpu {time.process_time() - cpu:.2f}s")
    return elapsed


def upload_validation_time(path: str) -> float:
    """The whole officials' yearly import of `path`, validated without writing (parse, register
    look-ups, hard rules, locks, soft-rule notes with bands) — the upload a user would make."""
    from breakzero.core.imports import get_importer, run_file

    started = time.perf_counter()
    outcome = run_file(get_importer("enterprise-years"), path, apply=False, skip_invalid=False)
    elapsed = time.perf_counter() - started
    print(f"upload validation: {outcome.total_rows} rows, {outcome.rejected_count} rejected, "
          f"{outcome.summary.get('提示', 0)} notes")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8,
                        help="gthread threads per worker, as deployed (1: sync workers, the shape used before 2026-12-07)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=float, default=0,
                        help="users' think time set so that the connections together offer about this many "
                             "submissions a second (0: no think time, every connection submits again at once)")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-validation", action="store_true", help="no 100,000-row validation (load runs only)")
    parser.add_argument("--port", type=int, default=PORT, help="gunicorn's port (another bench may hold the default)")
    parser.add_argument("--yearly-file", help="also validate this yearly-data file as an upload (no writes)")
    parser.add_argument("--validation-only", action="store_true",
                        help="only the 100,000-row validation (needs a migrated database, creates nothing)")
    args = parser.parse_args()
    if args.validation_only:
        import django

        django.setup()
        print(f"RESULT validation_100k={validation_time():.2f}s load={os.getloadavg()[0]:.1f}")
        return
    window_pk, keys = setup(args.enterprises)
    if not args.skip_validation:
        print(f"RESULT validation_100k={validation_time():.2f}s load={os.getloadavg()[0]:.1f}")
    if args.yearly_file:
        print(f"RESULT upload_validation={upload_validation_time(args.yearly_file):.2f}s")
    if not args.skip_load:
        _load(window_pk, keys, explanations(window_pk), args)
    print(f"RESULT completeness_province={completeness_time(window_pk) * 1000:.0f}ms")


def _load(window_pk: int, keys: list[str], answers: dict[str, str], args: argparse.Namespace) -> None:
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR"}
    # The production shape (deploy/systemd/breakzero-web@.service, scripts/stack.sh): gthread workers,
    # 8 threads each, so a request waiting on PostgreSQL does not hold a whole process.
    shape = ["--worker-class", "gthread", "--threads", str(args.threads)] if args.threads > 1 else []
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{args.port}", "-w",
                               str(args.workers), *shape, "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        url = f"http://127.0.0.1:{args.port}/api/v1/reporting/windows/{window_pk}/submission"
        body = {**BODY, "explanations": answers}
        _wait(url, keys[0], body)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            think = ""
            if args.rate > 0:
                mean_ms = 1000 * args.connections / args.rate
                think = THINK.format(low=int(mean_ms * 0.5), high=int(mean_ms * 1.5))
            lua.write(LUA.format(tokens=",".join(f'"{k}"' for k in keys), body=json.dumps(body, ensure_ascii=False),
                                 think=think))
        web_before, db_before = _cpu_seconds(_tree(server.pid)), _cpu_seconds(_backends())
        out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s", "--latency", "-s", lua.name,
                              url], capture_output=True, text=True, check=True).stdout
        web_cpu, db_cpu = _cpu_seconds(_tree(server.pid)) - web_before, _cpu_seconds(_backends()) - db_before
        print(out)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
        p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
        p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
        done = int(re.search(r"(\d+) requests in", out).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        print(f"RESULT submissions/s={rps} p99={p99} p50={p50} non2xx={errors.group(1) if errors else 0} "
              f"shape={args.workers}x{args.threads} offered={'%g/s' % args.rate if args.rate else 'no-think'} "
              f"load={os.getloadavg()[0]:.1f}")
        # CPU per request: on the shared machine req/s moves with the other jobs, CPU much less.
        print(f"RESULT cpu_per_request gunicorn={web_cpu / max(done, 1) * 1000:.1f}ms "
              f"postgres={db_cpu / max(done, 1) * 1000:.1f}ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _tree(pid: int) -> list[int]:
    """gunicorn's master and its workers."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


def _backends() -> list[int]:
    """The PostgreSQL backends serving this database (the web processes keep theirs: CONN_MAX_AGE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return [row[0] for row in cursor.fetchall()]


def _cpu_seconds(pids: list[int]) -> _CpuTotal:
    """utime + stime per process (a process gone since counts 0)."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
    return _CpuTotal(seconds)


class _CpuTotal(dict):
    """Per-process CPU seconds; `a - b` is the CPU spent between two readings (new processes from 0)."""

    def __sub__(self, before: dict) -> float:
        return sum(value - before.get(pid, 0.0) for pid, value in self.items())


def _wait(url: str, key: str, body: dict) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PUT",
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
