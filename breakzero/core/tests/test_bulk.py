"""StagingTable on both databases: counts before the write, then one upsert that touches only changes."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from breakzero.core.bulk import StageColumn, StagingTable

pytestmark = pytest.mark.django_db
COLUMNS = [StageColumn("code", "varchar(6)"), StageColumn("name", "varchar(50)"), StageColumn("amount", "numeric(12,2)")]


@pytest.fixture
def target():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bulk_target (code varchar(6) PRIMARY KEY, name varchar(50), amount numeric(12,2))")
        cursor.execute("INSERT INTO bulk_target VALUES ('A', '甲', 1.50), ('B', '乙', 2.00), ('C', NULL, NULL)")
    yield "bulk_target"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bulk_target")


def _rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, name, amount FROM {table} ORDER BY code")
        return [(c, n, None if a is None else Decimal(str(a))) for c, n, a in cursor.fetchall()]


def test_staging_counts_then_upsert_changes_only_what_differs(target):
    staged = [("A", "甲", Decimal("1.50")), ("B", "乙乙", Decimal("2.00")), ("C", None, None), ("D", "丁", Decimal("4"))]
    with transaction.atomic(), StagingTable(COLUMNS) as stage:
        assert stage.load(iter(staged)) == 4
        counts = stage.count_changes(target, keys=["code"], compare=["name", "amount"])
        assert (counts.created, counts.updated, counts.unchanged) == (1, 1, 2)
        written = stage.upsert(target, keys=["code"], update=["name", "amount"])
    assert written == 2  # B updated, D inserted; A and C (NULLs equal) untouched
    assert _rows(target) == [("A", "甲", Decimal("1.50")), ("B", "乙乙", Decimal("2.00")), ("C", None, None),
                             ("D", "丁", Decimal("4.00"))]


def test_staging_upsert_again_writes_nothing(target):
    staged = [("A", "甲", Decimal("1.5")), ("C", None, None)]
    with transaction.atomic(), StagingTable(COLUMNS) as stage:
        stage.load(staged)
        counts = stage.count_changes(target, keys=["code"], compare=["name", "amount"])
        assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 2)
        assert stage.upsert(target, keys=["code"], update=["name", "amount"]) == 0
