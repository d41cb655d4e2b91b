"""A csv read lazily from disk or a seekable handle: its encoding, dialect and rows.

Split from core.sheets (which reads workbooks and in-memory csv): a shell import takes a csv of any
size without loading it whole. Django-free.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from breakzero.core.csv_chunks import CsvStream, dialect_options
from breakzero.core.sheet_errors import SheetError, csv_error_message, too_large_message

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


def stream_csv(
    source: str | Path | IO[bytes], max_bytes: int | None
) -> tuple[Iterator[Sequence[Any]], CsvStream] | None:
    """Rows of a csv read lazily from a path or a seekable handle, and the stream they come
    from; None for workbooks (and for handles that cannot seek), read into memory instead."""
    if isinstance(source, (str, Path)):
        handle: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed when the rows are exhausted
    elif hasattr(source, "seek") and hasattr(source, "tell"):
        handle = source
    else:
        return None
    try:
        start = handle.tell()
        size = handle.seek(0, io.SEEK_END) - start
        handle.seek(start)
        head = handle.read(4096)
    except (OSError, ValueError):
        return None
    if head.startswith((XLSX_MAGIC, XLS_MAGIC)) or not hasattr(handle, "readinto"):
        handle.seek(start)
        return None
    if max_bytes is not None and size > max_bytes:
        raise SheetError(too_large_message(size, max_bytes))
    if not head.strip():
        raise SheetError("文件为空。/ The file is empty.")
    if b"\x00" in head:
        raise SheetError("文件不是表格（请上传 .xlsx、.xls 或 .csv）。/ Not a spreadsheet.")
    handle.seek(start)
    encoding, lone_cr = _stream_encoding(handle)
    handle.seek(start)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    sample = text.read(8192)
    options = _sniffed_options(sample)
    text.seek(0)
    stream = CsvStream(handle, start, size, encoding, options, lone_cr=lone_cr)
    return decoded_rows(csv.reader(text, **options)), stream


def _sniffed_options(sample: str) -> dict[str, Any]:
    """csv.reader options: the sniffed delimiter and quote, with doubled quotes inside quoted
    cells read as one quote (RFC 4180, what Excel writes). The Sniffer answers
    doublequote=False whenever its sample holds no doubled quote, which would garble a later
    cell like "一种""X""装置"."""
    options = dialect_options(csv.excel)
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        return options
    options.update(delimiter=sniffed.delimiter, skipinitialspace=sniffed.skipinitialspace)
    if sniffed.quotechar:
        options["quotechar"] = sniffed.quotechar
    return options


def _stream_encoding(handle: IO[bytes]) -> tuple[str, bool]:
    """utf-8(-sig) when the whole file decodes as UTF-8 (checked in chunks), else GB18030; and
    whether a carriage return ends a line on its own (such a file is read sequentially)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding, lone_cr, previous = "utf-8-sig", False, b""
    while chunk := handle.read(1 << 20):
        if not lone_cr and (b"\r" in chunk or previous.endswith(b"\r")):
            joined = previous[-1:] + chunk  # a CR LF pair may be split between two reads
            lone_cr = joined.count(b"\r") - joined.endswith(b"\r") != joined.count(b"\r\n")
        previous = chunk
        if encoding == "utf-8-sig":
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                encoding = "gb18030"
    lone_cr = lone_cr or previous.endswith(b"\r")
    if encoding == "utf-8-sig":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "gb18030"
    return encoding, lone_cr


def decoded_rows(reader: Any) -> Iterator[Sequence[Any]]:
    try:
        yield from reader
    except UnicodeDecodeError as exc:
        raise SheetError("无法识别文件编码（支持 UTF-8、GBK/GB18030）。/ Unknown text encoding.") from exc
    except csv.Error as exc:
        raise SheetError(csv_error_message(exc, getattr(reader, "line_num", 0))) from exc
