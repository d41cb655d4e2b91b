"""A load that at least doubles the register or the yearly table is written without the plain
indexes and own foreign keys (core.load_indexes) and ends with exactly the definitions it started
with; a failure inside rolls everything back, the dropped definitions included."""

import io

import pytest
from django.db import connection

from breakzero.core import load_indexes
from breakzero.core.bulk import StagingTable
from breakzero.core.imports import get_importer, run_file
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.tests.fixtures.builders import (
    ENTERPRISE_HEADERS,
    YEARLY_HEADERS,
    csv_bytes,
    enterprise_row,
    uscc,
    yearly_row,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="load_indexes acts on PostgreSQL only"),
]


@pytest.fixture
def small_loads_qualify(monkeypatch):
    monkeypatch.setattr(load_indexes, "MIN_ROWS", 1)


def _definitions(model) -> list[tuple[str, str]]:
    """Every index and constraint of the table, by name and definition."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s UNION ALL"
            " SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass ORDER BY 1",
            [table, table],
        )
        return cursor.fetchall()


def _enterprise_import(count: int):
    data = csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(n) for n in range(1, count + 1)])
    return run_file(get_importer("enterprises"), io.BytesIO(data), user=None, apply=True, skip_invalid=False)


def _yearly_import(count: int):
    rows = [yearly_row(uscc(n), year) for n in range(1, count + 1) for year in (2022, 2023)]
    data = csv_bytes(YEARLY_HEADERS, rows)
    return run_file(get_importer("enterprise-years"), io.BytesIO(data), user=None, apply=True, skip_invalid=False)


def _dropped_during(monkeypatch, model) -> list[list[tuple[str, str]]]:
    """What the table holds while its rows are upserted (seen from inside the load)."""
    seen, upsert = [], StagingTable.upsert

    def spying(self, target, **kwargs):
        if target == model._meta.db_table:
            seen.append(_definitions(model))
        return upsert(self, target, **kwargs)

    monkeypatch.setattr(StagingTable, "upsert", spying)
    return seen


def test_enterprise_first_load_built_after_keeps_every_definition(small_loads_qualify, monkeypatch):
    before = _definitions(Enterprise)
    during = _dropped_during(monkeypatch, Enterprise)
    outcome = _enterprise_import(3)
    assert outcome.counts.created == 3
    assert len(during) == 1 and len(during[0]) < len(before)  # the plain indexes and FKs were off
    assert any("uscc" in definition and "UNIQUE" in definition for _name, definition in during[0])
    assert _definitions(Enterprise) == before


def test_yearly_first_load_built_after_keeps_every_definition(small_loads_qualify, monkeypatch):
    _enterprise_import(3)
    before = _definitions(EnterpriseYear)
    during = _dropped_during(monkeypatch, EnterpriseYear)
    outcome = _yearly_import(3)
    assert outcome.counts.created == 6
    assert len(during) == 1 and len(during[0]) < len(before)
    assert _definitions(EnterpriseYear) == before
    assert EnterpriseYear.objects.filter(enterprise__uscc=uscc(2)).count() == 2


def test_yearly_load_failing_inside_rolls_back_rows_and_definitions(small_loads_qualify, monkeypatch):
    _enterprise_import(2)
    before = _definitions(EnterpriseYear)

    def failing(self, target, **kwargs):
        raise RuntimeError("load failed")

    monkeypatch.setattr(StagingTable, "upsert", failing)
    with pytest.raises(RuntimeError):
        _yearly_import(2)
    assert _definitions(EnterpriseYear) == before
    assert not EnterpriseYear.objects.exists()


def test_yearly_reimport_of_same_rows_drops_nothing(small_loads_qualify, monkeypatch):
    _enterprise_import(2)
    _yearly_import(2)
    before = _definitions(EnterpriseYear)
    during = _dropped_during(monkeypatch, EnterpriseYear)
    assert _yearly_import(2).counts.unchanged == 4  # as big as the table, but nothing to write
    assert during == [before]


def test_yearly_load_not_doubling_table_drops_nothing(monkeypatch):
    _enterprise_import(2)
    before = _definitions(EnterpriseYear)
    during = _dropped_during(monkeypatch, EnterpriseYear)
    _yearly_import(2)  # 4 rows: below MIN_ROWS
    assert during == [before]
