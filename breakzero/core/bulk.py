"""Set-based bulk writes: stream rows into a staging table, then one INSERT … ON CONFLICT.

On PostgreSQL rows go in with COPY; on SQLite with executemany into a TEMP table.
Counts of created / updated / unchanged rows are computed in SQL against the target
before the upsert, so a preview can run the same code and roll back.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

BATCH = 5000


@dataclass(frozen=True)
class StageColumn:
    """A staging column: `name` matches the target column; `sql_type` is portable SQL."""

    name: str
    sql_type: str  # e.g. "varchar(200)", "date", "numeric(20,4)", "bigint", "integer", "boolean", "text"


@dataclass
class ChangeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: "ChangeCounts") -> "ChangeCounts":
        return ChangeCounts(self.created + other.created, self.updated + other.updated, self.unchanged + other.unchanged)


class StagingTable:
    """A temporary table living for the current connection; use inside a transaction."""

    def __init__(self, columns: Sequence[StageColumn], *, prefix: str = "stage") -> None:
        self.columns = list(columns)
        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.rows = 0

    @property
    def is_postgres(self) -> bool:
        return connection.vendor == "postgresql"

    def create(self) -> "StagingTable":
        cols = ", ".join(f"{qn(c.name)} {c.sql_type}" for c in self.columns)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE {qn(self.name)} ({cols})")
        return self

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {qn(self.name)}")

    def __enter__(self) -> "StagingTable":
        return self.create()

    def __exit__(self, *exc: Any) -> None:
        self.drop()

    def load(self, rows: Iterable[Sequence[Any]]) -> int:
        """Append rows (tuples in column order); returns how many were loaded."""
        loaded = 0
        if self.is_postgres:
            names = ", ".join(qn(c.name) for c in self.columns)
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {qn(self.name)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        loaded += 1
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {qn(self.name)} VALUES ({marks})"
            iterator = iter(rows)
            with connection.cursor() as cursor:
                while batch := list(itertools.islice(iterator, BATCH)):
                    cursor.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in batch])
                    loaded += len(batch)
        self.rows += loaded
        return loaded

    def load_copy_text(self, blocks: Iterable[bytes]) -> None:
        """Append rows given as ready COPY text (PostgreSQL only; see core.copy_text)."""
        names = ", ".join(qn(c.name) for c in self.columns)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {qn(self.name)} ({names}) FROM STDIN") as copy:
                for block in blocks:
                    copy.write(block)
            self.rows += max(cursor.cursor.rowcount, 0)

    def index(self, *columns: str) -> None:
        cols = ", ".join(qn(c) for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX {qn(self.name + '_' + columns[0] + '_ix')} ON {qn(self.name)} ({cols})")
            if self.is_postgres:
                cursor.execute(f"ANALYZE {qn(self.name)}")

    def fill_blanks_from(self, target: str, *, keys: Sequence[str], columns: Sequence[str]) -> int:
        """A blank cell never erases a stored value: staged NULLs (and '' in text columns) of
        rows already in `target` (matched on `keys`) take the stored value, in one UPDATE.
        Call before count_changes/upsert, which then see no change for those cells."""
        types = {c.name: c.sql_type for c in self.columns}
        s, t = qn(self.name), qn(target)

        def blank(alias: str, column: str) -> str:
            text = types[column].startswith(("varchar", "text", "char"))
            return f"({alias}.{qn(column)} IS NULL{f' OR {alias}.{qn(column)} = {chr(39) * 2}' if text else ''})"

        on = " AND ".join(f"t.{qn(k)} = {s}.{qn(k)}" for k in keys)
        sets = ", ".join(
            f"{qn(c)} = (SELECT CASE WHEN {blank(s, c)} THEN t.{qn(c)} ELSE {s}.{qn(c)} END FROM {t} t WHERE {on})"
            for c in columns
        )
        needed = " OR ".join(f"({blank(s, c)} AND NOT {blank('t', c)})" for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {s} SET {sets} WHERE EXISTS (SELECT 1 FROM {t} t WHERE {on} AND ({needed}))")
            return cursor.rowcount

    def count_changes(self, target: str, *, keys: Sequence[str], compare: Sequence[str]) -> ChangeCounts:
        """How the staged rows would change `target` (matched on `keys`, compared on `compare`).

        Aggregate FILTER works on PostgreSQL and on SQLite ≥ 3.30."""
        on = " AND ".join(f"t.{qn(k)} = s.{qn(k)}" for k in keys)
        differs = _differs("t", "s", compare)
        sql = (
            f"SELECT COUNT(*) FILTER (WHERE t.{qn(keys[0])} IS NULL),"
            f" COUNT(*) FILTER (WHERE t.{qn(keys[0])} IS NOT NULL AND {differs}),"
            f" COUNT(*) FILTER (WHERE t.{qn(keys[0])} IS NOT NULL AND NOT ({differs}))"
            f" FROM {qn(self.name)} s LEFT JOIN {qn(target)} t ON {on}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            created, updated, unchanged = cursor.fetchone()
        return ChangeCounts(int(created or 0), int(updated or 0), int(unchanged or 0))

    def upsert(
        self,
        target: str,
        *,
        keys: Sequence[str],
        update: Sequence[str],
        insert_extra: dict[str, str] | None = None,
        update_extra: dict[str, str] | None = None,
        returning: str = "",
        where: str = "",
        part: tuple[int, int] | None = None,
    ) -> int | list[Any]:
        """INSERT … SELECT … ON CONFLICT (keys) DO UPDATE only where something differs.

        `insert_extra` maps extra target columns to SQL expressions (e.g. created_at = now);
        `update_extra` adds assignments applied only when a row really changes. With
        `returning` (a target column; PostgreSQL), the distinct values of that column over the
        rows inserted or changed, from the same statement, instead of the row count. `where`
        (SQL on the staging rows, alias s) writes only those rows: a big load in parts, each
        `part` (i, n) marked at the statement's start for the job page (core.import_progress).
        """
        insert_extra = insert_extra or {}
        cols = [c.name for c in self.columns]
        target_cols = ", ".join(qn(c) for c in [*cols, *insert_extra])
        select_cols = ", ".join([f"s.{qn(c)}" for c in cols] + list(insert_extra.values()))
        assignments = [f"{qn(c)} = excluded.{qn(c)}" for c in update]
        assignments += [f"{qn(c)} = {expr}" for c, expr in (update_extra or {}).items()]
        differs = _differs(qn(target), "excluded", update)
        conflict = ", ".join(qn(k) for k in keys)
        action = f"DO UPDATE SET {', '.join(assignments)} WHERE {differs}" if update else "DO NOTHING"
        # SQLite needs a WHERE to parse ON CONFLICT after SELECT
        where = f" WHERE {where}" if where else " WHERE true" if not self.is_postgres else ""
        sql = (
            f"INSERT INTO {qn(target)} ({target_cols}) SELECT {select_cols} FROM {qn(self.name)} s{where}"
            f" ON CONFLICT ({conflict}) {action}"
        )
        if returning:
            sql = f"WITH written AS ({sql} RETURNING {qn(returning)}) SELECT DISTINCT {qn(returning)} FROM written"
        if part:
            sql = part_marker(*part) + sql
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()] if returning else cursor.rowcount


def _differs(left: str, right: str, columns: Sequence[str]) -> str:
    if not columns:
        return "false"
    if connection.vendor == "postgresql":
        lhs = ", ".join(f"{left}.{qn(c)}" for c in columns)
        rhs = ", ".join(f"{right}.{qn(c)}" for c in columns)
        return f"(ROW({lhs}) IS DISTINCT FROM ROW({rhs}))"
    return "(" + " OR ".join(f"{left}.{qn(c)} IS NOT {right}.{qn(c)}" for c in columns) + ")"


def _sqlite_value(value: Any) -> Any:
    # SQLite stores Decimals as text through Django's adapters only for ORM fields; keep numbers numeric.
    if isinstance(value, Decimal):
        return str(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def execute(sql: str, params: Sequence[Any] | None = None) -> int:
    """Run one statement on the default connection; the rows it touched (-1 when unknown)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """Run one query on the default connection; all its rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def part_marker(number: int, count: int) -> str:
    """The comment that opens statement `number` of `count` writing one load in parts: the job
    page (core.import_progress) shows it as （第 i/n 批）."""
    return f"/* part {int(number)}/{int(count)} */ "
