"""Enterprise + yearly import benchmark; figures go to BENCHMARKS.md.

    DATABASE_URL=postgres://… python bench/bench_import.py [--enterprises 10000]

Generates 10,000 enterprises and 70,000 yearly rows as .xlsx (bench/gen_enterprise_files.py),
removes earlier bench enterprises, then imports both files through the shell commands'
code path (`import_enterprises`, `import_yearly`: open, validate, stage, upsert, sizes,
refreshers in-process) — each in a fresh child process so its peak RSS is its own —
and finally re-imports both (must report created=0 updated=0).
Target: under 10 s for both imports together, peak memory under 500 MiB.
"""

from __future__ import annotations

import argparse
import json
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10000)
    parser.add_argument("--child", nargs=2, metavar=("COMMAND", "FILE"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        return _child(*options.child)
    from bench.gen_enterprise_files import generate

    started = time.perf_counter()
    enterprises, yearly = generate(options.enterprises, ROOT / "var" / "bench")
    print(f"generated {enterprises.name}, {yearly.name} in {time.perf_counter() - started:.1f} s")
    _clean()
    runs = [
        ("first", "import_enterprises", enterprises), ("first", "import_yearly", yearly),
        ("again", "import_enterprises", enterprises), ("again", "import_yearly", yearly),
    ]  # fmt: skip
    results = []
    for label, command, path in runs:
        result = _run(command, path)
        result["run"] = label
        results.append(result)
        print(f"{label:5} {command:18} import {result['seconds']:6.2f} s  refreshers {result['follow_up_s']:6.2f} s"
              f"  peak {result['peak_mib']:6.1f} MiB  {result['line']}")  # fmt: skip
    first = [r for r in results if r["run"] == "first"]
    print(f"total first import (validate + write) {sum(r['seconds'] for r in first):.2f} s, "
          f"peak {max(r['peak_mib'] for r in first):.1f} MiB")  # fmt: skip


def _run(command: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", command, str(path)], capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"{command} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child(command: str, path: str) -> None:
    """The import command's code path (core.commands.ImportCommand.handle), timed in two parts:
    the import itself (open, validate, stage, upsert, sizes) and the in-process follow-up
    (other apps' refreshers registered with core.hooks)."""
    import django

    django.setup()
    from breakzero.core.imports import get_importer, run_file

    kind = {"import_enterprises": "enterprises", "import_yearly": "enterprise-years"}[command]
    importer = get_importer(kind)
    started = time.perf_counter()
    outcome = run_file(importer, path, apply=True, skip_invalid=False)
    seconds = time.perf_counter() - started
    importer.after_apply(outcome, in_process=True)
    follow_up = time.perf_counter() - started - seconds
    peak = _peak_mib()
    result = {"seconds": round(seconds, 2), "follow_up_s": round(follow_up, 2), "peak_mib": round(peak, 1), "line": outcome.line()}
    print(json.dumps(result))


def _peak_mib() -> float:
    """This process's peak RSS: VmHWM (reset by exec, unlike ru_maxrss, which a child
    inherits from its parent on Linux); ru_maxrss where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clean() -> None:
    import django

    django.setup()
    from breakzero.enterprises.models import Enterprise

    Enterprise.objects.filter(uscc__regex=r"^91\d{6}MB").delete()


if __name__ == "__main__":
    main()
