"""Break-zero's first load (keys built after the rows) writes the events the upsert writes."""

import datetime as dt

import pytest
from django.db import connection

from breakzero.core import load_indexes
from breakzero.core.imports import get_importer, run_file
from breakzero.core.tests.table_definitions import table_definitions
from breakzero.patents import break_zero
from breakzero.patents.break_zero import EVENT, break_zero_recompute
from breakzero.patents.models import BreakZeroEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the refresher runs outside any transaction
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the first load is PostgreSQL's"),
]
FIELDS = ("enterprise_id", "patent_id", "break_zero_date", "year", "size", "is_sme", "size_known", "basis")


@pytest.fixture
def loaded(register, good_file, monkeypatch):
    """The fixture file imported (events by the ordinary upsert), then first loads from here on."""
    outcome = run_file(get_importer("patents"), str(good_file), apply=True, skip_invalid=True)
    get_importer("patents").after_apply(outcome, in_process=True)
    monkeypatch.setattr(load_indexes, "MIN_ROWS", 1)
    written = []
    original = break_zero._write_without_keys
    monkeypatch.setattr(break_zero, "_write_without_keys", lambda *a: written.append(1) or original(*a))
    return written


def stored() -> set[tuple]:
    return set(BreakZeroEvent.objects.values_list(*FIELDS))


def analyze() -> None:
    """The planner's row estimate (core.load_indexes compares the load with it) made exact."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {EVENT}")


def definitions() -> tuple[list, list]:
    return table_definitions(EVENT)


def test_break_zero_first_load_same_events_as_upsert(loaded):
    expected, before = stored(), definitions()
    assert len(expected) == 5  # the hand-computed events of test_break_zero
    BreakZeroEvent.objects.all().delete()
    analyze()
    assert break_zero_recompute() == 5
    assert loaded == [1]
    assert stored() == expected
    assert definitions() == before  # keys, indexes and both foreign keys are back as they were


def test_break_zero_first_load_onto_stored_events_changes_only_differing(loaded):
    expected = stored()
    changed, kept, *gone = BreakZeroEvent.objects.order_by("enterprise_id")
    BreakZeroEvent.objects.filter(pk=changed.pk).update(year=1999, updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    BreakZeroEvent.objects.filter(pk__in=[e.pk for e in gone]).delete()
    analyze()
    assert break_zero_recompute() == 4  # one updated, three inserted (they at least double the two stored)
    assert loaded == [1]
    assert stored() == expected
    assert BreakZeroEvent.objects.get(pk=kept.pk).updated_at == kept.updated_at


def test_break_zero_recompute_over_stored_events_upserts(loaded):
    """A recompute that adds nothing keeps the keys (the ordinary upsert), whatever the size."""
    expected = stored()
    assert break_zero_recompute() == 0
    assert loaded == []
    assert stored() == expected


def test_break_zero_first_load_failure_restores_keys_and_events(loaded, monkeypatch):
    before = definitions()
    BreakZeroEvent.objects.all().delete()

    def broken(current, now):
        assert definitions() != before  # dropped by now
        raise RuntimeError("disk full")

    monkeypatch.setattr(break_zero, "_write_without_keys", broken)
    with pytest.raises(RuntimeError):
        break_zero_recompute()
    assert definitions() == before
    assert not BreakZeroEvent.objects.exists()
