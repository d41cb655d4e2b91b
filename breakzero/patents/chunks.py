"""Parsing a chunk of a patent csv in a worker process: csv records → COPY text + rejected rows.

Runs in `core.parallel` workers (spawned, Django-free). Gives the same staging rows, row
numbers and errors as the sequential reader.
"""

from __future__ import annotations

import csv
import io
import pickle
import re
from dataclasses import dataclass, field
from typing import Any

from breakzero.core.copy_text import copy_line
from breakzero.core.parallel import gc_paused
from breakzero.patents.parsing import RowParser

NAME, NAME_KEY = 13, 14  # positions of name and name_normalized in a staging row (store.STAGE_COLUMNS)
_parser: RowParser | None = None
_parser_key: tuple | None = None
# What COPY text must escape (backslash, tab, NUL) plus what NFKC turns into a backslash
# (full-width and small reverse solidus; a test checks every code point), and the quote
# that lets a csv cell hold line breaks.
_UNSAFE = re.compile('[\\\\\t\x00"\uff3c\ufe68]')
_UNSAFE_BUT_TAB = re.compile('[\\\\\x00"\uff3c\ufe68]')


@dataclass(frozen=True)
class ChunkJob:
    data: bytes
    first_record: int  # 0-based index of the chunk's first record (row number = index + 1)
    records: int
    encoding: str
    dialect: dict[str, Any]
    mapping: dict[str, int]  # the sheet's column positions
    lookup_path: str  # the register's attribution keys, pickled by the importing process


@dataclass
class ChunkResult:
    copy_text: bytes  # COPY text lines, utf-8
    rows: int = 0  # non-blank rows, rejected ones included
    rejected: list[tuple[int, list[tuple[str, str, str]], dict[str, Any]]] = field(default_factory=list)
    patent_rows: list[int] = field(default_factory=list)  # row number of each staged patent …
    numbers: list[str] = field(default_factory=list)  # … and its application number
    applicant_types: dict[str, int] = field(default_factory=dict)
    unregistered: dict[str, str] = field(default_factory=dict)  # firms outside the register: key → name


def clean_text(text: str, dialect: dict[str, Any]) -> bool:
    """True when no cell of this csv text can hold a character COPY text must escape, so the
    rows need no check one by one. A tab is allowed when it is the delimiter."""
    if dialect.get("quotechar") != '"' or dialect.get("escapechar"):
        return False
    pattern = _UNSAFE_BUT_TAB if dialect.get("delimiter") == "\t" else _UNSAFE
    return pattern.search(text) is None


def parse_chunk(job: ChunkJob) -> ChunkResult:
    """COPY text of the chunk's good rows; its bad rows as (row number, errors, cell values)."""
    with gc_paused():
        return _parse(_parser_for(job), job)


def _parser_for(job: ChunkJob) -> RowParser:
    """This worker's parser for the job's import: made once, so its caches (dates, names,
    statuses) fill once per worker, not once per chunk."""
    global _parser, _parser_key
    key = (job.lookup_path, tuple(job.mapping.items()))
    if _parser is None or _parser_key != key:
        with open(job.lookup_path, "rb") as handle:
            lookup = pickle.load(handle)  # written by this import's own process (a private temp file)
        _parser, _parser_key = RowParser(lookup), key
        _parser.configure(job.mapping)
    return _parser


def _parse(parser: RowParser, job: ChunkJob) -> ChunkResult:
    fast, staged = parser.fast_copy, parser.staged
    text = job.data.decode(job.encoding)
    clean = clean_text(text, job.dialect)
    reader = csv.reader(io.StringIO(text, newline=""), **job.dialect)
    pieces: list[str] = []
    result = ChunkResult(b"")
    record = job.first_record
    types, unregistered = result.applicant_types, result.unregistered
    for raw in reader:
        record += 1
        parsed = fast(raw, record, clean_text=clean)
        if parsed is not None:
            piece, number, names = parsed
            for name in names:
                kind = name.attributed[2]
                types[kind] = types.get(kind, 0) + 1
                if kind == "unregistered":
                    note_unregistered(unregistered, name.key, name.name)
        else:
            if not any(value.strip() for value in raw):
                continue  # blank line
            rows, errors, values = staged(raw, record)
            if errors:
                result.rejected.append((record, errors, values))
                result.rows += 1
                continue
            piece, number = "".join(map(copy_line, rows)), rows[0][1]
            for row in rows:
                types[row[-1]] = types.get(row[-1], 0) + 1
                if row[-1] == "unregistered":
                    note_unregistered(unregistered, row[NAME_KEY], row[NAME])
        result.rows += 1
        pieces.append(piece)
        result.patent_rows.append(record)
        result.numbers.append(number)
    if record - job.first_record != job.records:
        raise RuntimeError(f"chunk at record {job.first_record}: {record - job.first_record} records, cut {job.records}")
    result.copy_text = "".join(pieces).encode("utf-8")
    return result


def note_unregistered(names: dict[str, str], key: str, name: str) -> None:
    """Keep each unregistered key's smallest spelling (what the review queue shows)."""
    known = names.get(key)
    if known is None or name < known:
        names[key] = name
