"""Big loads rebuild keys, foreign keys and indexes exactly as they were (core.load_indexes)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from breakzero.core import load_indexes
from breakzero.core.load_indexes import built_after_load
from breakzero.core.tests.table_definitions import table_definitions

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the rebuild is PostgreSQL's"),
]

TABLES = """
CREATE TABLE lx_parent (id integer PRIMARY KEY, up_id integer REFERENCES lx_parent (id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE lx_loaded (
    id integer PRIMARY KEY,
    code varchar(10) NOT NULL UNIQUE,
    parent_id integer NOT NULL REFERENCES lx_parent (id) DEFERRABLE INITIALLY DEFERRED,
    previous_id integer REFERENCES lx_loaded (id) DEFERRABLE INITIALLY DEFERRED,
    note text
);
CREATE INDEX lx_loaded_note_ix ON lx_loaded (note);
CREATE INDEX lx_loaded_parent_ix ON lx_loaded (parent_id);
CREATE TABLE lx_child (id integer PRIMARY KEY, loaded_id integer REFERENCES lx_loaded (id));
INSERT INTO lx_parent VALUES (1), (2);
"""


@pytest.fixture
def tables(monkeypatch):
    monkeypatch.setattr(load_indexes, "MIN_ROWS", 10)
    with connection.cursor() as cursor:
        cursor.execute(TABLES)
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS lx_child, lx_loaded, lx_parent")


def definitions() -> tuple[list, list]:
    return table_definitions("lx_loaded")


def load(rows: int, *, duplicate: bool = False, parent: int = 1) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO lx_loaded (id, code, parent_id, previous_id, note)"
            " SELECT g, 'c' || g, %s, NULLIF(g - 1, 0), 'n' || (g %% 7) FROM generate_series(1, %s) g",
            [parent, rows],
        )
        if duplicate:
            cursor.execute("INSERT INTO lx_loaded (id, code, parent_id) VALUES (%s, 'c1', 1)", [rows + 1])


def test_built_after_load_big_load_drops_everything_chosen_and_rebuilds_it_as_it_was(tables):
    before = definitions()
    with transaction.atomic():
        with built_after_load("lx_loaded", adding=50, constraints=True, own_foreign_keys=True, indexes="all") as dropped:
            assert dropped
            during = definitions()
            load(50)
    assert during == ([], [])  # keys, own and referencing foreign keys, plain indexes: all out during the load
    assert definitions() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM lx_loaded")
        assert cursor.fetchone()[0] == 50


def test_built_after_load_chosen_indexes_only_leaves_the_rest(tables):
    before = definitions()
    with transaction.atomic():
        with built_after_load("lx_loaded", adding=50, indexes=("lx_loaded_note_ix",)):
            constraints, indexes = definitions()
            load(50)
    assert constraints == before[0]
    assert [row[1] for row in indexes] == [row[1] for row in before[1] if row[1] != "lx_loaded_note_ix"]
    assert definitions() == before


def test_built_after_load_small_or_not_doubling_load_changes_nothing(tables):
    before = definitions()
    with transaction.atomic():
        with built_after_load("lx_loaded", adding=5, constraints=True, indexes="all") as dropped:
            assert not dropped and definitions() == before
            load(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lx_loaded")  # the planner's estimate now says 5 rows are there
    with transaction.atomic():
        with built_after_load("lx_loaded", adding=4, indexes="all") as dropped:
            assert not dropped


def test_built_after_load_duplicate_key_fails_and_rolls_back_with_definitions_intact(tables):
    before = definitions()
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            with built_after_load("lx_loaded", adding=50, constraints=True, own_foreign_keys=True, indexes="all"):
                load(50, duplicate=True)
    assert definitions() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM lx_loaded")
        assert cursor.fetchone()[0] == 0


def test_built_after_load_broken_reference_is_refused_when_the_foreign_key_returns(tables):
    before = definitions()
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            with built_after_load("lx_loaded", adding=50, own_foreign_keys=True):
                load(50, parent=99)  # no such parent: checked once, set-wise, when the key is re-added
    assert definitions() == before


def test_built_after_load_referenced_rows_written_in_the_same_transaction_do_not_block(tables):
    """A new parent row leaves a deferred check pending on lx_parent; dropping lx_loaded's key to
    it alters lx_parent, which PostgreSQL refuses while such events are pending (as a first load of
    the register would, in a transaction that also wrote regions)."""
    before = definitions()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO lx_parent VALUES (3, 1)")
        with built_after_load("lx_loaded", adding=50, own_foreign_keys=True, indexes="all"):
            load(50, parent=3)
    assert definitions() == before


def test_every_deferrable_constraint_starts_deferred():
    """_fire_pending_checks ends with SET CONSTRAINTS ALL DEFERRED, right only while no deferrable
    constraint is INITIALLY IMMEDIATE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace AND condeferrable AND NOT condeferred"
        )
        assert cursor.fetchall() == []
