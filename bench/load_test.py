"""Load test: 50 concurrent users for 60 s against gunicorn on PostgreSQL (loopback).

    DATABASE_URL=postgres://…/bz_bench python bench/load_test.py [--users 50] [--duration 60] [--workers 3]

Each simulated user logs in through the real login form (CSRF token, Argon2 check, lockout
check, audit entry), then loops: enterprise list, a filtered list page, an enterprise detail,
the progress dashboard, and every 10th round an xlsx export of the list. Standard library only
(threads + http.client). Prints p50/p95/p99 per page and overall, and the error count; exits 1
on any error. Creates bench users (city officials of 长沙) and, if the register is empty,
2,000 enterprises.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PORT = 8766
PASSWORD = "Hunan@2020demo"


def prepare(users: int) -> list[int]:
    import django

    django.setup()
    from breakzero.accounts.models import Role, User
    from breakzero.enterprises.models import Enterprise

    for index in range(users):
        user, _ = User.objects.get_or_create(username=f"load-{index}", defaults={"role": Role.CITY_OFFICIAL, "region_id": "430100"})
        user.set_password(PASSWORD)
        user.must_change_password = False
        user.save()
    if not Enterprise.objects.filter(city_id="430100").exists():
        from breakzero.enterprises.tests.factories import EnterpriseFactory

        for county in ("430102", "430104", "430111", "430181"):
            EnterpriseFactory.create_batch(500, county_id=county)
    return list(Enterprise.objects.filter(city_id="430100").values_list("pk", flat=True)[:500])


class Session:
    def __init__(self) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{PORT}{path}"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, payload

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, _ = self.request("POST", "/accounts/login/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        if status != 302:
            raise RuntimeError(f"login of {username} failed: {status}")


def user_loop(index: int, pks: list[int], until: float, timings: dict, errors: list, lock: threading.Lock) -> None:
    session = Session()
    pages = [("list", "/enterprises/"), ("list-filtered", "/enterprises/?county=430104&page=2"), ("detail", None), ("dashboard", "/progress/")]
    try:
        start = time.perf_counter()
        session.login(f"load-{index}")
        _record(timings, lock, "login", time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001
        errors.append(f"login {index}: {exc}")
        return
    round_no = 0
    while time.monotonic() < until:
        round_no += 1
        plan = list(pages) + ([("export", "/enterprises/export/?county=430104")] if round_no % 10 == index % 10 else [])
        for name, path in plan:
            path = path or f"/enterprises/{pks[(index * 31 + round_no) % len(pks)]}/"
            start = time.perf_counter()
            try:
                status, _ = session.request("GET", path)
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{path}: {exc}")
                continue
            _record(timings, lock, name, time.perf_counter() - start)
            if status != 200:
                errors.append(f"{path}: HTTP {status}")


def _record(timings: dict, lock: threading.Lock, name: str, seconds: float) -> None:
    with lock:
        timings[name].append(seconds)


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    q = statistics.quantiles(values, n=100)
    return f"n={len(values):6d} p50={q[49] * 1000:7.0f} ms p95={q[94] * 1000:7.0f} ms p99={q[98] * 1000:7.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    pks = prepare(options.users)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(options.workers),
         "-k", "gthread", "--threads", str(options.threads), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"},
    )
    try:
        _wait_for_server()
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        lock = threading.Lock()
        until = time.monotonic() + options.duration
        threads = [threading.Thread(target=user_loop, args=(i, pks, until, timings, errors, lock)) for i in range(options.users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = [value for values in timings.values() for value in values]
    for name in sorted(timings):
        print(f"{name:14s} {percentiles(timings[name])}")
    print(f"{'all':14s} {percentiles(every)}  throughput={len(every) / elapsed:.1f} req/s  errors={len(errors)}")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    for error in errors[:20]:
        print("ERROR", error)
    sys.exit(1 if errors else 0)


def _wait_for_server() -> None:
    """Wait until every worker has loaded Django (a few full responses), so start-up is not measured."""
    served = 0
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            served += 1
            if served >= 12:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


if __name__ == "__main__":
    main()
