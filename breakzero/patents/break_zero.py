"""THE break-zero rule (破零), in one place, recomputed set-based in SQL.

Rule (codes.md §2.6, policy-rules.md §0):
* An enterprise breaks zero on the grant announcement date (授权公告日) of its earliest
  granted invention patent: kind `invention` or `pct_invention` (application type digit 1
  or 8). Utility models and designs never count; an application publication (A) is not a
  grant. A patent is granted when it has a grant announcement date — the import fills it
  from the 公开（公告）日 of a B/C grant document when the file has no 授权公告日 column
  (C1–C7 partial invalidations are not grants). Patents later rejected, withdrawn or
  declared wholly invalid (void from the start, 专利法第四十七条) are ignored; a later lapse
  or transfer does not undo the event.
* Any applicant position counts (co-applicants share the patent); ties on the date are
  broken by the application number so the result is deterministic.
* The event counts for year Y (the date's year) when the enterprise was an SME in Y:
  size from EnterpriseYear of Y, else the nearest earlier year; no size known → counts,
  flagged `size_known = False`.
* Events before the programme (year < 2020) are kept and shown as "破零 before 2020".
* UNCONFIRMED (policy-rules.md §0): whether 破零 is counted on grant or on application.
  settings.BREAK_ZERO_BASIS = "grant" (default) | "application"; with "application" the
  date is the application date (申请日) of the earliest invention application, any status.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from breakzero.core.bulk import execute, fetch, qn, _differs
from breakzero.core.load_indexes import built_after_load

SME_SIZES = ("medium", "small", "micro")
PROGRAMME_START_YEAR = 2020
EXCLUDED_STATUSES = ("rejected", "withdrawn", "invalidated")
EVENT = "patents_breakzeroevent"
# Past this many ids a scoped recompute costs more than recomputing everyone (one set-based
# pass over all applicants, ~2.5 s on 1 M patents) and gives the same rows for them.
FULL_RECOMPUTE_MIN_IDS = 20_000
WORK_MEM = "64MB"
COLUMNS = ("patent_id", "break_zero_date", "year", "size", "is_sme", "size_known", "basis")


def basis() -> str:
    value = getattr(settings, "BREAK_ZERO_BASIS", "grant")
    return "application" if value == "application" else "grant"


def break_zero_recompute(*, enterprise_ids: Sequence[int] | None = None) -> int:
    """Recompute BreakZeroEvent for these enterprises (None = all); returns rows written."""
    if enterprise_ids is not None and not enterprise_ids:
        return 0
    # Outside a caller's transaction no foreign-key check of its writes is pending, so a big
    # first load may drop and rebuild the events' keys (PostgreSQL refuses to alter a table
    # with pending checks).
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if enterprise_ids is None or len(set(enterprise_ids)) >= FULL_RECOMPUTE_MIN_IDS:
            return _recompute(None, may_drop_keys=outermost)
        with id_table(enterprise_ids) as scope:
            return _recompute(scope, may_drop_keys=False)


def refresh(*, sources: list[str], enterprise_ids: list[int] | None = None) -> None:
    """core.hooks refresher 'break_zero' (order 10): patents or enterprise data changed."""
    break_zero_recompute(enterprise_ids=enterprise_ids)


@contextmanager
def id_table(ids: Iterable[int]) -> Iterator[str]:
    """The ids in a temporary one-column table (`enterprise_id`, primary key) for joins: one
    statement however many ids, where IN lists of 900 ran the whole query once per list."""
    name = f"tmp_ids_{uuid.uuid4().hex[:12]}"
    execute(f"CREATE TEMP TABLE {qn(name)} (enterprise_id bigint PRIMARY KEY)")
    values = sorted(set(ids))
    try:
        if connection.vendor == "postgresql":
            execute(f"INSERT INTO {qn(name)} SELECT unnest(%s::bigint[])", [values])
        else:
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {qn(name)} VALUES (%s)", [(v,) for v in values])
        execute(f"ANALYZE {qn(name)}")
        yield name
    finally:
        execute(f"DROP TABLE IF EXISTS {qn(name)}")


def _recompute(id_table_name: str | None, *, may_drop_keys: bool) -> int:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = "" if id_table_name is None else f"SELECT enterprise_id FROM {qn(id_table_name)}"
    scope = "" if id_table_name is None else f" AND pa.enterprise_id IN ({ids})"
    current = f"tmp_break_zero_{uuid.uuid4().hex[:12]}"
    if connection.vendor == "postgresql":
        # The window over every applicant sorts in memory, not in batches on disk; no JIT
        # compilation (it costs more than it saves on this plan). Until the transaction ends.
        execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        execute("SET LOCAL jit = off")
    created = execute(f"CREATE TEMP TABLE {qn(current)} AS {_first_events_sql(scope)}", [])  # [] → "%%" reads as "%"
    # A first computation of a big register (core.load_indexes: the new events at least double
    # the table): its keys, indexes and own foreign keys are built after the rows, one sort or
    # join each, not checked row by row. A recompute over stored events adds few: the upsert.
    adding = None
    if may_drop_keys and id_table_name is None:
        adding = created - fetch(f"SELECT COUNT(*) FROM {qn(EVENT)}")[0][0]
    with built_after_load(EVENT, adding=adding, constraints=True, own_foreign_keys=True, indexes="all") as dropped:
        written = _write_without_keys(current, now) if dropped else _upsert(current, now)
        stale = "" if id_table_name is None else f" AND enterprise_id IN ({ids})"
        written += execute(
            f"DELETE FROM {qn(EVENT)} WHERE enterprise_id NOT IN (SELECT enterprise_id FROM {qn(current)}){stale}"
        )
    execute(f"DROP TABLE {qn(current)}")
    return written


def _upsert(current: str, now: Any) -> int:
    """New events inserted, changed ones updated (unchanged rows are not rewritten)."""
    differs = _differs(qn(EVENT), "excluded", COLUMNS)
    sets = ", ".join(f"{qn(c)} = excluded.{qn(c)}" for c in (*COLUMNS, "updated_at"))
    return execute(
        f"INSERT INTO {qn(EVENT)} (enterprise_id, {', '.join(COLUMNS)}, created_at, updated_at)"
        f" SELECT enterprise_id, {', '.join(COLUMNS)}, %s, %s FROM {qn(current)} WHERE true"
        f" ON CONFLICT (enterprise_id) DO UPDATE SET {sets} WHERE {differs}",
        [now, now],
    )


def _write_without_keys(current: str, now: Any) -> int:
    """What _upsert does, without the unique key it needs (dropped for the load): events that
    exist and differ are updated, the others inserted (an empty table: just the INSERT)."""
    event = qn(EVENT)
    written = 0
    missing = ""
    if fetch(f"SELECT EXISTS (SELECT 1 FROM {event})")[0][0]:
        sets = ", ".join(f"{qn(c)} = c.{qn(c)}" for c in COLUMNS)
        written += execute(
            f"UPDATE {event} SET {sets}, updated_at = %s FROM {qn(current)} c"
            f" WHERE {event}.enterprise_id = c.enterprise_id AND {_differs(event, 'c', COLUMNS)}",
            [now],
        )
        missing = f" WHERE NOT EXISTS (SELECT 1 FROM {event} x WHERE x.enterprise_id = c.enterprise_id)"
    written += execute(
        f"INSERT INTO {event} (enterprise_id, {', '.join(COLUMNS)}, created_at, updated_at)"
        f" SELECT c.enterprise_id, {', '.join(f'c.{qn(name)}' for name in COLUMNS)}, %s, %s FROM {qn(current)} c{missing}",
        [now, now],
    )
    return written


def _first_events_sql(scope: str) -> str:
    """Earliest qualifying patent per enterprise (window function: PostgreSQL and SQLite)."""
    date_column = "application_date" if basis() == "application" else "grant_date"
    statuses = ", ".join(f"'{s}'" for s in EXCLUDED_STATUSES)
    status_filter = "" if basis() == "application" else f" AND p.legal_status NOT IN ({statuses})"
    year = _year_sql("f.d")
    # An optimisation fence (PostgreSQL manual, "SELECT", LIMIT clause / subqueries with OFFSET
    # are not flattened): without it the outer query inlines `size` and runs its subquery once
    # per use (four times per event), with it once.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    smes = ", ".join(f"'{s}'" for s in SME_SIZES)
    size = (
        "(SELECT y.size FROM enterprises_enterpriseyear y WHERE y.enterprise_id = f.enterprise_id"
        f" AND y.year <= {year} AND y.size <> '' ORDER BY y.year DESC LIMIT 1)"
    )
    return (
        f"SELECT g.enterprise_id, g.patent_id, g.d AS break_zero_date, g.year, COALESCE(g.size, '') AS size,"
        f" CASE WHEN g.size IS NULL OR g.size IN ({smes}) THEN 1 ELSE 0 END = 1 AS is_sme,"
        f" g.size IS NOT NULL AS size_known, '{basis()}' AS basis FROM ("
        f"SELECT f.enterprise_id, f.patent_id, f.d, {year} AS year, {size} AS size FROM ("
        f"SELECT pa.enterprise_id, p.id AS patent_id, p.{date_column} AS d, ROW_NUMBER() OVER ("
        f"PARTITION BY pa.enterprise_id ORDER BY p.{date_column}, p.application_number) AS rn"
        f" FROM patents_patentapplicant pa JOIN patents_patent p ON p.id = pa.patent_id"
        f" WHERE pa.enterprise_id IS NOT NULL AND p.kind IN ('invention', 'pct_invention')"
        f" AND p.{date_column} IS NOT NULL{status_filter}{scope}) f WHERE f.rn = 1{fence}) g"
    )


def _year_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)"
