"""The yearly parse a web validation keeps for its confirmation (core.import_reuse).

What is kept is what the row loop staged (the `final` staging table after the duplicates were
resolved, before the stored rows are merged in) and its LoopResult: the rejected rows with
their errors and values, the totals and the notes. Merging with the stored rows, counting the
changes and the write run again on apply, against the data as it is then. The key covers
everything the parse read: the upload's digest, the parsing code (the guards' modules too),
the register (uscc → enterprise, county, city, industry), the write scope, the last year
accepted (next year: it follows today's date) and the state the row guards read (core.hooks);
a guard that cannot give its state means no reuse. A stale, missing or damaged kept parse
means the file is parsed again: slower, never wrong.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from django.db import DatabaseError, connection

from breakzero.core import import_reuse
from breakzero.core.bulk import StagingTable, qn
from breakzero.core.hooks import RowGuard, row_guards_state
from breakzero.core.imports import WriteScope

logger = logging.getLogger(__name__)
PART = "yearly"  # the part of the job's kept directory (core.import_reuse)
STAGE_FILE = "final.stage"  # PostgreSQL: the staging table as COPY text; SQLite: pickled blocks of rows
LOOP_FILE = "loop.pickle"
BLOCK_BYTES = 4 << 20  # COPY text read back per progress step
SQLITE_BLOCK_ROWS = 20_000


class Unusable(Exception):
    """The kept parse could not be read back whole (then the file is parsed again)."""


def parse_key(job: import_reuse.JobParse, *, register: dict, scope: WriteScope, max_year: int,
              guards: list[RowGuard]) -> str | None:
    """Upload × parsing code × what the parse read besides the file; None when a guard cannot
    say what it read (its parse is then never reused)."""
    guard_state = row_guards_state(guards)
    if guard_state is None:
        return None
    sha = hashlib.sha256(repr(sorted(register.items())).encode())
    sha.update(repr((scope.is_everywhere, scope.city, scope.county, max_year, guard_state)).encode())
    return f"{job.digest()}:{version(tuple(sorted({guard.__module__ for guard in guards})))}:{sha.hexdigest()[:16]}"


@cache
def version(guard_modules: tuple[str, ...]) -> str:
    """The parsing code's version: the importer, its cells, the row loop, the sizing rules, the
    sheet helpers, the staging load, and the modules of the row guards."""
    from breakzero.core import bulk, sheets
    from breakzero.enterprises import sizing
    from breakzero.enterprises.sheets import common, yearly_cells, yearly_import
    from breakzero.rules import sme_size, uscc

    guards = [sys.modules[name] for name in guard_modules]
    return import_reuse.version_of(yearly_import, yearly_cells, common, sizing, sme_size, uscc, sheets, bulk,
                                   sys.modules[__name__], *guards)


def find(job: import_reuse.JobParse, key: str) -> import_reuse.KeptParse | None:
    """The job's kept parse for `key`, if whole (both files hold every byte its meta says)."""
    return job.kept_whole(key, lambda meta: {STAGE_FILE: meta["stage_bytes"], LOOP_FILE: meta["loop_bytes"]}, part=PART)


def keep(job: import_reuse.JobParse, key: str, final: StagingTable, loop: Any) -> None:
    """Keep the staged rows and the loop's result, as the row loop left them."""
    started = time.perf_counter()
    with job.writer(key, part=PART) as out:
        with open(out.path(STAGE_FILE), "wb") as handle:
            stage_bytes = _dump_stage(final, handle)
        loop_data = pickle.dumps(loop, protocol=pickle.HIGHEST_PROTOCOL)
        out.path(LOOP_FILE).write_bytes(loop_data)
        out.commit({"stage_bytes": stage_bytes, "loop_bytes": len(loop_data), "rows": final.rows,
                    "format": connection.vendor})  # fmt: skip
    logger.info("yearly import: parse kept for the apply step (%.2f s)", time.perf_counter() - started)


def load_into(final: StagingTable, kept: import_reuse.KeptParse, progress: Callable[[int], None]) -> Any:
    """Stage the kept rows into `final` and return the kept LoopResult; Unusable when they
    cannot be read back (call it inside a savepoint: a part may be staged by then)."""
    started = time.perf_counter()
    try:
        loop = pickle.loads(kept.path(LOOP_FILE).read_bytes())  # noqa: S301 - written by keep() for this key
        if kept.meta.get("format") != connection.vendor:
            raise Unusable(f"kept parse {kept.directory} is for {kept.meta.get('format')}")
        size = kept.meta["stage_bytes"]
        with open(kept.path(STAGE_FILE), "rb") as handle:
            _load_stage(final, handle, size, lambda done: progress(loop.total * done // max(size, 1)))
    except (OSError, EOFError, KeyError, TypeError, ValueError, pickle.UnpicklingError, DatabaseError,
            connection.Database.Error) as exc:  # the database refused the kept text (the COPY's own error)
        raise Unusable(str(exc)) from exc
    if final.rows != kept.meta["rows"]:
        raise Unusable(f"kept parse {kept.directory}: {final.rows} rows staged, {kept.meta['rows']} kept")
    progress(loop.total)
    logger.info("yearly import: the validation's parse reused (%.2f s)", time.perf_counter() - started)
    return loop


def _dump_stage(final: StagingTable, handle: Any) -> int:
    written = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {qn(final.name)} TO STDOUT") as copy:
            for data in copy:
                handle.write(data)
                written += len(data)
        return written
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {qn(final.name)}")
        while rows := cursor.fetchmany(SQLITE_BLOCK_ROWS):
            written += handle.write(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    return written


def _load_stage(final: StagingTable, handle: Any, size: int, progress: Callable[[int], None]) -> None:
    if connection.vendor == "postgresql":
        final.load_copy_text(_blocks(handle, size, progress))
        return
    while handle.tell() < size:
        final.load(pickle.load(handle))  # noqa: S301 - written by _dump_stage for this key
        progress(handle.tell())


def _blocks(handle: Any, size: int, progress: Callable[[int], None]) -> Iterator[bytes]:
    done = 0
    while done < size:
        block = handle.read(min(BLOCK_BYTES, size - done))
        if not block:
            raise Unusable("kept parse is truncated")
        done += len(block)
        progress(done)
        yield block
