"""The path to a nationwide deployment, measured: the same work at growing sizes, then the growth.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bz_national \\
        .venv/bin/python bench/bench_national.py --data /tmp/bz_national \\
        --steps 1000000:100000,3000000:300000,10000000:1000000

Run it on a quiet machine (it takes hours at 10,000,000 patents and needs ~15 GB of disk for
the files and databases). Each step `PATENTS:ENTERPRISES` gets its own fresh database
(`<name>_<patents>`, made from the DATABASE_URL's name, which must start with `bz_`):
`migrate`, a register of ENTERPRISES firms and a search-export file of PATENTS rows
(`bench/gen_patents.py`, same mix as the province benchmarks), then, in this order:

1. `psql \\copy` of the file into an equivalent indexed table (the baseline, same run);
2. `manage.py import_patents FILE --skip-invalid` as a user runs it, follow-ups included
   (wall time, peak RSS of the command's whole process tree, each follow-up's own time);
3. the break-zero recomputation over everything, and a full summary refresh, each alone;
4. the dashboard: the in-process cost of one page on a cache miss and on a hit over a
   sample of the users' mix (region × year × indicator), and — with wrk installed —
   `bench/load_dashboard.py` (2 gunicorn workers, 50 connections) cold and steady;
5. table and database sizes.

Each step's figures are appended to `DATA/national-results.json` as soon as they exist (a step
that fails or runs out of memory keeps the earlier ones). At the end the script fits, for each
figure, the exponent b of `figure ∝ size^b` over the steps (least squares on the logarithms)
and prints the extrapolation to the national size: 40,000,000 patents and 50,000,000
enterprises (31 provinces). docs/SCALE.md explains how to read them; its conclusions must be
taken from this output, not from expectations.

`--fit-only` prints the fit again from an existing results file. `--prepare-only` makes the
registers and files first (untimed, so it may run while the machine is busy); the timed run then
starts each step from a copy of its prepared register.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NATIONAL_PATENTS = 40_000_000
NATIONAL_ENTERPRISES = 50_000_000
SIZE_TABLES = ("patents_patent", "patents_patentapplicant", "patents_breakzeroevent", "enterprises_enterprise",
               "enterprises_enterpriseyear", "indicators_indicatorvalue", "policies_screening")
# Which size drives each figure (docs/SCALE.md): the file's rows, or the register.
DRIVERS = {
    "copy_s": "patents", "import_s": "patents", "import_peak_mib": "patents", "break_zero_s": "patents",
    "summaries_s": "enterprises", "screening_followup_s": "enterprises", "dashboard_miss_ms": "enterprises",
    "dashboard_hit_ms": "enterprises", "database_mib": "patents",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="1000000:100000,3000000:300000,10000000:1000000",
                        help="PATENTS:ENTERPRISES,… (increasing)")
    parser.add_argument("--data", default="/tmp/bz_national", help="folder for the files and the results")
    parser.add_argument("--dashboard-seconds", type=int, default=30, help="wrk duration per phase; 0 skips wrk")
    parser.add_argument("--dashboard-sample", type=int, default=200, help="pages timed in process")
    parser.add_argument("--keep", action="store_true", help="keep each step's database afterwards")
    parser.add_argument("--fit-only", action="store_true")
    parser.add_argument("--prepare-only", action="store_true",
                        help="only make each step's register and file (untimed; may run on a busy machine)")
    parser.add_argument("--child", choices=("break_zero", "summaries", "dashboard"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.dashboard_sample)))
        return
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    results_file = data / "national-results.json"
    if not args.fit_only:
        base = os.environ.get("DATABASE_URL", "")
        name = urlsplit(base).path.lstrip("/")
        if not base.startswith("postgres") or not name.startswith("bz_"):
            sys.exit("DATABASE_URL must be a PostgreSQL database whose name starts with bz_ (one step = one fresh database)")
        results = _load(results_file)
        for patents, enterprises in parse_steps(args.steps):
            if args.prepare_only:
                prepare_step(base, patents, enterprises, data)
                continue
            result = run_step(base, patents, enterprises, data, args)
            results = [r for r in results if r["patents"] != patents] + [result]
            results_file.write_text(json.dumps(sorted(results, key=lambda r: r["patents"]), indent=2))
    print(report(_load(results_file)))


def parse_steps(text: str) -> list[tuple[int, int]]:
    steps = []
    for part in text.split(","):
        patents, _, enterprises = part.partition(":")
        steps.append((int(patents), int(enterprises)))
    if [s[0] for s in steps] != sorted(s[0] for s in steps):
        sys.exit("--steps must grow")
    return steps


def run_step(base: str, patents: int, enterprises: int, data: Path, args: argparse.Namespace) -> dict:
    from bench import bench_e2e, bench_patents

    parts = urlsplit(base)
    dbname = f"{parts.path.lstrip('/')}_{patents}"
    url = urlunsplit(parts._replace(path=f"/{dbname}"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    _say(f"step {patents:,} patents / {enterprises:,} enterprises → database {dbname}")
    subprocess.run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{dbname}"'], check=True)
    subprocess.run(["psql", admin, "-q", "-c", f'CREATE DATABASE "{dbname}"'], check=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
           "UPLOAD_MAX_BYTES": str(64 * 1024**3), "UPLOAD_MAX_ROWS": str(10 * patents)}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "UPLOAD_MAX_BYTES", "UPLOAD_MAX_ROWS")})
    result: dict = {"patents": patents, "enterprises": enterprises, "database": dbname,
                    "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "load_before": os.getloadavg()[0]}
    try:
        path = data / f"patents-{patents}.csv"
        if _prepared(admin, dbname, path):  # made earlier by --prepare-only: a copy of its register
            subprocess.run(["psql", admin, "-q", "-c", f'DROP DATABASE "{dbname}"'], check=True)
            subprocess.run(["psql", admin, "-q", "-c", f'CREATE DATABASE "{dbname}" TEMPLATE "{dbname}_prep"'],
                           check=True)
            _run([sys.executable, "manage.py", "migrate", "--noinput"], env)
            result["generate_s"] = json.loads(_marker(path).read_text())["generate_s"]
        else:
            _run([sys.executable, "manage.py", "migrate", "--noinput"], env)
            clock = time.perf_counter()
            _run([sys.executable, "bench/gen_patents.py", "--enterprises", str(enterprises), "--rows", str(patents),
                  "--out", str(path)], env)
            result["generate_s"] = round(time.perf_counter() - clock, 1)
        result["file_mib"] = round(path.stat().st_size / 1024**2, 1)
        result["copy_s"] = bench_patents._psql_copy(str(path))
        run = bench_e2e.run_command("patents", str(path))
        result.update(import_s=run["seconds"], import_peak_mib=run["peak_tree_rss_mib"], import_line=run["line"],
                      followups_s=run["followups_s"], import_exit=run["exit"])
        result["ratio"] = round(run["seconds"] / result["copy_s"], 2)
        result["screening_followup_s"] = run["followups_s"].get("policy_screening")
        if run.get("stderr"):
            result["import_stderr"] = run["stderr"]
        result.update(_child_run("break_zero", env, args))
        result.update(_child_run("summaries", env, args))
        result.update(_child_run("dashboard", env, args))
        if args.dashboard_seconds:
            result["dashboard_load"] = _load_dashboard(env, args.dashboard_seconds)
        result["sizes_mib"] = _sizes(url)
        result["database_mib"] = result["sizes_mib"].get("database")
    except subprocess.CalledProcessError as exc:  # out of memory, a failed step: keep what was measured
        result["failed"] = f"{' '.join(map(str, exc.cmd))[:200]} exited {exc.returncode}: {(exc.stderr or '')[-1000:]}"
        _say(f"step failed: {result['failed']}")
    finally:
        result["load_after"] = os.getloadavg()[0]
        if not args.keep:
            subprocess.run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{dbname}"'], check=False)
    _say(json.dumps(result, ensure_ascii=False))
    return result


def prepare_step(base: str, patents: int, enterprises: int, data: Path) -> None:
    """The untimed part of a step, ahead of time: `<name>_<patents>_prep` holds the migrated
    register of ENTERPRISES firms and DATA/patents-PATENTS.csv the file; a later timed run copies
    that database (CREATE DATABASE … TEMPLATE) instead of generating again."""
    parts = urlsplit(base)
    dbname = f"{parts.path.lstrip('/')}_{patents}_prep"
    url = urlunsplit(parts._replace(path=f"/{dbname}"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    path = data / f"patents-{patents}.csv"
    if _prepared(admin, f"{parts.path.lstrip('/')}_{patents}", path):
        _say(f"step {patents:,} already prepared ({dbname}, {path})")
        return
    _say(f"preparing step {patents:,} patents / {enterprises:,} enterprises → {dbname}, {path}")
    subprocess.run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{dbname}"'], check=True)
    subprocess.run(["psql", admin, "-q", "-c", f'CREATE DATABASE "{dbname}"'], check=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    _run([sys.executable, "manage.py", "migrate", "--noinput"], env)
    clock = time.perf_counter()
    _run([sys.executable, "bench/gen_patents.py", "--enterprises", str(enterprises), "--rows", str(patents),
          "--out", str(path)], env)
    seconds = round(time.perf_counter() - clock, 1)
    _marker(path).write_text(json.dumps({"database": dbname, "enterprises": enterprises, "generate_s": seconds}))
    _say(f"prepared step {patents:,} in {seconds} s")


def _marker(path: Path) -> Path:
    return path.with_suffix(".prepared.json")


def _prepared(admin: str, dbname: str, path: Path) -> bool:
    """Whether --prepare-only made this step's register database and file."""
    if not (path.exists() and _marker(path).exists()):
        return False
    found = subprocess.run(["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{dbname}_prep'"],
                           check=True, capture_output=True, text=True).stdout.strip()
    return found == "1"


def _child_run(mode: str, env: dict, args: argparse.Namespace) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--dashboard-sample", str(args.dashboard_sample)],
                         check=True, capture_output=True, text=True, env=env, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def _child(mode: str, sample: int) -> dict:
    """Runs in a child process on the step's database (DATABASE_URL)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if mode == "break_zero":
        from breakzero.patents.break_zero import break_zero_recompute

        clock = time.perf_counter()
        rows = break_zero_recompute()
        return {"break_zero_s": round(time.perf_counter() - clock, 2), "break_zero_rows": rows}
    if mode == "summaries":
        from breakzero.indicators.summaries import summaries_refresh

        clock = time.perf_counter()
        refreshed = summaries_refresh()
        return {"summaries_s": round(time.perf_counter() - clock, 2), "summary_rows": refreshed.rows}
    return _dashboard_in_process(sample)


def _dashboard_in_process(sample: int) -> dict:
    """One page's cost as the database grows: a random sample of the users' mix, each page on
    an empty cache (miss) and again (hit), through the whole middleware stack."""
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from bench.load_dashboard import mix_paths
    from breakzero.accounts.models import Role, User

    user = User.objects.filter(username="bench-province").first() or User.objects.create_user(
        username="bench-province", password="Bench-pw-2020", role=Role.PROVINCE_OFFICIAL, region_id="430000")
    paths = random.Random(2020).sample(mix_paths(), k=sample) if sample else []
    client = Client()
    client.force_login(user)
    miss, hit = [], []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for path in paths:
            cache.clear()
            for timings in (miss, hit):
                clock = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - clock) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
    if not miss:
        return {}
    return {"dashboard_miss_ms": round(statistics.median(miss), 1),
            "dashboard_miss_p95_ms": round(sorted(miss)[int(0.95 * (len(miss) - 1))], 1),
            "dashboard_hit_ms": round(statistics.median(hit), 1), "dashboard_pages": len(miss)}


def _load_dashboard(env: dict, seconds: int) -> dict:
    out = subprocess.run([sys.executable, "bench/load_dashboard.py", "--workers", "2", "--connections", "50",
                          "--duration", str(seconds)], capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode:
        return {"failed": out.stderr[-500:]}
    found = {}
    for match in re.finditer(r"RESULT (\w+) requests/s=([\d.]+) p50=(\S+) p99=(\S+)", out.stdout):
        found[match.group(1)] = {"rps": float(match.group(2)), "p50": match.group(3), "p99": match.group(4)}
    return found


def _sizes(url: str) -> dict:
    query = ("SELECT json_object_agg(t, round(pg_total_relation_size(t::regclass) / 1048576.0, 1)) FROM unnest(%s) t"
             % ("ARRAY[" + ",".join(f"'{t}'" for t in SIZE_TABLES) + "]"))
    out = subprocess.run(["psql", url, "-tAc", query], check=True, capture_output=True, text=True).stdout
    sizes = json.loads(out.strip() or "{}")
    database = subprocess.run(["psql", url, "-tAc", "SELECT round(pg_database_size(current_database()) / 1048576.0, 1)"],
                              check=True, capture_output=True, text=True).stdout
    sizes["database"] = float(database.strip())
    return sizes


def growth(results: list[dict], figure: str) -> tuple[float, float, float] | None:
    """(exponent b, value at the largest step, extrapolated national value) for `figure`,
    fitted as figure = a · size^b by least squares on the logarithms of the steps that
    measured it; None with fewer than two steps."""
    driver = DRIVERS.get(figure, "patents")
    points = [(r[driver], r[figure]) for r in results if r.get(figure) and not r.get("failed")]
    if len(points) < 2:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    b = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    largest_size, largest_value = max(points)
    national = NATIONAL_PATENTS if driver == "patents" else NATIONAL_ENTERPRISES
    return b, largest_value, largest_value * (national / largest_size) ** b


def report(results: list[dict]) -> str:
    if not results:
        return "no results yet"
    lines = ["| figure | " + " | ".join(f"{r['patents']:,} / {r['enterprises']:,}" for r in results)
             + " | growth exponent | national (extrapolated) |",
             "| --- |" + " --- |" * (len(results) + 2)]
    for figure, driver in DRIVERS.items():
        cells = [str(r.get(figure, "—")) for r in results]
        fit = growth(results, figure)
        tail = f"{fit[0]:.2f} (by {driver}) | {fit[2]:,.1f}" if fit else "— | —"
        lines.append(f"| {figure} | " + " | ".join(cells) + f" | {tail} |")
    failed = [f"step {r['patents']:,} failed: {r['failed']}" for r in results if r.get("failed")]
    return "\n".join(lines + failed)


def _run(command: list[str], env: dict) -> None:
    subprocess.run(command, check=True, cwd=ROOT, env=env, capture_output=True, text=True)


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text()) if path.exists() else []


def _say(text: str) -> None:
    print(f"[national] {text}", flush=True)


if __name__ == "__main__":
    main()
