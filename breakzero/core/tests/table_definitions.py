"""What a load must leave as it found it: a table's keys, foreign keys and indexes.

Shared by the first-load tests (core.load_indexes and its callers). Sorted on every column: a
unique constraint and the index behind it share a name, and sorting on the name alone left
their order to the planner — the comparison then failed by test order, not by a defect."""

from __future__ import annotations

from django.db import connection


def table_definitions(*tables: str) -> tuple[list[tuple], list[tuple]]:
    """(constraints of the tables or referencing them, their indexes), each sorted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]) ORDER BY 1, 2, 3",
            [list(tables), list(tables)],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT tablename::text, indexname::text, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " ORDER BY 1, 2, 3",
            [list(tables)],
        )
        return constraints, cursor.fetchall()
