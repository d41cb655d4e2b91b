"""Load-test the province progress dashboard (logged in, full page) under gunicorn with wrk.

    DATABASE_URL=postgres://…/bz_bench python bench/load_dashboard.py [--workers 4] [--connections 50] [--duration 20]

Creates (or reuses) a province official and a session, starts gunicorn on 127.0.0.1:8765, warms the
page once, runs `wrk --latency` with a Lua script that sends the session cookie, prints requests/s and
p99, and stops gunicorn. Fill the database first with bench/gen_progress.py. Needs Debian's `wrk`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PORT = 8765
LUA = """wrk.headers["Cookie"] = "{cookie}"
"""


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
    parser.add_argument("--path", default="/progress/?year=2022")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    cookie = session_cookie()
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(args.workers),
         "--worker-class", args.worker_class, "--threads", str(args.threads), "--log-level", "warning"], cwd=ROOT, env=env,
    )
    try:
        url = f"http://127.0.0.1:{PORT}{args.path}"
        _wait_and_warm(url, cookie, args.workers)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA.format(cookie=cookie))
        out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "-s", lua.name, url],
                             capture_output=True, text=True, check=True).stdout
        print(out)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
        p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        print(f"RESULT requests/s={rps} p99={p99} non2xx={errors.group(1) if errors else 0}")
    finally:
        server.terminate()
        server.wait(timeout=30)


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
