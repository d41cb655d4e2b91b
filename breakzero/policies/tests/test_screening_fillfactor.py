"""Migration 0002 leaves half of each policies_screening page free on PostgreSQL (a new as_of's
rewrite of every row then updates in place, HOT) and undoes it; other databases are untouched."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.db import connection

migration = import_module("breakzero.policies.migrations.0002_screening_fillfactor")
pytestmark = pytest.mark.django_db


def _options() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'policies_screening'")
        return cursor.fetchone()[0] or []


def _apply(forward: bool) -> None:
    operation = migration.Migration.operations[0]
    with connection.schema_editor() as editor:
        (operation.code if forward else operation.reverse_code)(None, editor)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a PostgreSQL storage parameter")
def test_screening_fillfactor_migration_sets_and_resets_half_pages():
    _apply(forward=True)  # as migrate leaves it (also under --nomigrations)
    assert _options() == [f"fillfactor={migration.FILLFACTOR}"] and migration.FILLFACTOR == 50
    _apply(forward=False)
    assert _options() == []
    _apply(forward=True)
    assert _options() == ["fillfactor=50"]


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="other databases only")
def test_screening_fillfactor_migration_elsewhere_does_nothing():
    executed = []  # what the migration would run: a stand-in editor on this database's connection
    editor = SimpleNamespace(connection=connection, execute=lambda sql, params=None: executed.append(sql))
    migration.Migration.operations[0].code(None, editor)
    migration.Migration.operations[0].reverse_code(None, editor)
    assert executed == []
