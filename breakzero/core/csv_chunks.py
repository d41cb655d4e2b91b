"""Cut a large csv into byte ranges that start and end on record boundaries (parallel parsing).

A record may span lines (a quoted cell with line breaks), so a cut cannot simply follow a
newline. Blocks without a quote character (the usual patent export) are cut at their last
newline, found in C; blocks with quotes are scanned with the csv module itself, exactly as
the sequential reader would read them, and cut after their last complete record. Each
chunk carries the index of its first record, so row numbers stay those of the
sequential reader (record index + 1, blank records counted). Django-free.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

BLOCK_BYTES = 2 * 1024 * 1024
MAX_HEADER_BYTES = 4 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
DIALECT_FIELDS = ("delimiter", "doublequote", "escapechar", "lineterminator", "quotechar", "quoting",
                  "skipinitialspace", "strict")  # fmt: skip


class NotSplittable(Exception):
    """This csv cannot be cut safely (odd line endings, a header region past the limit)."""


@dataclass
class CsvStream:
    """A csv on a seekable binary handle, as the sheet reader decoded it."""

    handle: IO[bytes]
    start: int  # offset of the file's first byte in the handle
    size: int  # bytes from `start`
    encoding: str  # "utf-8-sig" or "gb18030"
    dialect: dict[str, Any]  # csv.reader keyword arguments
    lone_cr: bool = False  # a carriage return ends a line on its own somewhere

    @property
    def text_encoding(self) -> str:
        """The encoding of a chunk (never starts with a byte-order mark)."""
        return "utf-8" if self.encoding.startswith("utf-8") else self.encoding


@dataclass(frozen=True)
class Chunk:
    data: bytes  # whole records, encoded as in the file
    first_record: int  # 0-based index in the file of the chunk's first record
    records: int


def dialect_options(dialect: Any) -> dict[str, Any]:
    """csv.reader keyword arguments of a (possibly sniffed, unpicklable) dialect."""
    return {name: getattr(dialect, name) for name in DIALECT_FIELDS if hasattr(dialect, name)}


def chunks(stream: CsvStream, *, skip_records: int, block_bytes: int = BLOCK_BYTES) -> Iterator[Chunk]:
    """The records after the first `skip_records` (header rows), in chunks of ~block_bytes.

    Raises NotSplittable before yielding anything when the file cannot be cut safely."""
    if stream.lone_cr:
        raise NotSplittable("line breaks of a lone carriage return")
    quote = stream.dialect["quotechar"].encode("ascii") if stream.dialect.get("quotechar") else b""
    plain_ok = not stream.dialect.get("escapechar")
    offset = _data_offset(stream, skip_records)
    stream.handle.seek(stream.start + offset)
    remaining = stream.size - offset
    record, carry = skip_records, b""
    while remaining > 0 or carry:
        block = stream.handle.read(min(block_bytes, remaining)) if remaining > 0 else b""
        remaining -= len(block)
        block = carry + block
        at_eof = remaining <= 0
        cut, records = _cut(block, stream, at_eof=at_eof, scan=bool(quote and quote in block) or not plain_ok)
        if cut == 0:  # one record longer than a block: read on
            if at_eof:
                raise NotSplittable("unterminated record")
            carry = block
            continue
        yield Chunk(block[:cut], record, records)
        record += records
        carry = block[cut:]


def _cut(block: bytes, stream: CsvStream, *, at_eof: bool, scan: bool) -> tuple[int, int]:
    """(bytes to take, records in them): whole records only, the last one kept back unless at EOF."""
    end = len(block) if at_eof else block.rfind(b"\n") + 1
    if end == 0:
        return 0, 0
    if block.find(b"\r", 0, end) != -1 and block.count(b"\r", 0, end) != block.count(b"\r\n", 0, end):
        # (a CR LF pair split by the read is after `end`, not counted.) csv_stream._stream_encoding has
        # flagged files with lone CRs before chunking starts: this is a safety net.
        raise NotSplittable("line breaks of a lone carriage return")
    if not scan:  # no quotes: every line is one record
        records = block.count(b"\n", 0, end)
        return end, records + (1 if at_eof and not block.endswith(b"\n") else 0)
    text = block[:end].decode(stream.text_encoding)
    ends = _record_ends(text, stream.dialect)
    if not at_eof:
        ends = ends[:-1]  # the last record may continue in the next block
    if not ends:
        return 0, 0
    return len(text[: ends[-1]].encode(stream.text_encoding)), len(ends)


def _record_ends(text: str, dialect: dict[str, Any]) -> list[int]:
    """Character offsets where each record of `text` ends, read as csv.reader reads a file."""
    position = 0
    ends: list[int] = []

    def lines() -> Iterator[str]:
        nonlocal position
        for line in io.StringIO(text, newline=""):
            position += len(line)
            yield line

    for _ in csv.reader(lines(), **dialect):
        ends.append(position)
    return ends


def _data_offset(stream: CsvStream, skip_records: int) -> int:
    """Byte offset (from stream.start) of the record after the first `skip_records`."""
    stream.handle.seek(stream.start)
    head = stream.handle.read(min(stream.size, MAX_HEADER_BYTES))
    bom = len(BOM) if stream.encoding.startswith("utf-8") and head.startswith(BOM) else 0
    if skip_records == 0:
        return bom
    end = len(head) if len(head) == stream.size else head.rfind(b"\n") + 1
    if b"\r" in head[:end] and head[:end].count(b"\r") != head[:end].count(b"\r\n"):
        raise NotSplittable("line breaks of a lone carriage return")
    text = head[bom:end].decode(stream.text_encoding)
    ends = _record_ends(text, stream.dialect)
    if len(ends) < skip_records or (len(ends) == skip_records and end < stream.size):
        raise NotSplittable("header region too long")
    return bom + len(text[: ends[skip_records - 1]].encode(stream.text_encoding))
