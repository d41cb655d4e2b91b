"""A big workbook's first sheet read in worker processes, a range of rows each (calamine per range).

Calamine reads a sheet whole before giving its first row (~8 s for 700,000 yearly rows, on one
core, with nothing to show on a job page). Here the sheet's XML is decompressed once, as a
stream, and cut between two `<row>` elements every CHUNK_XML_BYTES; each piece goes to a worker
(core.parallel) inside a small workbook of its own: the file's other parts (workbook, styles,
shared strings …) unchanged and a sheet holding only those rows, so calamine converts every
cell (numbers, dates, shared strings) exactly as it would in the whole file. The workers
count each piece's cells and expanded text first (workbook_guard: the same counts as
check_expansion, added up here in file order, the same messages), and read it only within
its share of the limit. Rows come back in file order, numbered by position from row 1, with
their cells at their absolute columns (column A first); the header mapping is built on the
same rows, so the values by key are those of the whole read. Anything unexpected (a row
without its `r`, a piece calamine refuses, a worker that did not start) and the rest of the
sheet is read whole, as before, from the row reached. Django-free.
"""

from __future__ import annotations

import io
import logging
import queue
import re
import threading
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from breakzero.core import workbook_guard
from breakzero.core.parallel import WorkerPool, gc_paused
from breakzero.core.sheet_errors import SheetError

logger = logging.getLogger(__name__)
CHUNK_XML_BYTES = 8 * 1024 * 1024
MIN_SHEET_BYTES = 64 * 1024 * 1024  # below (~1.5 s of calamine): one read here beats starting workers
MAX_OTHER_PARTS_BYTES = 16 * 1024 * 1024  # shared strings, styles … sent with every piece
_SHEET = re.compile(rb"<sheet\b[^>]*?\s[A-Za-z_][\w.-]*:id=[\"']([^\"']+)[\"']")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb"\s(Id|Target|Type)=[\"']([^\"']*)[\"']")
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_SHEET_DATA = b"<sheetData>"
_SHEET_DATA_END = b"</sheetData>"
_TAIL = b"</sheetData></worksheet>"


@dataclass(frozen=True)
class ChunkJob:
    parts: dict[str, bytes]  # every part of the file but its worksheets
    sheet_part: str
    head: bytes  # the sheet's XML up to <sheetData>, without its <dimension>
    body: bytes  # whole <row> elements
    tail: bytes
    lengths: array  # each shared string's bytes (workbook_guard)
    budget: int  # expanded bytes this piece may hold and still be read here


@dataclass
class ChunkRows:
    cells: int
    expanded: int
    rows: list[list[Any]] = field(default_factory=list)
    start: tuple[int, int] = (0, 0)  # the piece's first non-empty (row, column), 0-based
    read: bool = True  # False: over its budget, or a row without its number (the caller reads whole)


def chunked_rows(data: bytes, *, workers: int, max_cells: int, max_expanded_bytes: int) -> Iterator[list[Any]] | None:
    """The first sheet's rows, read by `workers` processes; None when this file is better read
    whole (small, unusual layout): the caller then reads it as before."""
    if workers < 2:
        return None
    try:
        plan = _plan(data, max_expanded_bytes)
    except workbook_guard.WorkbookTooLarge as exc:
        raise SheetError(str(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    if plan is None:
        return None
    return _rows(data, plan, workers=workers, max_cells=max_cells, max_expanded_bytes=max_expanded_bytes)


def read_chunk(job: ChunkJob) -> ChunkRows:
    """Worker: count the piece (cells, expanded text), then read it with calamine if within budget."""
    cells, expanded = workbook_guard.piece_size(job.body, job.lengths)
    numbered = job.body.count(b"<row ") + job.body.count(b"<row>") == job.body.count(b'<row r="')
    if expanded > job.budget or not numbered:
        return ChunkRows(cells, expanded, read=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, part in job.parts.items():
            archive.writestr(name, part)
        archive.writestr(job.sheet_part, job.head + job.body + job.tail)
    with gc_paused():
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
        sheet = workbook.get_sheet_by_name(workbook.sheet_names[0])
        if not sheet.height:
            return ChunkRows(cells, expanded)
        return ChunkRows(cells, expanded, rows=sheet.to_python(skip_empty_area=True), start=tuple(sheet.start))


@dataclass
class _Plan:
    parts: dict[str, bytes]
    sheet_part: str
    lengths: array


def _plan(data: bytes, max_expanded_bytes: int) -> _Plan | None:
    """What every piece needs: the first sheet's part and the file's other parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        sheet_part = _first_sheet_part(archive, infos)
        if sheet_part is None or infos[sheet_part].file_size < MIN_SHEET_BYTES:
            return None
        sheets = [name for name in infos if name.startswith("xl/worksheets/") and name.endswith(".xml")]
        if sheets != [sheet_part]:  # check_expansion counts every sheet: more than one, read as before
            return None
        others = [name for name in infos if not name.startswith("xl/worksheets/") or name.endswith(".rels")]
        if sum(infos[name].file_size for name in others) > MAX_OTHER_PARTS_BYTES:
            return None
        parts = {name: archive.read(name) for name in others}
        lengths = array("Q")
        if workbook_guard.SHARED_STRINGS in parts:
            lengths = workbook_guard.shared_lengths(archive, max_expanded_bytes)
    return _Plan(parts, sheet_part, lengths)


def _first_sheet_part(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> str | None:
    """The part of the workbook's first sheet (calamine's sheet_names[0]), if plainly named."""
    if "xl/workbook.xml" not in infos or "xl/_rels/workbook.xml.rels" not in infos:
        return None
    first = _SHEET.search(archive.read("xl/workbook.xml"))
    if first is None:
        return None
    for element in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attributes = dict(_ATTRIBUTE.findall(element))
        if attributes.get(b"Id") == first.group(1):
            if not attributes.get(b"Type", b"").endswith(b"/worksheet"):
                return None
            target = attributes.get(b"Target", b"").decode()
            name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return name if name in infos and name.startswith("xl/worksheets/") else None
    return None


def _rows(data: bytes, plan: _Plan, *, workers: int, max_cells: int, max_expanded_bytes: int) -> Iterator[list[Any]]:
    """The rows, in order: pieces read by the workers, then (on anything unexpected) the rest
    read whole. Row i (0-based) of the sheet is the i-th row yielded, blank rows included."""
    window = 3 * workers
    budget = max(1, max_expanded_bytes // (window + 1))
    emitted, width, cells, expanded = 0, 0, 0, 0
    with WorkerPool(workers) as pool:
        if not pool.is_ready():
            logger.warning("workbook: read workers did not start; reading in process")
            yield from _whole_from(data, emitted, max_cells=max_cells, max_expanded_bytes=max_expanded_bytes)
            return
        jobs = (ChunkJob(plan.parts, plan.sheet_part, head, body, tail, plan.lengths, budget)
                for head, body, tail in _ahead(_pieces(data, plan.sheet_part), depth=window))  # fmt: skip
        results = pool.map_ordered(read_chunk, jobs)
        while True:
            try:
                piece = next(results, None)
            except _Unsplittable:
                piece = ChunkRows(0, 0, read=False)
            except Exception:  # calamine refused a piece: the whole read decides (and words the error)
                logger.warning("workbook: a piece could not be read; reading the rest whole", exc_info=True)
                piece = ChunkRows(0, 0, read=False)
            if piece is None:
                return
            cells, expanded = cells + piece.cells, expanded + piece.expanded
            _check_limits(cells, expanded, max_cells=max_cells, max_expanded_bytes=max_expanded_bytes)
            if not piece.read:
                logger.info("workbook: a piece over its share of the limit or with unnumbered rows; "
                            "reading the rest whole")
                yield from _whole_from(data, emitted, max_cells=max_cells, max_expanded_bytes=max_expanded_bytes)
                return
            first_row, first_column = piece.start
            width = max(width, first_column + max((len(row) for row in piece.rows), default=0))
            while emitted < first_row:  # blank rows before the piece's first cell
                yield [""] * width
                emitted += 1
            pad = [""] * first_column
            for row in piece.rows:
                cells_of_row = pad + row if first_column else row
                if len(cells_of_row) < width:
                    cells_of_row.extend([""] * (width - len(cells_of_row)))
                yield cells_of_row
            emitted += len(piece.rows)


def _ahead(items: Iterator[Any], *, depth: int) -> Iterator[Any]:
    """`items` produced by a thread of their own, up to `depth` ahead: the sheet's decompression
    (zlib lets other threads run meanwhile) overlaps the caller's work on the rows. An error
    there is raised here; a caller that stops early stops the thread."""
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(entry, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
            put((False, None))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            put((False, exc))

    threading.Thread(target=produce, name="workbook-pieces", daemon=True).start()
    try:
        while True:
            more, item = handoff.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()


class _Unsplittable(Exception):
    """The sheet's XML is not laid out as _pieces expects."""


def _pieces(data: bytes, sheet_part: str) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(head, rows, tail) for each ~CHUNK_XML_BYTES run of whole <row> elements, as the sheet's
    XML is decompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(sheet_part) as stream:
        buffer = b""
        while _SHEET_DATA not in buffer:
            block = stream.read(1 << 20)
            if not block or len(buffer) > CHUNK_XML_BYTES:
                raise _Unsplittable
            buffer += block
        start = buffer.index(_SHEET_DATA) + len(_SHEET_DATA)
        head, buffer = _DIMENSION.sub(b"", buffer[:start]), buffer[start:]
        while True:
            end = buffer.find(_SHEET_DATA_END)
            while (cut := _cut(buffer, end if end >= 0 else len(buffer))) > 0:
                yield head, buffer[:cut], _TAIL
                buffer = buffer[cut:]
                end = end - cut if end >= 0 else end
            if end >= 0:
                buffer += stream.read()  # what follows the rows (page setup …)
                yield head, buffer[:end], buffer[end:]
                return
            block = stream.read(CHUNK_XML_BYTES)
            if not block:
                raise _Unsplittable
            buffer += block


def _cut(buffer: bytes, limit: int) -> int:
    """Where a piece of about CHUNK_XML_BYTES ends in buffer[:limit] (at a row's start); 0: the
    rows before `limit` make no piece yet."""
    if limit < CHUNK_XML_BYTES:
        return 0
    cut = buffer.rfind(b"<row", 1, CHUNK_XML_BYTES)
    if cut <= 0:  # one row longer than a piece
        cut = buffer.find(b"<row", CHUNK_XML_BYTES, limit)
    return cut if 0 < cut < limit else 0


def _check_limits(cells: int, expanded: int, *, max_cells: int, max_expanded_bytes: int) -> None:
    try:
        workbook_guard.check_totals(cells, expanded, max_cells=max_cells, max_expanded_bytes=max_expanded_bytes)
    except workbook_guard.WorkbookTooLarge as exc:
        raise SheetError(str(exc)) from exc


def _whole_from(data: bytes, skip: int, *, max_cells: int, max_expanded_bytes: int) -> Iterator[list[Any]]:
    """Rows `skip` on of the first sheet read whole (guarded as before), at absolute columns."""
    try:
        workbook_guard.check_expansion(data, max_cells=max_cells, max_expanded_bytes=max_expanded_bytes)
    except workbook_guard.WorkbookTooLarge as exc:
        raise SheetError(str(exc)) from exc
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(workbook.sheet_names[0])
        rows = iter(sheet.iter_rows())
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SheetError(f"无法读取 Excel 文件：{exc} / Cannot read the workbook.") from exc
    pad = [""] * (sheet.start[1] if sheet.height else 0)
    for index, row in enumerate(rows):
        if index >= skip:
            yield pad + row
