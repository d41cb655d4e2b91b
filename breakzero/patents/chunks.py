"""Parsing a chunk of a patent csv in a worker process: csv records → COPY text + rejected rows.

Runs in `core.parallel` workers (spawned, Django-free): each worker keeps one RowParser,
so its caches (dates, names, statuses) fill once per worker, not once per chunk. Gives
the same staging rows, row numbers and errors as the sequential reader.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from breakzero.core.copy_text import copy_line
from breakzero.patents.parsing import RowParser

_parser: RowParser | None = None


@dataclass(frozen=True)
class ChunkJob:
    data: bytes
    first_record: int  # 0-based index of the chunk's first record (row number = index + 1)
    records: int
    encoding: str
    dialect: dict[str, Any]


@dataclass
class ChunkResult:
    copy_text: bytes  # COPY text lines, utf-8
    rows: int = 0  # non-blank rows, rejected ones included
    staged: int = 0  # staging rows (one per applicant)
    rejected: list[tuple[int, list[tuple[str, str, str]], dict[str, Any]]] = field(default_factory=list)


def init_worker(mapping: dict[str, int]) -> None:
    """Pool initializer: one parser per worker process, configured for the sheet's columns."""
    global _parser
    _parser = RowParser()
    _parser.configure(mapping)


def parse_chunk(job: ChunkJob) -> ChunkResult:
    """COPY text of the chunk's good rows; its bad rows as (row number, errors, cell values)."""
    parser = _parser
    if parser is None:
        raise RuntimeError("init_worker was not called")
    fast, staged = parser.fast_copy, parser.staged
    reader = csv.reader(io.StringIO(job.data.decode(job.encoding), newline=""), **job.dialect)
    pieces: list[str] = []
    result = ChunkResult(b"")
    record = job.first_record
    for raw in reader:
        record += 1
        piece = fast(raw, record)
        if piece is None:
            if not any(value.strip() for value in raw):
                continue  # blank line
            rows, errors, values = staged(raw, record)
            if errors:
                result.rejected.append((record, errors, values))
                result.rows += 1
                continue
            piece = "".join(map(copy_line, rows))
        result.rows += 1
        pieces.append(piece)
    if record - job.first_record != job.records:
        raise RuntimeError(f"chunk at record {job.first_record}: {record - job.first_record} records, cut {job.records}")
    result.copy_text = "".join(pieces).encode("utf-8")
    result.staged = result.copy_text.count(b"\n")
    return result
