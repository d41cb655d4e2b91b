"""Load-test the province progress dashboard (logged in, full page) under gunicorn with wrk.

    DATABASE_URL=postgres://…/bz_bench python bench/load_dashboard.py --workers 2 --connections 50 --duration 30

By default every request is drawn at random from what users ask for: any of the regions (all
137: province, prefectures, counties) × the years with summaries × every indicator. gunicorn is
started fresh (empty caches: the fragment cache is per process) and wrk runs twice: the cold
start (from the first request), then the steady state (same mix, caches as the first run left
them). `--path URL` instead measures one warmed URL (the old way; not what users do).
`--cache-url redis://…/N` runs gunicorn with the production cache (item 6: every process shares
one Redis cache, the dashboard's fragments included); that Redis database is emptied first, so
the cold start is cold. `--prefill` (with --cache-url) runs, between the two phases, the pre-fill a
summaries refresh queues in production (`manage.py dashboard_prefill`: every region × year's
indicator table), timed, so the steady state is the one users meet after a refresh.
Each RESULT line carries the machine's load average at its end.
Creates (or reuses) a province official and a session. Needs Debian's `wrk`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PORT = 8765
LUA = """wrk.headers["Cookie"] = "{cookie}"
"""
MIX_LUA = """wrk.headers["Cookie"] = "{cookie}"
local paths = {{ {paths} }}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 7919 + (id or 0))
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def mix_paths() -> list[str]:
    """Every region × year with summaries × indicator the dashboard offers."""
    from breakzero.indicators.definitions import REGISTRY
    from breakzero.indicators.models import IndicatorValue
    from breakzero.regions.models import Region

    years = sorted(set(IndicatorValue.objects.filter(month__isnull=True).values_list("year", flat=True)))
    regions = list(Region.objects.order_by("code").values_list("code", flat=True))
    return [f"/progress/?region={r}&year={y}&indicator={i}" for r in regions for y in years for i in REGISTRY]


def session_cookie() -> str:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from breakzero.accounts.models import Role, User

    user = User.objects.filter(username="bench-province").first() or User.objects.create_user(
        username="bench-province", password="Bench-pw-2020", role=Role.PROVINCE_OFFICIAL, region_id="430000"
    )
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith(".ModelBackend"))
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--path", default="", help="one URL instead of the users' mix, e.g. /progress/?year=2022")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache-url", default="", help="a Redis database for the shared cache (emptied first)")
    parser.add_argument("--prefill", action="store_true", help="after the cold phase, the post-refresh pre-fill")
    args = parser.parse_args()
    cookie = session_cookie()
    paths = [] if args.path else mix_paths()
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR"}
    if args.cache_url:
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()  # a cold start: no fragment from an earlier run
        env["CACHE_URL"] = args.cache_url
        print(f"cache: shared Redis {args.cache_url}")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(args.workers),
         "--worker-class", args.worker_class, "--threads", str(args.threads), "--log-level", "warning"], cwd=ROOT, env=env,
    )
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            if paths:
                lua.write(MIX_LUA.format(cookie=cookie, paths=", ".join(f'"{p}"' for p in paths)))
            else:
                lua.write(LUA.format(cookie=cookie))
        if paths:
            _wait_up(f"http://127.0.0.1:{PORT}/accounts/login/", cookie)
            print(f"mix: {len(paths)} URLs ({len({p.split('&')[0] for p in paths})} regions)")
            _wrk("cold", f"http://127.0.0.1:{PORT}/progress/", lua.name, args)
            if args.prefill and args.cache_url:
                started = time.monotonic()
                done = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "dashboard_prefill", "--seconds", "600"],
                                      cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()
                print(f"PREFILL {done} (wall {time.monotonic() - started:.1f} s, load {os.getloadavg()[0]:.2f})")
            _wrk("steady", f"http://127.0.0.1:{PORT}/progress/", lua.name, args)
        else:
            url = f"http://127.0.0.1:{PORT}{args.path}"
            _wait_and_warm(url, cookie, args.workers)
            _wrk("warm-url", url, lua.name, args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wrk(phase: str, url: str, script: str, args: argparse.Namespace) -> None:
    # --timeout 10s: wrk's default 2 s drops slower responses from the latency figures.
    out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "--latency",
                          "-s", script, url],
                         capture_output=True, text=True, check=True).stdout
    print(out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    print(f"RESULT {phase} requests/s={rps} p50={p50} p99={p99} non2xx={errors.group(1) if errors else 0}"
          f" timeouts={timeouts.group(1) if timeouts else 0} load={os.getloadavg()[0]:.2f}")


def _wait_up(url: str, cookie: str) -> None:
    """Until gunicorn answers (the login page: no dashboard page is warmed)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    for _ in range(120):
        try:
            with urllib.request.urlopen(request) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not start")


def _wait_and_warm(url: str, cookie: str, workers: int) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    for _ in range(60):
        try:
            with urllib.request.urlopen(request) as response:
                body = response.read().decode()
                if "progress-table" not in body:
                    sys.exit("the dashboard did not render (login or data missing)")
                break
        except OSError:
            time.sleep(0.5)
    for _ in range(workers * 8):  # fill each worker's fragment cache
        urllib.request.urlopen(request).read()


if __name__ == "__main__":
    main()
