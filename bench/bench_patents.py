"""Patent import and break-zero benchmark, figures go to BENCHMARKS.md.

    DATABASE_URL=postgres://… python bench/bench_patents.py --file var/bench/patents-1m.csv
    (generate the file and the register first: bench/gen_patents.py)

Measures, in the same run on PostgreSQL:
1. `psql \\copy` of the CSV into an equivalent indexed table (the baseline);
2. the import through the real importer (stream, parse, validate, COPY to staging, SQL
   attribution, upserts, commit) in a child process, with its peak RSS;
3. a re-import of the same file (must change 0 rows);
4. the break-zero recomputation over everything.
With --sqlite PATH it also imports the file into a SQLite copy of the register.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("UPLOAD_MAX_BYTES", str(1024 * 1024 * 1024))
os.environ.setdefault("UPLOAD_MAX_ROWS", "5000000")

COPY_TABLE = """
DROP TABLE IF EXISTS bench_patent_copy;
CREATE TABLE bench_patent_copy (
  application_number varchar(40), application_date varchar(20), kind_label varchar(20), title varchar(500),
  applicants text, publication_number varchar(30), publication_date varchar(20), grant_date varchar(20),
  legal_status varchar(100), ipc_main varchar(50));
CREATE UNIQUE INDEX bench_patent_copy_number ON bench_patent_copy (application_number);
CREATE INDEX bench_patent_copy_applicants ON bench_patent_copy (applicants);
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    parser.add_argument("--sqlite", default="", help="also import into this SQLite file (register copied first)")
    parser.add_argument("--reset", action="store_true", help="empty the patent tables first (a true first import)")
    parser.add_argument("--child", choices=("import", "recompute"), default=None, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        return _child(options.child, options.file)
    results = {"file": options.file, "bytes": Path(options.file).stat().st_size}
    if options.reset:
        _reset()
    results["copy_s"] = _psql_copy(options.file)
    first = _run_child("import", options.file)
    second = _run_child("import", options.file)
    recompute = _run_child("recompute", options.file)
    results.update(import_first=first, import_again=second, break_zero=recompute)
    results["ratio"] = round(first["seconds"] / results["copy_s"], 2)
    if options.sqlite:
        results["sqlite"] = _sqlite(options.file, options.sqlite)
    print(json.dumps(results, ensure_ascii=False, indent=2))


RESET = (
    "TRUNCATE patents_breakzeroevent, patents_patentchange, patents_reviewitem, patents_patentapplicant,"
    " patents_patent; VACUUM ANALYZE patents_patent; VACUUM ANALYZE patents_patentapplicant"
)


def _reset() -> None:
    for statement in RESET.split("; "):
        subprocess.run(["psql", os.environ["DATABASE_URL"], "-q", "-c", statement], check=True)


def _psql_copy(path: str) -> float:
    url = os.environ["DATABASE_URL"]
    subprocess.run(["psql", url, "-q", "-c", COPY_TABLE], check=True)
    started = time.perf_counter()
    subprocess.run(["psql", url, "-q", "-c", f"\\copy bench_patent_copy FROM '{path}' WITH (FORMAT csv, HEADER true)"], check=True)
    elapsed = time.perf_counter() - started
    subprocess.run(["psql", url, "-q", "-c", "DROP TABLE bench_patent_copy"], check=True)
    return round(elapsed, 2)


def _run_child(mode: str, path: str, env: dict | None = None) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--file", path, "--child", mode],
        check=True, capture_output=True, text=True, env=env or os.environ.copy(),
    )  # fmt: skip
    return json.loads(output.stdout.strip().splitlines()[-1])


def _child(mode: str, path: str) -> None:
    import django

    django.setup()
    from breakzero.core.imports import get_importer, run_file
    from breakzero.patents.break_zero import break_zero_recompute

    started = time.perf_counter()
    if mode == "import":
        outcome = run_file(get_importer("patents"), path, apply=True, skip_invalid=True)
        result = {"line": outcome.line(), **outcome.summary}
    else:
        result = {"rows_written": break_zero_recompute()}
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # Parsing workers (big csv on PostgreSQL): once they have exited, the largest one's peak;
    # the import's total never exceeds this process's peak + workers × that.
    from django.conf import settings

    deadline = time.monotonic() + 30
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if largest:
        result["largest_worker_rss_mib"] = round(largest, 1)
        workers = settings.IMPORT_PARSE_WORKERS
        result["peak_total_rss_mib_at_most"] = round(result["peak_rss_mib"] + workers * largest, 1)
    print(json.dumps(result, ensure_ascii=False))


def _sqlite(path: str, target: str) -> dict:
    """Copy the register into a fresh SQLite database, then import the file there."""
    Path(target).unlink(missing_ok=True)
    env = os.environ.copy()
    env["DATABASE_URL"] = f"sqlite:///{target}"
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], check=True, env=env)
    dump = Path(target).with_suffix(".register.json")
    with open(dump, "w") as handle:
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "dumpdata", "enterprises.enterprise",
                        "enterprises.formername", "enterprises.enterpriseyear"], check=True, stdout=handle)  # fmt: skip
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "loaddata", str(dump), "-v", "0"], check=True, env=env)
    return _run_child("import", path, env=env)


if __name__ == "__main__":
    main()
