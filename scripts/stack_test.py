"""The stack test: drive a running `make stack` as users would, and break it on purpose.

    make stack && .venv/bin/python scripts/stack_test.py [--rows 100000] [--load-seconds 30]

1. logs in through nginx as the province official;
2. uploads a file of --rows new enterprises through the web, waits for the background
   validation, confirms, and watches the progress bar (the job page) until the import ends;
   in the middle of the import it SIGKILLs the RQ worker running it (the worker's whole
   process group: the job dies with it);
3. loads the dashboard with 50 concurrent clients for --load-seconds (wrk, through nginx) and
   reports requests per second and p99;
4. restarts Redis, then the replica, and measures how long until the site answers again.

Checks: the import ends exactly once (job done, every row created once, none twice, rows in
the database equal to the file), the site answers within 30 s of each fault, and it serves
logged-in pages after every fault. Prints one `stack-test:` line per figure and exits 1 on
any failure. Talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from breakzero.rules.uscc import ALPHABET, make_uscc  # noqa: E402

STACK = ["bash", str(ROOT / "scripts" / "stack.sh")]
COUNTIES = ("430102", "430104", "430111", "430211", "430302", "430602", "430702", "431002")
FAULT_BUDGET_S = 30.0
failures: list[str] = []


def say(line: str) -> None:
    print(f"stack-test: {line}", flush=True)


def check(ok: bool, what: str) -> None:
    say(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def psql(sql: str) -> str:
    port = os.environ.get("PG_PRIMARY_PORT", "5441")
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "breakzero", "-tAc", sql],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


def make_file(rows: int, tag: str, folder: Path) -> Path:
    """`rows` new enterprises with valid credit codes unique to this run (body 'T' + tag + n)."""
    path = folder / f"stack-{tag}.csv"
    rng = random.Random(tag)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["统一社会信用代码", "企业名称", "所在区县", "行业代码", "成立日期", "联系人", "联系电话"])
        for n in range(rows):
            digits, rest = [], n
            for _ in range(4):
                rest, remainder = divmod(rest, 31)
                digits.append(ALPHABET[remainder])
            county = rng.choice(COUNTIES)
            uscc = make_uscc("91", county, "T" + tag + "".join(reversed(digits)))
            writer.writerow([uscc, f"压测企业{tag}-{n}有限公司", county, "C3911", "2015-06-01", "张三", "13800000000"])
    return path


def login(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/accounts/login/", data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": f"{base}/accounts/login/"}, timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"stack-test: FAIL login as {username} ({response.status_code})")
    return session


def csrf(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url, timeout=30).text).group(1)


def job_state(job_id: str) -> tuple[str, int, int, int]:
    row = psql(f"SELECT status, processed_rows, created_count, attempts FROM core_importjob WHERE id = '{job_id}'")
    status, processed, created, attempts = row.split("|")
    return status, int(processed), int(created), int(attempts)


def progress_on_page(session: requests.Session, url: str) -> tuple[str, int | None]:
    """What the job page shows: the status label and the progress bar's value."""
    html = session.get(url, headers={"HX-Request": "true"}, timeout=30).text
    status = re.search(r"<strong>([^<]+)</strong>", html)
    value = re.search(r'<progress max="100" value="(\d+)"', html)
    return (status.group(1) if status else "?"), (int(value.group(1)) if value else None)


def worker_running_job(job_id: str) -> int | None:
    """The number (1 or 2) of the stack's RQ worker running this import's apply task right now.

    Matched on the task and its job id: another worker may be busy at the same moment (the
    follow-ups of an earlier import, the scheduler's recovery), and killing that one would
    leave the import untouched (one attempt, a failed check)."""
    import redis
    from rq import Worker
    from rq.job import Job

    connection = redis.Redis(port=int(os.environ.get("REDIS_PORT", "6391")))
    for worker in Worker.all(connection=connection):
        current = worker.get_current_job_id()
        if not current:
            continue
        try:
            job = Job.fetch(current, connection=connection)
            func_name, arguments = job.func_name, repr((job.args, job.kwargs))
        except Exception:  # ended between the two reads, or not ours to decode
            continue
        if not func_name.endswith("import_apply_task") or job_id not in arguments:
            continue
        match = re.match(r"breakzero-(\d)-", worker.name)
        if match:
            return int(match.group(1))
    return None


def run_import(base: str, session: requests.Session, rows: int, kill: bool) -> None:
    stamp, tag = int(time.time()), ""
    for _ in range(3):  # three characters of the code alphabet, new every second
        stamp, remainder = divmod(stamp, 31)
        tag += ALPHABET[remainder]
    with tempfile.TemporaryDirectory() as folder:
        path = make_file(rows, tag, Path(folder))
        upload_url = f"{base}/imports/enterprises/"
        token = csrf(session, upload_url)
        started = time.monotonic()
        with path.open("rb") as handle:
            response = session.post(
                upload_url, data={"csrfmiddlewaretoken": token}, files={"file": (path.name, handle, "text/csv")},
                headers={"Referer": upload_url}, timeout=120,
            )
    match = re.search(r"/imports/job/([0-9a-f-]{36})/", response.url)
    check(match is not None, f"upload accepted ({response.status_code})")
    if not match:
        return
    job_id, job_url = match.group(1), response.url
    status = _wait(job_id, {"preview", "failed"}, timeout=600)
    check(status == "preview", f"validated in the background ({time.monotonic() - started:.1f} s, status {status})")
    if status != "preview":
        return
    token = csrf(session, job_url)
    session.post(f"{base}/imports/job/{job_id}/confirm/", data={"csrfmiddlewaretoken": token},
                 headers={"Referer": job_url}, timeout=60)
    applied_from = time.monotonic()
    killed, seen_values, last_seen = False, [], time.monotonic()
    # Intervals in which the page showed nothing new (issue item 4: progress at least every 2 s),
    # leaving out the one that spans the kill (recovery by the scheduler, every 15 s, is expected).
    gaps, shown, spans_kill = [], None, False
    while time.monotonic() - applied_from < 900:
        label, value = progress_on_page(session, job_url)
        now = time.monotonic()
        if value is not None and (not seen_values or value != seen_values[-1]):
            seen_values.append(value)
        if (label, value) != shown:
            if shown is not None and not spans_kill:
                gaps.append(now - last_seen)
            shown, last_seen, spans_kill = (label, value), now, False
        status, processed, _, _ = job_state(job_id)
        if kill and not killed and status == "running" and processed > 0:
            number = worker_running_job(job_id)
            if number:
                subprocess.run([*STACK, "kill-worker", str(number)], check=True, capture_output=True)
                say(f"killed RQ worker {number} at {processed} rows processed")
                killed, spans_kill = True, True
        if status in {"done", "failed"}:
            break
        time.sleep(0.5)
    status, processed, created, attempts = job_state(job_id)
    elapsed = time.monotonic() - applied_from
    in_db = int(psql(f"SELECT count(*) FROM enterprises_enterprise WHERE uscc LIKE '91______T{tag}%'"))
    say(f"import of {rows} rows: {status} in {elapsed:.1f} s after confirming, {attempts} attempt(s), "
        f"progress values seen {seen_values[:12]}{'…' if len(seen_values) > 12 else ''}")
    say(f"longest interval without new progress on the job page: {max(gaps, default=0):.1f} s "
        f"({sum(g > 2 for g in gaps)} of {len(gaps)} intervals over 2 s; the kill's recovery left out)")
    if kill:
        check(killed, "a worker was killed mid-import")
        check(attempts >= 2, f"the killed import was run again ({attempts} attempts)")
    check(status == "done", f"the import ended done (status {status})")
    check(created == rows, f"the job counts each row created once (created {created} of {rows})")
    check(in_db == rows, f"the database holds each row once ({in_db} of {rows})")
    check(len(seen_values) >= 2, "the progress bar moved while importing")


def _wait(job_id: str, states: set[str], timeout: float) -> str:
    end = time.monotonic() + timeout
    status = "?"
    while time.monotonic() < end:
        status = job_state(job_id)[0]
        if status in states:
            return status
        time.sleep(0.5)
    return status


def load(base: str, session: requests.Session, seconds: int, connections: int) -> None:
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies if c.name in {"sessionid", "csrftoken", "django_language"})
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f'wrk.headers["Cookie"] = "{cookie}"\n')
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, f"{base}/progress/"],
            capture_output=True, text=True, timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99_ms = None
    if p99:
        p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    say(f"dashboard load through nginx: {connections} connections, {seconds} s: "
        f"{rps.group(1) if rps else '?'} req/s, p99 {p99_ms if p99_ms is not None else '?'} ms, "
        f"non-2xx {non2xx.group(1) if non2xx else 0} (machine shared with the test run itself)")
    check(rps is not None and non2xx is None, "the dashboard served the load without errors")


def fault(base: str, session: requests.Session, action: str) -> None:
    started = time.monotonic()
    subprocess.run([*STACK, action], check=True, capture_output=True)
    answered = None
    while time.monotonic() - started < 120:
        try:
            page = session.get(f"{base}/progress/", timeout=5, allow_redirects=False)
            ready = requests.get(f"{base}/readyz", timeout=5).json()["checks"]
            if page.status_code == 200 and all(v == "ok" for k, v in ready.items() if k != "replica_lag_seconds"):
                answered = time.monotonic() - started
                break
        except (requests.RequestException, ValueError, KeyError):
            pass
        time.sleep(0.5)
    say(f"{action}: the site answered again after {answered:.1f} s" if answered is not None else f"{action}: no answer")
    check(answered is not None and answered <= FAULT_BUDGET_S, f"{action}: back within {FAULT_BUDGET_S:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default=f"http://127.0.0.1:{os.environ.get('STACK_PORT', '8400')}")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--username", default="demo-province")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "Hunan@2020demo"))
    args = parser.parse_args()
    session = login(args.base, args.username, args.password)
    say("logged in through nginx")
    run_import(args.base, session, args.rows, kill=True)
    load(args.base, session, args.load_seconds, args.connections)
    fault(args.base, session, "restart-redis")
    fault(args.base, session, "restart-replica")
    check(session.get(f"{args.base}/enterprises/", timeout=30).status_code == 200, "logged-in pages after the faults")
    say(f"{len(failures)} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
