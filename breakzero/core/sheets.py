"""Reading and writing spreadsheets: xlsx/xls via calamine, csv in any Chinese encoding.

Officials' files are messy: a title row above the headers, full-width brackets,
units in headers ("营业收入（万元）"), GBK-encoded csv, Excel serial dates, formulas.
Everything here is Django-free so it can be used by importers, commands and benches.
"""

from __future__ import annotations

import csv
import io
import operator
import re
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Any

from python_calamine import CalamineWorkbook

from breakzero.core.csv_chunks import CsvStream
from breakzero.core.csv_stream import XLS_MAGIC, XLSX_MAGIC, decoded_rows, stream_csv
from breakzero.core.sheet_chunks import chunked_rows
from breakzero.core.sheet_errors import SheetError, csv_error_message, too_large_message  # noqa: F401 (re-exported)
from breakzero.core.workbook_guard import WorkbookTooLarge, check_expansion

TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
HEADER_SCAN_ROWS = 20
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # zip-bomb guard for xlsx (uncompressed total)
MAX_COMPRESSION_RATIO = 200


@dataclass(frozen=True)
class ReadLimits:
    """What a file may hold. None = no limit on bytes or rows (shell commands stream csv of
    any size); a workbook is always bounded in cells and expanded text, since reading it
    holds every cell in memory (workbook_guard checks both before it is read)."""

    max_bytes: int | None
    max_rows: int | None
    max_cells: int = 20_000_000
    max_expanded_bytes: int = 256 * 1024 * 1024
    workers: int = 0  # processes that may read a big workbook's rows (core.sheet_chunks); < 2: read here


@dataclass(frozen=True)
class Column:
    """One expected column: `key` in code, `header` as printed in the template."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    help: str = ""

    def names(self) -> set[str]:
        return {normalize_header(name) for name in (self.header, *self.aliases)}


@dataclass(frozen=True)
class RowError:
    """A rejected row: 1-based row number as the user sees it in Excel."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class SheetRows:
    """Rows of a sheet mapped to column keys; iterate for (row_number, {key: value})."""

    columns: Sequence[Column]
    header_row: int
    mapping: dict[str, int]
    rows: Iterable[Sequence[Any]]
    first_data_row: int
    max_rows: int
    extra_headers: list[str] = field(default_factory=list)
    source_name: str = ""  # the file's name (path or upload name), for provenance columns
    csv_stream: CsvStream | None = None  # set for a csv read from a seekable handle: parallel parsing

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        count = 0
        keys, indexes = tuple(self.mapping), tuple(self.mapping.values())
        # A row reaching the last mapped column takes its cells in one C call (700,000 rows × 12).
        reach, cells = max(indexes, default=-1), operator.itemgetter(*indexes) if len(indexes) > 1 else None
        for offset, raw in enumerate(self.rows):
            if _is_blank(raw):
                continue
            count += 1
            if count > self.max_rows:
                raise SheetError(f"文件行数超过上限 {self.max_rows} 行，请拆分后分批导入。")
            if cells is not None and len(raw) > reach:
                values = dict(zip(keys, cells(raw)))
            else:
                values = {key: (raw[index] if index < len(raw) else None) for key, index in self.mapping.items()}
            yield self.first_data_row + offset, values


def normalize_header(text: Any) -> str:
    """Canonical header: half-width, no spaces, no unit in brackets, no '*' marks, lower-case."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip()
    value = re.sub(r"[\s\u200b\ufeff]+", "", value)
    value = value.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    value = value.replace("[", "(").replace("]", ")")
    value = value.strip("*＊:：")
    value = re.sub(r"\((万元|元|人|个|%|％|万|亿元|件|年|yyyy-mm-dd|必填|选填|可选)\)$", "", value, flags=re.I)
    return value.lower()


def open_sheet(
    source: str | Path | IO[bytes],
    columns: Sequence[Column],
    *,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    limits: ReadLimits | None = None,
) -> SheetRows:
    """Open an xlsx/xls/csv file, find its header row and map it to `columns`.

    Raises SheetError for a file that is not a spreadsheet, is empty, too large (bytes, rows,
    cells or expanded text, per `limits`), or lacks a required column (the message names the
    missing columns).
    """
    limits = limits or ReadLimits(max_bytes=max_bytes, max_rows=max_rows)
    rows, stream = read_raw_rows(source, limits)
    name = str(source) if isinstance(source, (str, Path)) else str(getattr(source, "name", "") or "")
    return sheet_of(rows, columns, limits=limits, source_name=name, csv_stream=stream)


def read_raw_rows(source: str | Path | IO[bytes], limits: ReadLimits) -> tuple[Iterator[Sequence[Any]], CsvStream | None]:
    """Every row of the file's first sheet as read, header and blank rows included, and the csv
    stream they come from (None for a workbook or an in-memory csv). Same checks as open_sheet."""
    streamed = stream_csv(source, limits.max_bytes)  # csv from disk without loading it whole
    if streamed:
        return streamed
    data = _read_limited(source, limits.max_bytes)
    if not data.strip():
        raise SheetError("文件为空。/ The file is empty.")
    return _iter_raw_rows(data, limits), None


def sheet_of(
    rows: Iterator[Sequence[Any]], columns: Sequence[Column], *, limits: ReadLimits, source_name: str = "",
    csv_stream: CsvStream | None = None,
) -> SheetRows:
    """The rows (read_raw_rows's) mapped to `columns` under the header row found among the first."""
    head: list[Sequence[Any]] = []
    for raw in rows:
        head.append(raw)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    header_index, mapping, extras = _find_header(head, columns)
    return SheetRows(
        columns=columns, header_row=header_index + 1, mapping=mapping, rows=chain(head[header_index + 1 :], rows),
        first_data_row=header_index + 2, max_rows=sys.maxsize if limits.max_rows is None else limits.max_rows,
        extra_headers=extras, source_name=source_name, csv_stream=csv_stream,
    )  # fmt: skip


def _read_limited(source: str | Path | IO[bytes], max_bytes: int | None) -> bytes:
    if isinstance(source, (str, Path)):
        size = Path(source).stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise SheetError(too_large_message(size, max_bytes))
        return Path(source).read_bytes()
    if max_bytes is None:
        return source.read()
    data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SheetError(too_large_message(len(data), max_bytes))
    return data


def _iter_raw_rows(data: bytes, limits: ReadLimits) -> Iterator[Sequence[Any]]:
    if data.startswith(XLSX_MAGIC):
        _check_zip(data)
        chunked = chunked_rows(
            data, workers=limits.workers, max_cells=limits.max_cells, max_expanded_bytes=limits.max_expanded_bytes
        )
        if chunked is not None:
            return chunked
        try:
            check_expansion(data, max_cells=limits.max_cells, max_expanded_bytes=limits.max_expanded_bytes)
        except WorkbookTooLarge as exc:
            raise SheetError(str(exc)) from exc
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise SheetError("文件已损坏，无法作为 Excel 读取。/ The xlsx file is damaged.") from exc
        return _iter_workbook(data)
    if data.startswith(XLS_MAGIC):
        return _iter_workbook(data)
    return _iter_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise SheetError("文件已损坏，无法作为 Excel 读取。/ The xlsx file is damaged.") from exc
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise SheetError("文件解压后过大（疑似压缩炸弹），已拒绝。/ Uncompressed size too large.")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise SheetError("文件不是有效的 Excel 工作簿。/ Not a valid xlsx workbook.")


def _iter_workbook(data: bytes) -> Iterator[Sequence[Any]]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise SheetError("工作簿中没有工作表。/ The workbook has no sheet.")
        sheet = workbook.get_sheet_by_name(names[0])
        return iter(sheet.iter_rows())
    except SheetError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SheetError(f"无法读取 Excel 文件：{exc} / Cannot read the workbook.") from exc


def _iter_csv(data: bytes) -> Iterator[Sequence[Any]]:
    if b"\x00" in data[:4096]:
        raise SheetError("文件不是表格（请上传 .xlsx、.xls 或 .csv）。/ Not a spreadsheet.")
    text = _decode(data)
    return decoded_rows(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))


def _delimiter(text: str) -> str:
    """The most frequent of , tab ; | in the first lines (csv.Sniffer misreads Chinese text
    with ';' inside cells, e.g. several former names "甲公司;乙公司")."""
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    counts = {delimiter: sample.count(delimiter) for delimiter in (",", "\t", ";", "|")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _decode(data: bytes) -> str:
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("无法识别文件编码（支持 UTF-8、GBK/GB18030）。/ Unknown text encoding.")


def _is_blank(raw: Sequence[Any]) -> bool:
    for value in raw:  # a loop, not all(…): most rows end at their first cell
        if value is not None and (not isinstance(value, str) or value.strip()):
            return False
    return True


def _find_header(head: list[Sequence[Any]], columns: Sequence[Column]) -> tuple[int, dict[str, int], list[str]]:
    best: tuple[int, int, dict[str, int], list[str]] | None = None
    for index, raw in enumerate(head):
        mapping, extras = _map_columns(raw, columns)
        score = len(mapping)
        if score and (best is None or score > best[0]):
            best = (score, index, mapping, extras)
    if best is None:
        if all(_is_blank(raw) for raw in head):
            raise SheetError("文件为空。/ The file is empty.")
        expected = "、".join(c.header for c in columns if c.required)
        raise SheetError(f"未找到表头。必填列：{expected}。/ No header row found.")
    _, index, mapping, extras = best
    missing = [c.header for c in columns if c.required and c.key not in mapping]
    if missing:
        raise SheetError(f"缺少必填列：{'、'.join(missing)}。/ Missing required column(s).")
    return index, mapping, extras


def _map_columns(raw: Sequence[Any], columns: Sequence[Column]) -> tuple[dict[str, int], list[str]]:
    lookup = {name: column.key for column in columns for name in column.names()}
    mapping: dict[str, int] = {}
    extras: list[str] = []
    for index, cell in enumerate(raw):
        key = _lookup_header(lookup, cell)
        if key and key not in mapping:
            mapping[key] = index
        elif cell not in (None, ""):
            extras.append(str(cell))
    return mapping, extras


def _lookup_header(lookup: dict[str, str], cell: Any) -> str | None:
    """Exact normalised match first; then without a trailing remark ("行业代码（GB/T 4754）")."""
    name = normalize_header(cell)
    key = lookup.get(name)
    if key is None and name.endswith(")"):
        bare = re.sub(r"\([^()]*\)$", "", name)
        key = lookup.get(bare) if bare else None
    return key


# Cell parsing and writing live in their own modules; re-exported here so callers keep one import.
from breakzero.core.sheet_cells import (  # noqa: E402,F401
    EXCEL_EPOCH,
    cell_text,
    parse_date,
    parse_decimal,
    parse_int,
)
from breakzero.core.sheet_writer import FORMULA_PREFIXES, safe_cell, write_csv, write_xlsx  # noqa: E402,F401
