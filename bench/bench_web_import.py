"""A web import through the background worker against the same file from the shell (issue item 4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bz_webimport \\
        .venv/bin/python bench/bench_web_import.py --kind patents --file /tmp/bz_speed/patents-1m.csv

Run it on a quiet machine. DATABASE_URL names a *prepared* database (migrated, with the
register the file refers to: `bench/gen_patents.py` or `bench/gen_enterprise_files.py`); it is
never written. Two copies are made from it (`CREATE DATABASE … TEMPLATE`), so both runs start
from the same data:

1. **shell**: `manage.py import_<kind> FILE --skip-invalid` on the first copy, timed as a user
   waits for it, follow-ups included (`bench/bench_e2e.py`'s runner);
2. **web**: on the second copy, gunicorn (2 workers) and a task worker (`db_worker`, or RQ
   workers when TASK_BACKEND=rq with REDIS_URL) are started; a province official logs in,
   uploads the file, waits for the background validation, confirms, and reads the job page
   (the htmx partial the browser polls) every 0.2 s until the job is done, then waits until
   the follow-ups queued after it (break-zero, summaries, screening) have run.

Reports (JSON): the shell time; the web times from upload to 完成, from confirming to 完成,
and from upload until the follow-ups have run (the job page says so, and no task is left in the
queue); their ratios to the shell time (target ≤ 1.2 ×
for the last); and the longest interval in which the job page showed no new progress
(status, processed rows, current step, follow-up steps) while the job or its follow-ups were
active (target ≤ 2 s), with every interval over 2 s listed and what the page showed before it.
`BENCH_WEB_PORT` moves the server off the default port.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PORT = int(os.environ.get("BENCH_WEB_PORT", "8766"))  # another server may hold the default
USER, PASSWORD = "bench-importer", "Bench-import-2020"
ACTIVE = {"pending", "validating", "running"}
PROGRESS_BUDGET_S = 2.0
# The shell command's name (import_<kind>) → the importer's kind in the web address.
WEB_KINDS = {"yearly": "enterprise-years"}
# The follow-ups of a web import are queued tasks; they are over when none is ready or running.
PENDING_TASKS = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", required=True, choices=("patents", "enterprises", "yearly"))
    parser.add_argument("--file", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the two database copies")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("DATABASE_URL must name the prepared PostgreSQL database (it is copied, never written)")
    # The web's upload limits raised as an administrator would for province-wide files (a 700,000-row
    # yearly workbook passes the default cell and expanded-XML bounds).
    env = {**os.environ, "UPLOAD_MAX_BYTES": str(8 * 1024**3), "UPLOAD_MAX_ROWS": "20000000",
           "UPLOAD_MAX_CELLS": "200000000", "UPLOAD_MAX_EXPANDED_BYTES": str(8 * 1024**3), "DEBUG": "false",
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "INFO", "DJANGO_SETTINGS_MODULE": "config.settings"}
    shell_url, web_url = _copy(base, "shell"), _copy(base, "web")
    try:
        for url in (shell_url, web_url):  # the copies get this checkout's migrations (none when current)
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], check=True, cwd=ROOT,
                           env={**env, "DATABASE_URL": url}, capture_output=True)
        result = {"kind": args.kind, "file": args.file, "load_before": os.getloadavg()[0]}
        result["shell"] = shell_run(args.kind, args.file, {**env, "DATABASE_URL": shell_url})
        cpu = _children_cpu()
        result["web"] = web_run(args.kind, args.file, {**env, "DATABASE_URL": web_url})
        result["web"]["cpu_s"] = round(_children_cpu() - cpu, 2)  # gunicorn + task workers (not PostgreSQL)
        shell_s = result["shell"]["seconds"]
        for key in ("upload_to_done_s", "confirm_to_done_s", "upload_to_settled_s"):
            if result["web"].get(key) is not None:
                result["web"][key.removesuffix("_s") + "_ratio"] = round(result["web"][key] / shell_s, 2)
        result["load_after"] = os.getloadavg()[0]
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        if not args.keep:
            for url in (shell_url, web_url):
                _admin(base, f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


def shell_run(kind: str, path: str, env: dict) -> dict:
    from bench import bench_e2e

    saved = os.environ.copy()
    os.environ.update(env)
    try:
        return bench_e2e.run_command(kind, path)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def web_run(kind: str, path: str, env: dict) -> dict:
    subprocess.run([sys.executable, "manage.py", "shell", "-c", _MAKE_USER], check=True, cwd=ROOT, env=env,
                   capture_output=True)
    processes = _start_servers(env)
    try:
        _wait_up(f"http://127.0.0.1:{PORT}/accounts/login/")
        session = _login(f"http://127.0.0.1:{PORT}")
        return _import_through_web(session, f"http://127.0.0.1:{PORT}", kind, path, env)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


_MAKE_USER = f"""
from breakzero.accounts.models import Role, User
user = User.objects.filter(username="{USER}").first() or User(username="{USER}", role=Role.PROVINCE_OFFICIAL, region_id="430000")
user.set_password("{PASSWORD}")
user.save()
"""


def _start_servers(env: dict) -> list[subprocess.Popen]:
    log = open(ROOT / "var" / "bench-web-import.log", "a")  # noqa: SIM115 (closed with the processes)
    web = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2",
                            "--timeout", "600", "--log-level", "warning"], cwd=ROOT, env=env, stdout=log, stderr=log)
    if env.get("TASK_BACKEND") == "rq":
        workers = [subprocess.Popen([sys.executable, "manage.py", "rqworker", "imports", "default", "--job-class",
                                     "django_tasks_rq.backend.Job"], cwd=ROOT, env=env, stdout=log, stderr=log)
                   for _ in range(2)]
    else:
        workers = [subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--queue-name", "*"],
                                    cwd=ROOT, env=env, stdout=log, stderr=log)]
    return [web, *workers]


def _import_through_web(session: requests.Session, base: str, kind: str, path: str, env: dict) -> dict:
    upload_url = f"{base}/imports/{WEB_KINDS.get(kind, kind)}/"
    token = _csrf(session, upload_url)
    started = time.monotonic()
    with open(path, "rb") as handle:
        response = session.post(upload_url, data={"csrfmiddlewaretoken": token},
                                files={"file": (Path(path).name, handle)}, headers={"Referer": upload_url}, timeout=3600)
    match = re.search(r"/imports/job/([0-9a-f-]{36})/", response.url)
    if not match:
        sys.exit(f"the upload was not accepted ({response.status_code})")
    job_url = response.url
    result: dict = {"upload_s": round(time.monotonic() - started, 2)}
    watch = _Watch()
    status = watch.until(session, job_url, {"preview", "failed"})
    result["validated_s"] = round(time.monotonic() - started, 2)
    if status != "preview":
        return {**result, "status": status}
    page = session.get(job_url, timeout=60).text
    data = {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)}
    if 'name="skip_invalid"' in page:
        data["skip_invalid"] = "on"
    confirmed = time.monotonic()
    session.post(f"{job_url}confirm/", data=data, headers={"Referer": job_url}, timeout=60)
    status = watch.until(session, job_url, {"done", "failed"})
    done = time.monotonic()
    if watch.followups_tracked:  # the page shows the follow-ups: they are over when it says so
        watch.until_followups(session, job_url)
    page_settled = time.monotonic()
    _wait_followups(env)  # and no task is left in the queue (as before the page showed them)
    settled = time.monotonic()
    return {**result, "status": status, "upload_to_done_s": round(done - started, 2),
            "confirm_to_done_s": round(done - confirmed, 2), "upload_to_settled_s": round(settled - started, 2),
            "followups_after_done_s": round(settled - done, 2),
            "followups_on_page_s": round(page_settled - done, 2) if watch.followups_tracked else None,
            "followups_state": watch.followups, "page_reads": watch.reads,
            "longest_progress_gap_s": round(max(watch.gaps, default=0.0), 2),
            "gaps_over_budget_s": [round(g, 2) for g in watch.gaps if g > PROGRESS_BUDGET_S],
            "gaps_over_budget_at": watch.slow,
            "progress_within_budget": all(g <= PROGRESS_BUDGET_S for g in watch.gaps)}


class _Watch:
    """Reads the job page as the browser's poll does; records the intervals between changes of
    what it shows (status, processed rows, the current step and the follow-ups' steps — not
    the seconds counter next to the step) while the job or its follow-ups are active."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.slow: list[str] = []  # what the page showed before each interval over budget
        self.reads = 0
        self.followups = ""
        self.followups_tracked = False
        self._shown: tuple | None = None
        self._since = time.monotonic()

    def until(self, session: requests.Session, url: str, states: set[str]) -> str:
        while True:
            status = self._read(session, url)
            if status in states:
                return status
            time.sleep(0.2)

    def until_followups(self, session: requests.Session, url: str) -> None:
        while self.followups in {"pending", "running"}:
            time.sleep(0.2)
            self._read(session, url)

    def _read(self, session: requests.Session, url: str) -> str:
        html = session.get(url, headers={"HX-Request": "true"}, timeout=60).text
        self.reads += 1
        status = _status(html)
        followups = re.search(r'data-followups="(\w*)"', html)
        self.followups = followups.group(1) if followups else ""
        self.followups_tracked = self.followups_tracked or bool(self.followups)
        rows = re.search(r"(\d+) 行", html)
        step = re.search(r'<span class="step">([^<]*)</span>', html)
        shown = (status, rows.group(1) if rows else None, step.group(1) if step else None, self.followups,
                 tuple(re.findall(r'data-step="([^"]+)"', html)))
        now = time.monotonic()
        if shown != self._shown:
            if self._shown is not None and (self._shown[0] in ACTIVE or self._shown[3] in {"pending", "running"}):
                self.gaps.append(now - self._since)
                if self.gaps[-1] > PROGRESS_BUDGET_S:
                    self.slow.append(f"{self.gaps[-1]:.1f}s after {self._shown}")
            self._shown, self._since = shown, now
        return status


def _status(html: str) -> str:
    marked = re.search(r'data-status="(\w+)"', html)
    if marked:
        return marked.group(1)
    if "hx-trigger" not in html:  # pages before the status was marked: polling stops once inactive
        if "确认导入" in html:
            return "preview"
        return "done" if "导入完成" in html else "failed"
    return "running" if "<progress" in html else "pending"


def _wait_followups(env: dict) -> None:
    if env.get("TASK_BACKEND") == "rq":
        import redis
        from rq import Queue
        from rq.registry import StartedJobRegistry

        connection = redis.Redis.from_url(env["REDIS_URL"])
        queues = [Queue(name, connection=connection) for name in ("imports", "default")]
        while any(q.count or StartedJobRegistry(queue=q).count for q in queues):
            time.sleep(0.2)
        return
    while True:
        out = subprocess.run(["psql", env["DATABASE_URL"], "-tAc", PENDING_TASKS], check=True, capture_output=True,
                             text=True).stdout
        if int(out.strip() or 0) == 0:
            return
        time.sleep(0.2)


def _login(base: str) -> requests.Session:
    session = requests.Session()
    token = _csrf(session, f"{base}/accounts/login/")
    session.post(f"{base}/accounts/login/", data={"csrfmiddlewaretoken": token, "username": USER, "password": PASSWORD},
                 headers={"Referer": f"{base}/accounts/login/"}, timeout=60)
    if "sessionid" not in session.cookies:
        sys.exit("login failed")
    return session


def _csrf(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url, timeout=60).text).group(1)


def _wait_up(url: str) -> None:
    for _ in range(240):
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.5)
    sys.exit("gunicorn did not start (var/bench-web-import.log)")


def _copy(base: str, suffix: str) -> str:
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(base, f'CREATE DATABASE "{name}" TEMPLATE "{parts.path.lstrip("/")}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _admin(base: str, statement: str) -> None:
    admin = urlunsplit(urlsplit(base)._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-q", "-c", statement], check=True, capture_output=True)


if __name__ == "__main__":
    main()
