"""Patent import (xlsx/csv from patent search systems); the list exports are in exports.py.

The importer streams parsed rows into a staging table (store.py) while collecting
row-numbered errors; nothing is written when a row is bad unless the user chose to skip
bad rows. A preview runs the same code inside a transaction that is rolled back.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import logging
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from breakzero.core import import_reuse
from breakzero.core.hooks import data_changed
from breakzero.core.csv_chunks import NotSplittable, chunks
from breakzero.core.imports import ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.parallel import WorkerPool
from breakzero.core.sheets import Column, RowError, SheetError, SheetRows, csv_error_message
from breakzero.core.copy_text import copy_unescape
from breakzero.patents.attribution import build_lookup, near_match_candidates
from breakzero.patents.chunks import NAME, NAME_KEY, ChunkJob, note_unregistered, parse_chunk
from breakzero.patents.lookup import Lookup
from breakzero.patents import kept_parse
from breakzero.patents import scope as patent_scope
from breakzero.patents.parsing import RowParser
from breakzero.patents.store import PatentStore

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 20_000
SUMMARY_TYPES = ("enterprise", "person", "university", "institute", "other", "unregistered")

COLUMNS = (
    Column("application_number", "申请号", ("专利申请号", "申请号/专利号", "专利号"),
           help="如 202110123456.7；CN/ZL 前缀、空格、全角字符均可"),
    Column("application_date", "申请日", ("申请日期",), required=False, help="2021-03-05、2021.03.05、20210305 或 Excel 日期"),
    Column("kind_label", "专利类型", ("类型", "专利种类"), required=False, help="填写时须与申请号一致"),
    Column("title", "发明名称", ("名称", "专利名称", "标题", "发明创造名称"), required=False),
    Column("applicants", "申请（专利权）人", ("申请人", "专利权人", "申请(专利权)人", "申请人/专利权人", "当前权利人"),
           help="多个申请人用 ; ； 、 或换行分隔"),
    Column("publication_number", "公开（公告）号", ("公开号", "公告号", "公开(公告)号", "公开公告号", "授权公告号"),
           required=False),
    Column("publication_date", "公开（公告）日", ("公开日", "公告日", "公开(公告)日", "公开公告日", "公开日期"),
           required=False),
    Column("grant_date", "授权公告日", ("授权日", "授权公告日期", "授权日期"), required=False),
    Column("legal_status", "法律状态", ("当前法律状态", "法律状态/事件", "专利状态"), required=False),
    Column("ipc_main", "主分类号", ("IPC主分类号", "IPC主分类", "主分类", "IPC分类号"), required=False),
    Column("applicant_usccs", "申请人统一社会信用代码", ("统一社会信用代码", "申请人信用代码"), required=False,
           help="与申请人一一对应，用相同分隔符"),
)  # fmt: skip


class PatentImporter:
    kind = "patents"
    title = "专利"
    scoped_by = "申请人归属企业所在区县（文件中的和已存专利的，全部须在本辖区内）"
    columns = COLUMNS
    example_rows = (
        ("CN202110123456.7", dt.date(2021, 3, 5), "发明", "一种示例装置", "湖南示例科技有限公司；中南大学",
         "CN113000000B", dt.date(2022, 6, 10), dt.date(2022, 6, 10), "授权", "G06F 16/00", "91430104MA4L00000X；"),
    )  # fmt: skip

    def can_import(self, user: Any) -> bool:
        from breakzero.patents.access import can_import_patents

        return can_import_patents(user)

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        outcome = ImportOutcome()
        source = _source_name(sheet)
        job = import_reuse.current()  # a web job: its validation keeps the parse, its apply reuses it
        with transaction.atomic(), ExitStack() as stack:
            # Workers start while the register is read, unless a kept parse may make them idle.
            pool = None if kept_parse.may_reuse(job, apply) else stack.enter_context(_parse_workers(sheet))
            with PatentStore(source_file=source) as store:
                kept_parse.step(progress, "读取企业名录")
                parser, tally = RowParser(build_lookup()), Tally()
                candidates = near_match_candidates()  # read while the workers start
                kept_parse.step(progress, "核对文件与校验结果")
                key = kept_parse.key_of(job, sheet, parser)
                kept = kept_parse.find(job, key) if job and key and apply else None
                kept_parse.step(progress, "")
                if kept is not None:
                    kept_parse.load_into(store, kept, tally, outcome, progress)
                else:
                    pool = pool or stack.enter_context(_parse_workers(sheet))
                    _parse_into(store, sheet, pool, parser, tally, outcome, progress,
                                keep_to=stack.enter_context(job.writer(key, part=kept_parse.PART)) if job and key and job.keeping else None)
                outcome.rejected.extend(_duplicate(row, first, number) for row, first, number in tally.duplicates)
                _apply_scope(store, scope, tally, outcome)
                patent_scope.keep_stored_values(store.stage.name)
                result = store.analyse(
                    patents=tally.patents - tally.outside, applicant_types=dict(tally.applicant_types),
                    unregistered=tally.unregistered, candidates=candidates,
                )  # fmt: skip
                writing = apply and (skip_invalid or not outcome.rejected)
                if writing:
                    store.write(result)
                outcome.counts = result.counts
                outcome.applied = writing
                kept_parse.step(progress, "比对近似企业名称")
                outcome.summary = _summary(result.applicant_types, store.review_names())
                kept_parse.step(progress, "")
                # Which enterprises the break-zero refresher must recompute (None = all).
                outcome.enterprise_ids = result.enterprise_ids  # type: ignore[attr-defined]
            if not writing:
                transaction.set_rollback(True)  # a preview, or bad rows the user did not skip
        outcome.rejected.sort(key=lambda r: r.row)
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        ids = getattr(outcome, "enterprise_ids", None)
        data_changed(source="patents", enterprise_ids=ids, in_process=in_process)


@dataclass
class Tally:
    """What the staged rows hold, counted while they stream by; a number's later rows are
    duplicates (rejected, never staged)."""

    first_rows: dict[str, int] = field(default_factory=dict)  # application number → its first row
    duplicates: list[tuple[int, int, str]] = field(default_factory=list)  # (row, first row, number)
    applicant_types: Counter = field(default_factory=Counter)
    unregistered: dict[str, str] = field(default_factory=dict)  # firm outside the register: key → name
    outside: int = 0  # patents removed from the stage: outside the importer's write scope
    kept_patents: int | None = None  # the count a kept parse recorded (first_rows is not kept)

    @property
    def patents(self) -> int:
        return len(self.first_rows) if self.kept_patents is None else self.kept_patents

    def is_duplicate(self, row: int, number: str) -> bool:
        first = self.first_rows.setdefault(number, row)
        if first != row:
            self.duplicates.append((row, first, number))
        return first != row

    def repeats(self, rows: list[int], numbers: list[str]) -> set[int]:
        """is_duplicate for a chunk's rows at once: the rows repeating a number. Checked in bulk
        first (a million numbers: repeats are rare)."""
        fresh = set(numbers)
        if len(fresh) == len(numbers) and self.first_rows.keys().isdisjoint(fresh):
            self.first_rows.update(zip(numbers, rows))
            return set()
        return {row for row, number in zip(rows, numbers) if self.is_duplicate(row, number)}


def _parse_into(
    store: PatentStore, sheet: SheetRows, pool: WorkerPool | None, parser: RowParser, tally: Tally,
    outcome: ImportOutcome, progress: Progress, *, keep_to: import_reuse.KeptWriter | None,
) -> None:
    """Parse the file into the stage (in worker processes when `pool`); with `keep_to`, what the
    workers produced is kept for the apply step (patents.kept_parse)."""
    read = [0]

    def counted(rows: int) -> None:
        read[0] = rows
        progress(rows)

    blocks = _parallel_copy_blocks(sheet, pool, parser, tally, outcome, counted) if pool else None
    if blocks is None:
        store.load(_staged_rows(sheet, parser, tally, outcome, progress))
        return
    if keep_to is None:
        store.load_copy_text(blocks)
        return
    store.load_copy_text(kept_parse.keep(keep_to, blocks, lambda: read[0]))
    kept_parse.save(keep_to, total_rows=outcome.total_rows, rejected=list(outcome.rejected), tally=tally)


def _apply_scope(store: PatentStore, scope: WriteScope, tally: Tally, outcome: ImportOutcome) -> None:
    """Reject (and unstage) the rows outside the write scope; the tallies follow the stage."""
    outside = patent_scope.reject_outside(store.stage.name, scope)
    if outside:
        outcome.rejected.extend(outside)
        tally.outside = len(outside)
        tally.applicant_types = Counter(patent_scope.staged_applicant_types(store.stage.name))
        tally.unregistered = patent_scope.staged_unregistered(store.stage.name)


def _staged_rows(
    sheet: SheetRows, parser: RowParser, tally: Tally, outcome: ImportOutcome, progress: Progress
) -> Iterator[tuple]:
    """Staging tuples (one per applicant) of every good row; bad rows go to outcome.rejected."""
    parser.configure(sheet.mapping)
    fast, rejected, first_row, limit = parser.fast, outcome.rejected, sheet.first_data_row, sheet.max_rows
    types = tally.applicant_types
    total = 0
    for offset, raw in enumerate(sheet.rows):
        staged = fast(raw, first_row + offset)
        if staged is None:
            if _is_blank(raw):
                continue
            staged = _slow_row(parser, raw, first_row + offset, rejected)
        total += 1
        if total % PROGRESS_EVERY == 0:
            progress(total)
            if total > limit:
                raise SheetError(f"文件行数超过上限 {limit} 行，请拆分后分批导入。")
        if not staged or tally.is_duplicate(first_row + offset, staged[0][1]):
            continue
        for row in staged:
            types[row[-1]] += 1
            if row[-1] == "unregistered":
                note_unregistered(tally.unregistered, row[NAME_KEY], row[NAME])
        yield from staged
    if total > limit:
        raise SheetError(f"文件行数超过上限 {limit} 行，请拆分后分批导入。")
    outcome.total_rows = total


def _slow_row(parser: RowParser, raw: Any, row_no: int, rejected: list) -> list[tuple]:
    """Any row the fast path declined: full parsing with every error reported."""
    rows, errors, values = parser.staged(raw, row_no)
    if errors:
        rejected.append(_rejected(row_no, errors, values))
    return rows


def _rejected(row_no: int, errors: list[tuple[str, str, str]], values: dict[str, Any]) -> Rejected:
    return Rejected(row_no, [RowError(row_no, c, v, r) for c, v, r in errors], values)


@contextmanager
def _parse_workers(sheet: SheetRows) -> Iterator[WorkerPool | None]:
    """Worker processes for a big csv on PostgreSQL (they write COPY text), else None."""
    stream, workers = sheet.csv_stream, settings.IMPORT_PARSE_WORKERS
    if connection.vendor != "postgresql" or stream is None or workers < 2:
        yield None
    elif stream.size < settings.IMPORT_PARALLEL_MIN_BYTES:
        yield None
    else:
        with WorkerPool(workers) as pool:
            yield pool


def _parallel_copy_blocks(
    sheet: SheetRows, pool: WorkerPool, parser: RowParser, tally: Tally, outcome: ImportOutcome, progress: Progress
) -> Iterator[bytes] | None:
    """COPY text of a big csv parsed in worker processes, in file order; None → parse here.

    Same rows, row numbers and errors as `_staged_rows` (tests compare the two)."""
    stream = sheet.csv_stream
    assert stream is not None
    if not pool.is_ready():
        logger.warning("patent import: parse workers did not start; parsing in process")
        return None
    saved = stream.handle.tell()  # the sequential reader's position, restored if we cannot cut
    pieces = chunks(stream, skip_records=sheet.first_data_row - 1, block_bytes=settings.IMPORT_CHUNK_BYTES)
    try:
        first = next(pieces, None)
    except NotSplittable:
        stream.handle.seek(saved)
        return None
    except csv.Error as exc:
        raise SheetError(csv_error_message(exc, 0)) from exc
    lookup_path = _write_lookup(parser.lookup)
    jobs = (
        ChunkJob(c.data, c.first_record, c.records, stream.text_encoding, stream.dialect, sheet.mapping, lookup_path)
        for c in itertools.chain([first] if first else [], pieces)
    )
    return _collect_chunks(pool.map_ordered(parse_chunk, jobs), lookup_path, sheet, tally, outcome, progress)


def _write_lookup(lookup: Lookup) -> str:
    """The attribution keys for the workers, in a private temp file (0600)."""
    handle, path = tempfile.mkstemp(prefix="breakzero-lookup-", suffix=".pickle")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(lookup, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _collect_chunks(
    results: Iterator[Any], lookup_path: str, sheet: SheetRows, tally: Tally, outcome: ImportOutcome, progress: Progress
) -> Iterator[bytes]:
    total = 0
    try:
        for result in results:
            outcome.rejected.extend(_rejected(row, errors, values) for row, errors, values in result.rejected)
            total += result.rows
            progress(total)
            if total > sheet.max_rows:
                raise SheetError(f"文件行数超过上限 {sheet.max_rows} 行，请拆分后分批导入。")
            duplicates = tally.repeats(result.patent_rows, result.numbers)
            if duplicates:
                yield _without_rows(result.copy_text, duplicates, tally)
                continue
            tally.applicant_types.update(result.applicant_types)
            for key, name in result.unregistered.items():
                note_unregistered(tally.unregistered, key, name)
            yield result.copy_text
    except UnicodeDecodeError as exc:
        raise SheetError("无法识别文件编码（支持 UTF-8、GBK/GB18030）。/ Unknown text encoding.") from exc
    except csv.Error as exc:  # raised in a worker (or while cutting), re-raised here
        raise SheetError(csv_error_message(exc, 0)) from exc
    finally:
        os.unlink(lookup_path)
    outcome.total_rows = total


def _without_rows(copy_text: bytes, rows: set[int], tally: Tally) -> bytes:
    """The chunk's COPY text less the lines of `rows`; the kept lines' applicants are tallied."""
    kept = [line for line in copy_text.decode("utf-8").split("\n")[:-1]  # COPY text: "\n" ends each line
            if int(line.split("\t", 1)[0]) not in rows]  # fmt: skip
    for line in kept:
        cells = line.split("\t")
        tally.applicant_types[cells[-1]] += 1
        if cells[-1] == "unregistered":
            note_unregistered(tally.unregistered, copy_unescape(cells[NAME_KEY]), copy_unescape(cells[NAME]))
    return "".join(line + "\n" for line in kept).encode("utf-8")


def _is_blank(raw: Any) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in raw)


def _duplicate(row: int, first: int, number: str) -> Rejected:
    reason = f"申请号 {number} 与第 {first} 行重复"
    return Rejected(row, [RowError(row, "申请号", number, reason)], {"application_number": number})


def _summary(types: dict[str, int], review_names: int) -> dict[str, int]:
    summary = {f"applicants_{kind}": types.get(kind, 0) for kind in SUMMARY_TYPES}
    summary["applicants_review"] = review_names
    return summary


def _source_name(sheet: SheetRows) -> str:
    name = getattr(sheet, "source_name", "") or ""
    return Path(str(name)).name if name else ""
