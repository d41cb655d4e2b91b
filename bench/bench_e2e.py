"""End-to-end import benchmark: the shell commands as a user runs them, follow-ups included.

    DATABASE_URL=postgres://…/bz_speed python bench/bench_e2e.py --patents /tmp/bz_speed/patents-1m.csv --reset
    DATABASE_URL=… python bench/bench_e2e.py --enterprises FILE --yearly FILE

Each file is first copied with a plain `psql \\copy` into an equivalent indexed table (the
baseline, measured in the same run), then imported with `manage.py import_<kind> FILE
--skip-invalid` in a child process. Wall time is the command's, start to exit — parsing,
storing and every follow-up it runs before returning (break-zero, indicator summaries,
policy screening …). Peak memory is the largest sum of the resident sets of the command
and all its descendants, sampled from /proc every 50 ms; cpu_s is the CPU time of the command
and the workers it waited for (not the database server's). The follow-ups' own times come
from the `breakzero.core.hooks` log lines (`refresher … took`; summaries run alongside screening,
so they overlap), an import's steps from `import <kind>: <step> took`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATENT_COPY = """
CREATE TABLE IF NOT EXISTS bench_copy_{n} ({columns});
CREATE UNIQUE INDEX IF NOT EXISTS bench_copy_{n}_key ON bench_copy_{n} (c0);
"""
RESET = (
    "TRUNCATE patents_breakzeroevent, patents_patentchange, patents_reviewitem, patents_patentapplicant,"
    " patents_patent, policies_screening CASCADE; VACUUM ANALYZE patents_patent; VACUUM ANALYZE patents_patentapplicant"
)
TIMING = re.compile(r"refresher (\S+) took ([\d.]+) s")
PHASE = re.compile(r"import [\w-]+: (.+?) took ([\d.]+) s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patents", default="")
    parser.add_argument("--enterprises", default="")
    parser.add_argument("--yearly", default="")
    parser.add_argument("--reset", action="store_true", help="empty the patent tables and screening first")
    options = parser.parse_args()
    if options.reset:
        for statement in RESET.split("; "):
            _psql(statement)
    results = {}
    for kind, path in (("enterprises", options.enterprises), ("yearly", options.yearly), ("patents", options.patents)):
        if path:
            results[kind] = measure(kind, path)
    print(json.dumps(results, ensure_ascii=False, indent=2))


def measure(kind: str, path: str) -> dict:
    if kind == "patents":  # the same baseline table as bench_patents.py (the patent import's figures)
        from bench.bench_patents import _psql_copy

        copy_s = _psql_copy(path)
    else:
        copy_s = psql_copy(path) if path.endswith(".csv") else None
    run = run_command(kind, path)
    if copy_s:
        run["copy_s"] = copy_s
        run["ratio"] = round(run["seconds"] / copy_s, 2)
    return run


def psql_copy(path: str) -> float:
    """`psql \\copy` of the csv into a table of text columns with a unique index on the first."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        width = len(next(csv.reader(handle)))
    name = Path(path).stem.replace("-", "_")
    columns = ", ".join(f"c{i} text" for i in range(width))
    _psql(f"DROP TABLE IF EXISTS bench_copy_{name}")
    _psql(PATENT_COPY.format(n=name, columns=columns))
    started = time.perf_counter()
    _psql(f"\\copy bench_copy_{name} FROM '{path}' WITH (FORMAT csv, HEADER true)")
    elapsed = time.perf_counter() - started
    _psql(f"DROP TABLE bench_copy_{name}")
    return round(elapsed, 2)


def run_command(kind: str, path: str) -> dict:
    env = {"UPLOAD_MAX_BYTES": str(1024**3), "UPLOAD_MAX_ROWS": "5000000", **os.environ, "LOG_LEVEL": "INFO",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, str(ROOT / "manage.py"), f"import_{kind}", path, "--skip-invalid"]
    started, cpu = time.perf_counter(), _children_cpu()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    peak = _PeakSampler(child.pid)
    peak.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    peak.stop()
    lines = out.strip().splitlines()
    result = {"seconds": round(seconds, 2), "cpu_s": round(_children_cpu() - cpu, 2),
              "peak_tree_rss_mib": round(peak.peak / 1024, 1),
              "exit": child.returncode, "line": lines[-1] if lines else ""}
    result["followups_s"] = {m.group(1): float(m.group(2)) for m in TIMING.finditer(err)}
    # the import's own steps: enterprises.sheets.common.phase log lines
    result["import_steps_s"] = {m.group(1): float(m.group(2)) for m in PHASE.finditer(err)}
    if child.returncode not in (0, 1):
        result["stderr"] = err[-2000:]
    return result


class _PeakSampler(threading.Thread):
    """Largest total RSS (KiB) of a process and its descendants, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            self._done.wait(0.05)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _children_cpu() -> float:
    """User + system CPU seconds of the ended children (and the descendants they waited for):
    on a loaded machine it moves much less than wall time does. The database server's own CPU
    is not in it."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _psql(statement: str) -> None:
    subprocess.run(["psql", os.environ["DATABASE_URL"], "-q", "-c", statement], check=True, capture_output=True)


if __name__ == "__main__":
    main()
