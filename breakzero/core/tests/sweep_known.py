"""The findings a sweep still reports, per role, kept in sweep_known/<sweep>-<role>.txt.

The sweeps are strict for everything else: a finding not in the file fails the test, and so does a
listed finding that no longer occurs (the list can only shrink; delete the line once it is fixed).
Regenerate a role's file after fixing pages with BZ_SWEEP_WRITE=1 (then review the diff: it must
only lose lines).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

KNOWN_DIR = Path(__file__).with_name("sweep_known")


# Numbers in a finding depend on the database and on what ran before in the worker (object ids:
# PostgreSQL's sequences survive rolled-back tests; dates in file names), so a finding keeps "<n>" for
# every run of digits.
_DIGITS = re.compile(r"\d+")


def normalise(finding: str) -> str:
    return _DIGITS.sub("<n>", finding)


def known(sweep: str, role: str) -> set[str]:
    path = KNOWN_DIR / f"{sweep}-{role}.txt"
    if not path.exists():
        return set()
    return {normalise(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def check(sweep: str, role: str, problems: list[str]) -> tuple[list[str], list[str]]:
    """(new findings, listed findings that are gone); with BZ_SWEEP_WRITE=1 the file is rewritten instead."""
    found = {normalise(p) for p in problems}
    if os.environ.get("BZ_SWEEP_WRITE"):
        KNOWN_DIR.mkdir(exist_ok=True)
        path = KNOWN_DIR / f"{sweep}-{role}.txt"
        if found:
            path.write_text("".join(f"{line}\n" for line in sorted(found)), encoding="utf-8")
        elif path.exists():
            path.unlink()
        return [], []
    listed = known(sweep, role)
    return sorted(found - listed), sorted(listed - found)
