"""Login cost: password hashers side by side, then full logins per second.

    DATABASE_URL=postgres://…/bz_bench python bench/bench_login.py [--seconds 10] [--processes 2]

1. One verification with Django's default PBKDF2 (1,200,000 iterations), Django's default
   Argon2 and the platform's tuned Argon2id (m=19 MiB, t=2, p=1).
2. Full logins (POST /accounts/login/ through Django's test client: axes check, password
   verification, session creation, audit entry) for `--seconds` in `--processes` processes,
   each with its own user; prints sustained logins per second.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PASSWORD = "Hunan@2020demo"


def hasher_costs() -> None:
    from django.contrib.auth.hashers import get_hasher, make_password

    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

    for name, hasher in (("PBKDF2 (Django default)", PBKDF2PasswordHasher()), ("Argon2 (Django default)", Argon2PasswordHasher()),
                         ("Argon2id tuned (platform)", get_hasher("argon2"))):
        encoded = make_password(PASSWORD, hasher=hasher)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            hasher.verify(PASSWORD, encoded)
            times.append(time.perf_counter() - start)
        print(f"{name:28s} {statistics.median(times) * 1000:7.1f} ms per verification")


def _worker(args: tuple[int, float]) -> tuple[int, float]:
    index, seconds = args
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    connection.close()
    client = Client(REMOTE_ADDR=f"10.77.0.{index + 1}")
    done = 0
    cpu_start = time.process_time()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = client.post("/accounts/login/", {"username": f"bench-login-{index}", "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        client.cookies.clear()
        done += 1
    return done, time.process_time() - cpu_start


def ensure_users(count: int) -> None:
    from breakzero.accounts.models import Role, User

    for index in range(count):
        user, _ = User.objects.get_or_create(username=f"bench-login-{index}", defaults={"role": Role.PROVINCE_OFFICIAL, "region_id": "430000"})
        user.set_password(PASSWORD)
        user.must_change_password = False
        user.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--processes", type=int, default=2)
    options = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS.append("testserver")
    hasher_costs()
    ensure_users(options.processes)
    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(options.processes) as pool:
        results = pool.map(_worker, [(i, options.seconds) for i in range(options.processes)])
    total = sum(count for count, _ in results)
    cpu = sum(seconds for _, seconds in results) / max(1, total)
    print(f"full logins: {total} in {options.seconds:.0f} s with {options.processes} processes = {total / options.seconds:.1f} logins/s")
    print(f"CPU per login (application process): {cpu * 1000:.1f} ms → {os.cpu_count() / cpu:.0f} logins/s on {os.cpu_count()} idle cores")
    print(f"load average during the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
