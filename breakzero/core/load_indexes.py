"""Big loads build a table's keys and indexes after the rows are in, not row by row.

PostgreSQL manual, "Populating a Database" (14.4): for a load that at least doubles a table it
is faster to drop the indexes and foreign keys, load, and create them again — an index is then
built by one sort instead of one insertion per row, and a foreign key is checked by one join
instead of one look-up per row at commit.

Only on PostgreSQL and only for big loads (≥ MIN_ROWS rows and ≥ the rows already there; below that the rebuild saves too little).
Everything happens inside the caller's transaction: rebuilding a unique key re-checks the
data, and any failure rolls the whole import back, the dropped definitions included.

The cost is a lock: DROP takes an ACCESS EXCLUSIVE lock on the loaded table until commit
(readers of that table wait). Dropping a foreign key also locks the table it references,
so `own_foreign_keys` on a table that points at the enterprise register makes readers of the
register wait for the load; `constraints` does the same for the tables that point at it.
A first province-wide load can afford seconds of that; an everyday import never qualifies.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Literal

from django.db import connection

from breakzero.core.bulk import execute, fetch, qn

MIN_ROWS = 50_000  # a first break-zero computation of a province (~76,000 events) qualifies
MAINTENANCE_WORK_MEM = "256MB"

Indexes = Sequence[str] | Literal["all"]


@contextmanager
def built_after_load(
    table: str,
    *,
    adding: int | None,
    constraints: bool = False,
    own_foreign_keys: bool = False,
    indexes: Indexes = (),
) -> Iterator[bool]:
    """Inside the block the load runs without the chosen definitions; they are rebuilt after.

    `constraints`: the primary key and unique constraints (with the foreign keys of other
    tables that reference them, which depend on them). `own_foreign_keys`: the table's own
    foreign keys. `indexes`: these plain (non-unique) index names, or "all" of them.
    Yields whether anything was dropped (False: an ordinary load, nothing changed)."""
    if not doubles(table, adding):
        yield False
        return
    drops, rebuilds = _definitions(table, constraints=constraints, own_foreign_keys=own_foreign_keys, indexes=indexes)
    _fire_pending_checks()
    for sql in drops:
        execute(sql)
    yield bool(drops)
    if not rebuilds:
        return
    execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    _fire_pending_checks()
    for sql in rebuilds:
        execute(sql)


def _fire_pending_checks() -> None:
    """PostgreSQL refuses ALTER TABLE and CREATE INDEX on a table with pending trigger events:
    the deferred foreign-key checks of rows written earlier in the transaction (the loaded
    rows under a kept key, or the referenced table's own rows, e.g. regions written by the
    same transaction). Run them now — they would run at commit anyway, with the same result —
    and defer again: every deferrable constraint here is INITIALLY DEFERRED (Django's foreign
    keys), so ALL DEFERRED puts back the mode they started in."""
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    execute("SET CONSTRAINTS ALL DEFERRED")


def doubles(table: str, adding: int | None) -> bool:
    """A load of `adding` rows that is big enough and at least doubles `table` (planner estimate)."""
    if connection.vendor != "postgresql" or not adding or adding < MIN_ROWS:
        return False
    existing = fetch("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass", [table])[0][0]
    return adding >= existing


def _definitions(table: str, *, constraints: bool, own_foreign_keys: bool, indexes: Indexes) -> tuple[list[str], list[str]]:
    """(drop statements, rebuild statements), each rebuilt from its own stored definition.
    Keys come back before the foreign keys that need them."""
    drops: list[str] = []
    keys: list[str] = []
    foreign: list[str] = []
    plain_indexes: list[str] = []
    if own_foreign_keys:
        own = fetch(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        drops += [f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}" for name, _ in own]
        foreign += [f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}" for name, definition in own]
    if constraints:
        referencing = fetch(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE confrelid = %s::regclass AND contype = 'f' AND NOT (%s AND conrelid = %s::regclass) ORDER BY 1, 2",
            [table, own_foreign_keys, table],
        )  # a self-reference already dropped as an own foreign key is not dropped twice
        own_keys = fetch(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
            " AND contype IN ('p', 'u') ORDER BY contype, conname",
            [table],
        )
        drops += [f"ALTER TABLE {ref} DROP CONSTRAINT {qn(name)}" for ref, name, _ in referencing]
        drops += [f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}" for name, _ in own_keys]
        keys += [f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}" for name, definition in own_keys]
        foreign += [f"ALTER TABLE {ref} ADD CONSTRAINT {qn(name)} {definition}" for ref, name, definition in referencing]
    if indexes:
        # Plain indexes only: unique ones and those behind a constraint are the constraints' business.
        plain = fetch(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
            " ORDER BY i.relname",
            [table],
        )
        if indexes != "all":
            wanted = set(indexes)
            plain = [(name, definition) for name, definition in plain if name in wanted]
        drops += [f"DROP INDEX {qn(name)}" for name, _ in plain]
        plain_indexes += [definition for _, definition in plain]
    return drops, keys + plain_indexes + foreign
