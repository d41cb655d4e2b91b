"""The patent parse a web validation keeps for its confirmation (core.import_reuse).

What is kept is exactly what the parse handed on: the staging COPY text the parse workers
produced (in file order, block by block, with the file rows each block reached) plus the
rejected rows and tallies of the parse. The scope check, the comparison with stored patents and
the write run again on apply, against the data as it is then. The key covers the upload's
digest, the parsing code and the register's attribution keys the rows were attributed with.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection

from breakzero.core import copy_text, import_reuse
from breakzero.core.imports import Rejected
from breakzero.core.sheets import RowError
from breakzero.patents import chunks, lookup, parsing, store

logger = logging.getLogger(__name__)
PART = "patents"  # the part of the job's kept directory (core.import_reuse)
COPY_FILE = "stage.copy"
VERSION = import_reuse.version_of(parsing, chunks, lookup, copy_text, extra=repr(store.STAGE_COLUMNS))


def parse_key(job: import_reuse.JobParse, register: lookup.Lookup) -> str:
    """Upload × parsing code × the register's keys (a pickle of the same content may differ in
    order: then the key differs and the file is parsed again, which is only slower)."""
    keys = hashlib.sha256(pickle.dumps(register, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()[:16]
    return f"{job.digest()}:{VERSION}:{keys}"


def step(progress: Any, label: str) -> None:
    """Name a step done in Python for the job page (core.import_progress), if it listens."""
    named = getattr(progress, "step", None)
    if named is not None:
        named(label)


def key_of(job: import_reuse.JobParse | None, sheet: Any, parser: Any) -> str | None:
    """The key of a web job's parse when it can be kept: a csv on PostgreSQL (COPY text)."""
    if job is None or connection.vendor != "postgresql" or sheet.csv_stream is None:
        return None
    return parse_key(job, parser.lookup)


def may_reuse(job: import_reuse.JobParse | None, apply: bool) -> bool:
    """Whether the apply step may find a kept parse (then parse workers wait until it is known)."""
    return bool(job and apply and connection.vendor == "postgresql" and job.part_directory(PART).is_dir())


def load_into(store: Any, kept: import_reuse.KeptParse, tally: Any, outcome: Any, progress: Callable[[int], None]) -> None:
    """Stage the validation's parse and restore its tallies, as sheets._parse_into left them
    (before the duplicates' rejections and the scope check)."""
    started = time.perf_counter()
    store.load_copy_text(blocks(kept, progress))
    meta = kept.meta
    outcome.rejected.extend(rejected_rows(kept))
    outcome.total_rows = meta["total_rows"]
    tally.kept_patents = meta["patents"]
    tally.duplicates = [(row, first, number) for row, first, number in meta["duplicates"]]
    tally.applicant_types = Counter(meta["applicant_types"])
    tally.unregistered = dict(meta["unregistered"])
    logger.info("patent import: the validation's parse reused (%.2f s)", time.perf_counter() - started)


def keep(out: import_reuse.KeptWriter, blocks: Iterator[bytes], rows_read: Callable[[], int]) -> Iterator[bytes]:
    """Pass the COPY blocks on while writing them to the kept file; the block sizes and the file
    rows read when each was made go to out.meta["blocks"] (see `save`)."""
    index: list[tuple[int, int]] = []
    out.block_index = index  # type: ignore[attr-defined]
    with open(out.path(COPY_FILE), "wb") as handle:
        for block in blocks:
            handle.write(block)
            index.append((len(block), rows_read()))
            yield block


def save(out: import_reuse.KeptWriter, *, total_rows: int, rejected: list[Rejected], tally: Any) -> None:
    """The parse's results besides the COPY text (before the scope check and the duplicates'
    rejections, which the apply step adds again from the tally)."""
    out.commit({
        "blocks": getattr(out, "block_index", []),
        "total_rows": total_rows,
        "rejected": [[r.row, [[e.column, e.value, e.reason] for e in r.errors], r.values] for r in rejected],
        "patents": tally.patents,
        "duplicates": tally.duplicates,
        "applicant_types": dict(tally.applicant_types),
        "unregistered": tally.unregistered,
    })  # fmt: skip


def find(job: import_reuse.JobParse, key: str) -> import_reuse.KeptParse | None:
    """The job's kept parse for `key`, if whole (its COPY file has every block's bytes)."""
    return job.kept_whole(key, lambda meta: {COPY_FILE: sum(size for size, _ in meta["blocks"])}, part=PART)


def rejected_rows(kept: import_reuse.KeptParse) -> list[Rejected]:
    return [Rejected(row, [RowError(row, c, v, reason) for c, v, reason in errors], values)
            for row, errors, values in kept.meta["rejected"]]  # fmt: skip


def blocks(kept: import_reuse.KeptParse, progress: Callable[[int], None]) -> Iterator[bytes]:
    """The kept COPY text block by block, reporting the file rows each one reached."""
    with open(kept.path(COPY_FILE), "rb") as handle:
        for size, rows in kept.meta["blocks"]:
            block = handle.read(size)
            if len(block) != size:
                raise OSError(f"kept parse {kept.directory} is truncated")
            progress(rows)
            yield block
