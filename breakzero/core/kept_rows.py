"""A web validation's workbook rows kept for its confirmation (core.import_reuse).

Reading a workbook holds the whole sheet before the first row comes (calamine has no streaming
read): ~7 s for 700,000 yearly rows, with nothing to show on the job page. An importer that
says so (`keeps_rows`) has the validation keep the cells exactly as the reader gave them, in
blocks of BLOCK_ROWS rows pickled one after another, under a key made of the upload's digest
and the reader's version; the apply step reads them back instead of opening the workbook
again, block by block as its row loop asks. Only the reading is skipped: every row is parsed
and checked again, against the data as it is then. A csv is not kept (it is streamed anyway).
The kept files are written only by this module, in the job's directory (part PART) under the kept root,
apart from uploads (ImportJob.file, imports/%Y/%m/).
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from itertools import islice
from typing import IO, Any

from breakzero.core import import_reuse, sheet_cells, sheet_chunks, sheets, workbook_guard
from breakzero.core.sheets import ReadLimits, SheetRows, read_raw_rows, sheet_of

logger = logging.getLogger(__name__)
PART = "rows"  # the part of the job's kept directory (core.import_reuse)
ROWS_FILE = "rows.pickle"
BLOCK_ROWS = 20_000
VERSION = import_reuse.version_of(
    sheets, sheet_cells, sheet_chunks, workbook_guard, extra=f"calamine {version('python-calamine')}"
)


@contextmanager
def job_sheet(importer: Any, handle: IO[bytes], *, limits: ReadLimits) -> Iterator[SheetRows]:
    """The job's sheet: from its validation's kept rows when the apply step finds them, else
    read from the upload (and kept, when this is the validation of a workbook)."""
    job = import_reuse.current()
    name = str(getattr(handle, "name", "") or "")
    if job is None or not getattr(importer, "keeps_rows", False) or not _is_workbook(handle):
        yield sheets.open_sheet(handle, importer.columns, limits=limits)
        return
    start = handle.tell()
    key = f"rows:{job.digest()}:{VERSION}"
    handle.seek(start)  # the digest's own handle may share this one's position (in-memory storage)
    kept = None if job.keeping else find(job, key)
    if kept is not None:
        logger.info("import job %s: the validation's rows reused", job.job_id)
        yield sheet_of(_read(kept), importer.columns, limits=limits, source_name=name)
        return
    if not job.keeping:
        yield sheets.open_sheet(handle, importer.columns, limits=limits)
        return
    with job.writer(key, part=PART) as out:
        rows, _stream = read_raw_rows(handle, limits)
        yield sheet_of(_keep(rows, out), importer.columns, limits=limits, source_name=name)


def find(job: import_reuse.JobParse, key: str) -> import_reuse.KeptParse | None:
    """The job's kept rows for `key`, if whole (the file holds every block's bytes)."""
    return job.kept_whole(key, lambda meta: {ROWS_FILE: sum(meta["blocks"])}, part=PART)


def _keep(rows: Iterator[Sequence[Any]], out: import_reuse.KeptWriter) -> Iterator[Sequence[Any]]:
    """Pass the rows on, writing them block by block; committed once the last row was read (a
    loop that stops early, or raises, keeps nothing)."""
    sizes: list[int] = []
    with open(out.path(ROWS_FILE), "wb") as handle:
        while block := list(islice(rows, BLOCK_ROWS)):
            data = pickle.dumps(block, protocol=pickle.HIGHEST_PROTOCOL)
            handle.write(data)
            sizes.append(len(data))
            yield from block
    out.commit({"blocks": sizes})


def _read(kept: import_reuse.KeptParse) -> Iterator[Sequence[Any]]:
    with open(kept.path(ROWS_FILE), "rb") as handle:
        for size in kept.meta["blocks"]:
            data = handle.read(size)
            if len(data) != size:
                raise OSError(f"kept rows {kept.directory} are truncated")
            yield from pickle.loads(data)  # noqa: S301 - written by _keep for this upload's digest


def _is_workbook(handle: IO[bytes]) -> bool:
    try:
        start = handle.tell()
        head = handle.read(4)
        handle.seek(start)
    except (OSError, ValueError, AttributeError):
        return False
    return head.startswith((sheets.XLSX_MAGIC, sheets.XLS_MAGIC))
