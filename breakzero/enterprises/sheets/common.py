"""Shared machinery of the enterprise and yearly importers: row loop, duplicates, scope, SQL bits.

The loop streams the sheet once: each row is parsed (pure), duplicates are resolved
(identical rows count once; the same key with different values rejects the later row
naming the earlier one), good rows go to staging tables in batches, bad rows are kept
with their original values for the downloadable error report.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from breakzero.accounts.models import OFFICIAL_ROLES, Role
from breakzero.core.bulk import StagingTable, qn
from breakzero.core.imports import PROGRESS_EVERY, Progress, Rejected, WriteScope
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_decimal, parse_int

logger = logging.getLogger(__name__)
NAME_SEPARATORS = re.compile(r"[;；、]")
LIST_SEPARATORS = re.compile(r"[;；、,，/|\n]")
MONEY_LIMIT = Decimal("100000000000000")  # numeric(16,2)
CENT = Decimal("0.01")
MAX_NOTES = 20
FLUSH_EVERY = 5000


@dataclass
class ParsedRow:
    """One good row: its duplicate key and the tuples it adds to each staging table."""

    key: Any
    staged: dict[str, list[tuple]]
    notes: list[str] = field(default_factory=list)
    # Equal for two rows exactly when their staged tuples are equal; None: the tuples' own hash.
    digest: int | None = None


class RowParser:
    """Collects every problem of one row (a row can be wrong in several columns)."""

    def __init__(self, row: int, values: dict[str, Any], columns: dict[str, Column]) -> None:
        self.row = row
        self.values = values
        self.columns = columns
        self.errors: list[RowError] = []

    def field(self, key: str, parse: Callable[[Any], Any]) -> Any:
        """`parse(raw)` for the column `key`; a ValueError becomes a row error, returns None."""
        raw = self.values.get(key)
        try:
            return parse(raw)
        except ValueError as exc:
            self.error(key, _zh(str(exc)))
            return None

    def error(self, key: str, reason: str) -> None:
        header = self.columns[key].header if key in self.columns else ""
        self.errors.append(RowError(self.row, header, cell_text(self.values.get(key)), reason))


@dataclass
class LoopResult:
    rejected: list[Rejected] = field(default_factory=list)
    total: int = 0
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)
    note_count: int = 0


def stream_rows(
    sheet: SheetRows,
    *,
    parse: Callable[[RowParser], ParsedRow | None],
    stages: dict[str, StagingTable],
    key_column: str,
    key_label: str,
    progress: Progress,
) -> LoopResult:
    """Parse every row, stage the good ones, collect the bad ones (see module docstring)."""
    columns = {c.key: c for c in sheet.columns}
    result = LoopResult()
    seen: dict[Any, tuple[int, int]] = {}
    buffers: dict[str, list[tuple]] = {name: [] for name in stages}
    for row, values in sheet:
        result.total += 1
        parser = RowParser(row, values, columns)
        parsed = parse(parser)
        if parsed is not None and not parser.errors:
            _dedupe(parser, parsed, seen, (key_column, key_label), result, buffers)
        if parser.errors:
            result.rejected.append(Rejected(row=row, errors=parser.errors, values=values))
        if result.total % PROGRESS_EVERY == 0:
            progress(result.total)
        if result.total % FLUSH_EVERY == 0:
            _flush(buffers, stages)
    _flush(buffers, stages)
    progress(result.total)
    return result


def _dedupe(
    parser: RowParser, parsed: ParsedRow, seen: dict, key: tuple[str, str], result: LoopResult, buffers: dict
) -> None:
    digest = parsed.digest if parsed.digest is not None else hash(tuple(map(tuple, parsed.staged.values())))
    earlier = seen.get(parsed.key)
    if earlier is not None:
        if earlier[1] == digest:
            result.duplicates += 1
        else:
            parser.error(key[0], f"与第 {earlier[0]} 行的{key[1]}相同但内容不同，请核对后只保留一行")
        return
    seen[parsed.key] = (parser.row, digest)
    for name, rows in parsed.staged.items():
        buffers[name].extend(rows)
    for note in parsed.notes:
        result.note_count += 1
        if len(result.notes) < MAX_NOTES:
            result.notes.append(f"第 {parser.row} 行：{note}")


def _flush(buffers: dict[str, list[tuple]], stages: dict[str, StagingTable]) -> None:
    for name, rows in buffers.items():
        if rows:
            stages[name].load(rows)
            rows.clear()


# ---------------------------------------------------------------- scope and values


def region_scope(scope: WriteScope) -> Callable[[str | None, str | None], bool] | None:
    """Predicate (county_code, city_code) → may this import write there; None = everywhere
    (the shell, province officials, administrators; core.import_scope decides)."""
    return None if scope.is_everywhere else scope.allows


def can_import(user: Any) -> bool:
    """Officials (within their region) and system administrators import the register."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in OFFICIAL_ROLES or user.role == Role.SYSTEM_ADMIN


def text(raw: Any, *, max_length: int, label: str) -> str:
    value = re.sub(r"\s+", " ", cell_text(raw)).strip()
    if len(value) > max_length:
        raise ValueError(f"{label}过长（{len(value)} 字，上限 {max_length} 字）")
    return value


def money(raw: Any, *, allow_negative: bool = False) -> Decimal | None:
    """An amount in 万元, two decimals (half up); numbers from xlsx take a fast path."""
    if type(raw) is float or type(raw) is int:
        if raw < 0 and not allow_negative:
            raise ValueError(f"不能为负数：{raw}")
        value = Decimal(repr(raw))
    else:
        value = parse_decimal(raw, allow_negative=allow_negative)
    if value is None:
        return None
    if not value.is_finite():
        raise ValueError("不是有效的数字")
    if abs(value) >= MONEY_LIMIT:
        raise ValueError(f"数值过大：{value}（单位为万元）")
    if value.as_tuple().exponent >= -2:  # type: ignore[operator]
        return value
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def count(raw: Any) -> int | None:
    """A head count; whole numbers from xlsx take a fast path."""
    if type(raw) is float and raw.is_integer() and raw >= 0:
        return int(raw)
    if type(raw) is int and raw >= 0:
        return raw
    return parse_int(raw)


def split_list(raw: Any, pattern: re.Pattern) -> list[str]:
    return [part.strip() for part in pattern.split(cell_text(raw)) if part.strip()]


def now_sql() -> str:
    """SQL for "now" in timestamp columns (PostgreSQL now(); SQLite Django's stored format)."""
    if connection.vendor == "postgresql":
        return "now()"
    stamp = timezone.now().astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    return f"'{stamp}'"


def distinct_sql() -> str:
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def fetch_column(sql: str) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def execute(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def table(model: Any) -> str:
    return qn(model._meta.db_table)


def summary_notes(result: LoopResult) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    if result.duplicates:
        summary["重复行（已合并）"] = result.duplicates
    if result.note_count:
        summary["提示"] = result.note_count
        more = f"（另有 {result.note_count - len(result.notes)} 条）" if result.note_count > len(result.notes) else ""
        summary["提示明细"] = "；".join(result.notes) + more
    return summary


@contextmanager
def phase(kind: str, name: str) -> Iterator[None]:
    """Log how long one step of an import took (the benches split an import's time with it)."""
    started, cpu = time.perf_counter(), time.process_time()
    yield
    logger.info("import %s: %s took %.2f s (this process's CPU %.2f s)", kind, name, time.perf_counter() - started,
                time.process_time() - cpu)


def iter_chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _zh(message: str) -> str:
    """The Chinese half of a rules message ("中文 / English")."""
    return message.split(" / ", 1)[0]
