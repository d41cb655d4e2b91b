"""Screening's first load (keys built after the rows) writes what the per-batch upsert writes."""

import datetime as dt

import pytest
from django.db import connection

from breakzero.core import load_indexes
from breakzero.core.tests.table_definitions import table_definitions
from breakzero.policies import screening, screening_store
from breakzero.policies.models import Screening
from breakzero.policies.tests.factories import DeclaredFactsFactory, enterprise_with_years

pytestmark = [
    pytest.mark.django_db(transaction=True),  # a first load runs outside any transaction, as refreshers do
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the first load is PostgreSQL's"),
]

AS_OF = dt.date(2025, 6, 30)
COLUMNS = ("enterprise_id", "rule", "passed", "score", "unknown_count", "unmet_count", "first_gap", "has_title",
           "rule_set", "as_of")  # fmt: skip


@pytest.fixture
def firms():
    made = [enterprise_with_years(last_year=2024, revenue=str(5000 + 1000 * (n % 2))) for n in range(5)]
    DeclaredFactsFactory(enterprise=made[1])  # facts shared by some firms, not by others
    return made


def stored() -> set[tuple]:
    return set(Screening.objects.values_list(*COLUMNS))


def analyze() -> None:
    """The planner's row estimate (core.load_indexes compares the load with it) made exact."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Screening._meta.db_table}")


def definitions() -> tuple[list, list]:
    return table_definitions(Screening._meta.db_table)


@pytest.fixture
def paths(monkeypatch) -> list[bool]:
    """Whether each store made took the first-load path, in order."""
    taken: list[bool] = []
    original = screening_store.ScreeningStore.__init__

    def spy(self, **kwargs):
        original(self, **kwargs)
        taken.append(self.first_load)

    monkeypatch.setattr(screening_store.ScreeningStore, "__init__", spy)
    return taken


def first_load(monkeypatch, *, on: bool) -> None:
    """Make the next runs first loads (or never), in batches of two firms."""
    monkeypatch.setattr(load_indexes, "MIN_ROWS", 1 if on else 10**9)
    monkeypatch.setattr(screening, "BATCH_ENTERPRISES", 2)


def test_screening_store_first_load_same_rows_as_batches(firms, monkeypatch, paths):
    first_load(monkeypatch, on=False)
    screening.screening_run(as_of=AS_OF)
    batches = stored()
    Screening.objects.all().delete()
    first_load(monkeypatch, on=True)
    analyze()
    before = definitions()
    assert screening.screening_run(as_of=AS_OF) == len(batches) == 25
    assert paths == [False, True]
    assert stored() == batches
    assert definitions() == before  # keys, indexes and the foreign key are back as they were


def test_screening_store_first_load_onto_stored_rows_changes_only_differing(firms, monkeypatch, paths):
    first_load(monkeypatch, on=False)
    screening.screening_run(as_of=AS_OF)
    expected = stored()
    row = Screening.objects.filter(enterprise=firms[0]).order_by("rule").first()
    Screening.objects.filter(pk=row.pk).update(first_gap="stale", computed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    Screening.objects.filter(enterprise__in=firms[2:]).delete()  # 15 of 25 results to add: the table doubles
    analyze()
    stamps = dict(Screening.objects.exclude(pk=row.pk).values_list("pk", "computed_at"))
    first_load(monkeypatch, on=True)
    screening.screening_run(as_of=AS_OF)
    assert paths == [False, True]
    assert stored() == expected
    assert Screening.objects.get(pk=row.pk).computed_at.year > 2020  # the differing row was rewritten
    assert dict(Screening.objects.filter(pk__in=stamps).values_list("pk", "computed_at")) == stamps


def test_screening_store_rerun_over_stored_results_upserts(firms, monkeypatch, paths):
    """A full re-run adds nothing: the ordinary per-batch upsert, keys kept."""
    first_load(monkeypatch, on=True)
    screening.screening_run(as_of=AS_OF)
    expected = stored()
    analyze()
    screening.screening_run(as_of=AS_OF)
    assert paths == [True, False]
    assert stored() == expected


def test_screening_store_first_load_failure_restores_keys_and_rows(firms, monkeypatch):
    first_load(monkeypatch, on=True)
    before = definitions()

    def broken(results, enterprises):
        assert definitions() != before  # the keys are dropped by now
        raise RuntimeError("disk full")

    monkeypatch.setattr(screening_store, "_write_without_keys", broken)
    with pytest.raises(RuntimeError):
        screening.screening_run(as_of=AS_OF)
    assert definitions() == before
    assert not Screening.objects.exists()


def test_screening_store_first_load_keeps_unique_key_checked(firms, monkeypatch):
    """The rebuilt unique key re-checks the rows: a duplicate result fails the whole write."""
    first_load(monkeypatch, on=True)
    original = screening_store._write_without_keys

    def with_duplicate(results, enterprises):
        original(results, enterprises)
        with connection.cursor() as cursor:  # one result stored twice
            cursor.execute(
                f"INSERT INTO {Screening._meta.db_table} (enterprise_id, rule, passed, score, unknown_count,"
                " unmet_count, first_gap, has_title, rule_set, as_of, computed_at) SELECT enterprise_id, rule, passed,"
                " score, unknown_count, unmet_count, first_gap, has_title, rule_set, as_of, computed_at"
                f" FROM {Screening._meta.db_table} LIMIT 1"
            )

    monkeypatch.setattr(screening_store, "_write_without_keys", with_duplicate)
    before = definitions()
    with pytest.raises(Exception, match="screening_unique"):
        screening.screening_run(as_of=AS_OF)
    assert definitions() == before
    assert not Screening.objects.exists()

