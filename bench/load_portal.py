"""Load-test the public portal's cached anonymous pages under gunicorn with wrk (issue: public portal,
item 7: "at least 1,000 requests per second for a cached list page on this machine").

    python bench/load_portal.py                                  # SQLite, LocMem cache, the default pages
    DATABASE_URL=postgres://…/bz_portal python bench/load_portal.py --workers 2 --connections 20 --duration 15
    python bench/load_portal.py --path /portal/lists/srdi/ --path /portal/policies/

It sets up the portal tree (`portal_setup`, idempotent), seeds a published list worth showing
(`--rows` 小巨人 titles, once), starts gunicorn fresh, warms every page in every worker (the cache
is per process unless CACHE_URL names Redis), checks that a warmed page really is a cache hit
(`Cache-Control: public`), then runs wrk once per page, anonymously (no cookie: the visitor the
cache is for). Prints one `RESULT` line per page. Needs Debian's `wrk`.

Measure on a quiet machine: wrk and gunicorn share the cores, and other jobs' load moves the figure
by 2× (BENCHMARKS.md, "Public portal").
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PORT = 8766
DEFAULT_PATHS = ["/portal/lists/srdi/", "/portal/policies/", "/portal/", "/portal/services/"]
BENCH_BATCH = "门户压测批次"


def prepare(rows: int) -> None:
    """The portal tree and `rows` 专精特新 titles in force (created once, recognisable by their batch)."""
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command

    from breakzero.cultivation.models import Title
    from breakzero.enterprises.models import Enterprise

    call_command("portal_setup", stdout=open(os.devnull, "w"))
    have = Title.objects.filter(batch=BENCH_BATCH).count()
    if have >= rows:
        return
    enterprises = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[: rows - have])
    if len(enterprises) < rows - have:
        sys.exit(f"need {rows} enterprises for the list, found {len(enterprises) + have}: run "
                 "`manage.py seed_demo --enterprises N` first, or pass a smaller --rows")
    Title.objects.bulk_create(
        [Title(enterprise_id=pk, tier=Title.Tier.SRDI_SME, level="provincial", batch=BENCH_BATCH,
               recognized_on=dt.date(2025, 7, 1), valid_until=dt.date(2099, 6, 30)) for pk in enterprises],
        ignore_conflicts=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--rows", type=int, default=50, help="专精特新 titles seeded for the list page")
    parser.add_argument("--path", action="append", default=[], help="a portal URL (repeatable)")
    args = parser.parse_args()
    prepare(args.rows)
    paths = args.path or DEFAULT_PATHS
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(args.workers),
         "--log-level", "warning"], cwd=ROOT, env=env,
    )
    try:
        for path in paths:
            url = f"http://127.0.0.1:{PORT}{path}"
            _wait_and_warm(url, args.workers)
            _wrk(path, url, args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_and_warm(url: str, workers: int) -> None:
    """Until gunicorn answers; then enough requests that every worker holds the page in its cache."""
    for _ in range(120):
        try:
            with urllib.request.urlopen(url) as response:
                response.read()
                break
        except urllib.error.HTTPError as exc:
            sys.exit(f"{url} answered {exc.code}: not a public page")
        except OSError:
            time.sleep(0.5)
    else:
        sys.exit("gunicorn did not start")
    for _ in range(workers * 8):
        with urllib.request.urlopen(url) as response:
            response.read()
            cache_control = response.headers.get("Cache-Control", "")
    if "public" not in cache_control:
        sys.exit(f"{url} is not served from the anonymous cache (Cache-Control: {cache_control!r})")


def _wrk(path: str, url: str, args: argparse.Namespace) -> None:
    out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
                          "--latency", url], capture_output=True, text=True, check=True).stdout
    print(out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    load = os.getloadavg()[0]
    print(f"RESULT {path} requests/s={rps} p50={p50} p99={p99} non2xx={errors.group(1) if errors else 0}"
          f" load1={load:.1f}")


if __name__ == "__main__":
    main()
