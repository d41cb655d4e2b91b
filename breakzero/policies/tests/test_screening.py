"""Screening: one row per enterprise and rule, idempotent, incremental refresher, parallel path."""

import datetime as dt

import pytest

from breakzero.core import hooks
from breakzero.core.hooks import run_refreshers
from breakzero.policies import screening, screening_store
from breakzero.policies.models import Screening
from breakzero.policies.tests.factories import FULL_DECLARATION, DeclaredFactsFactory, enterprise_with_years

AS_OF = dt.date(2025, 6, 30)


@pytest.mark.django_db
def test_screening_run_twice_same_rows():
    enterprise_with_years(last_year=2024)
    enterprise_with_years(last_year=2024)
    assert screening.screening_run(as_of=AS_OF) == 10
    first = list(Screening.objects.order_by("pk").values_list("enterprise_id", "rule", "passed", "computed_at"))
    screening.screening_run(as_of=AS_OF)
    assert list(Screening.objects.order_by("pk").values_list("enterprise_id", "rule", "passed", "computed_at")) == first


@pytest.mark.django_db
def test_screening_innovative_passes_with_declared_hnte():
    enterprise = enterprise_with_years(last_year=2024)
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={**FULL_DECLARATION, "has_valid_hnte": True})
    screening.screening_run(as_of=AS_OF, enterprise_ids=[enterprise.pk])
    row = Screening.objects.get(enterprise=enterprise, rule="innovative_sme")
    assert row.passed is True and row.rule_set == "miit-2022-63" and row.as_of == AS_OF


@pytest.mark.django_db
def test_screening_one_away_counts_single_blocking_condition():
    enterprise = enterprise_with_years(last_year=2024, rd="192", revenue="8000")  # R&D 2.4 % < 3 %
    DeclaredFactsFactory(enterprise=enterprise, year=2024, data={**FULL_DECLARATION, "niche_years": "5"})
    screening.screening_run(as_of=AS_OF, enterprise_ids=[enterprise.pk])
    row = Screening.objects.get(enterprise=enterprise, rule="srdi_sme")
    assert row.passed is False and row.unmet_count == 1
    assert "研发费用占营业收入比重" in row.first_gap


@pytest.mark.django_db
def test_refresher_incremental_only_given_enterprises():
    one, two = enterprise_with_years(last_year=2024), enterprise_with_years(last_year=2024)
    run_refreshers(sources=["declared_facts"], enterprise_ids=[one.pk])
    assert set(Screening.objects.values_list("enterprise_id", flat=True)) == {one.pk}
    assert Screening.objects.filter(enterprise=two).count() == 0


@pytest.mark.django_db
def test_screening_worker_processes_give_in_process_results(monkeypatch, settings):
    for n in range(3):
        enterprise_with_years(last_year=2024, revenue=str(8000 + n))  # three distinct sets of facts
    screening.screening_run(as_of=AS_OF)
    in_process = set(Screening.objects.values_list("enterprise_id", "rule", "passed", "unmet_count", "first_gap"))
    Screening.objects.all().delete()
    monkeypatch.setattr(screening, "PARALLEL_MIN_NEW", 0)
    monkeypatch.setattr(screening, "BATCH_ENTERPRISES", 2)
    settings.IMPORT_PARSE_WORKERS = 2
    evaluated_in_workers = []
    original = screening.Evaluator._pool_ready

    def spy(self, workers):
        ready = original(self, workers)
        evaluated_in_workers.append(ready)
        return ready

    monkeypatch.setattr(screening.Evaluator, "_pool_ready", spy)
    assert screening.screening_run(as_of=AS_OF) == 15
    assert evaluated_in_workers and all(evaluated_in_workers)
    assert set(Screening.objects.values_list("enterprise_id", "rule", "passed", "unmet_count", "first_gap")) == in_process


@pytest.mark.django_db
def test_screening_rerun_rewrites_nothing_unchanged():
    enterprise_with_years(last_year=2024)
    screening.screening_run(as_of=AS_OF)
    stamps = dict(Screening.objects.values_list("rule", "computed_at"))
    screening.screening_run(as_of=AS_OF)
    assert dict(Screening.objects.values_list("rule", "computed_at")) == stamps


@pytest.mark.django_db
def test_screening_by_ids_equals_full_run_for_them(monkeypatch):
    firms = [enterprise_with_years(last_year=2024, revenue=str(5000 + 1000 * n)) for n in range(3)]
    DeclaredFactsFactory(enterprise=firms[1])
    screening.screening_run(as_of=AS_OF)
    full = set(Screening.objects.values_list("enterprise_id", "rule", "passed", "score", "unknown_count",
                                             "unmet_count", "first_gap", "has_title", "rule_set", "as_of"))
    Screening.objects.all().delete()
    monkeypatch.setattr(screening, "BATCH_ENTERPRISES", 1)
    assert screening.screening_run(as_of=AS_OF, enterprise_ids=[firms[0].pk, firms[1].pk]) == 10
    scoped = set(Screening.objects.values_list("enterprise_id", "rule", "passed", "score", "unknown_count",
                                               "unmet_count", "first_gap", "has_title", "rule_set", "as_of"))
    assert scoped == {row for row in full if row[0] != firms[2].pk}


@pytest.mark.django_db
def test_screening_many_ids_screen_everyone(monkeypatch):
    one, two = enterprise_with_years(last_year=2024), enterprise_with_years(last_year=2024)
    monkeypatch.setattr(screening, "FULL_RUN_MIN_IDS", 1)
    screening.screening_run(as_of=AS_OF, enterprise_ids=[one.pk])
    assert set(Screening.objects.values_list("enterprise_id", flat=True)) == {one.pk, two.pk}


@pytest.mark.django_db
def test_screening_run_reports_enterprises_screened_per_batch(monkeypatch):
    for n in range(3):
        enterprise_with_years(last_year=2024, revenue=str(5000 + 1000 * n))
    monkeypatch.setattr(screening, "BATCH_ENTERPRISES", 1)
    heard: list = []
    monkeypatch.setattr(hooks._progress, "listener", lambda done, total: heard.append((done, total)), raising=False)
    screening.screening_run(as_of=AS_OF)
    assert heard == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.django_db
def test_screening_pipelined_batches_sharing_facts_give_in_process_results(monkeypatch, settings):
    # Batches of one, facts recurring across batches: each batch is keyed while the one before is
    # being evaluated in the workers or after it came back; either way the rows are the rules'.
    for n in range(4):
        enterprise_with_years(last_year=2024, revenue=str(8000 + n % 2))  # two sets of facts, alternating
    screening.screening_run(as_of=AS_OF)
    columns = ("enterprise_id", "rule", "passed", "score", "unknown_count", "unmet_count", "first_gap", "rule_set")
    in_process = set(Screening.objects.values_list(*columns))
    Screening.objects.all().delete()
    monkeypatch.setattr(screening, "PARALLEL_MIN_NEW", 0)
    monkeypatch.setattr(screening, "BATCH_ENTERPRISES", 1)
    settings.IMPORT_PARSE_WORKERS = 2
    assert screening.screening_run(as_of=AS_OF) == 20
    assert set(Screening.objects.values_list(*columns)) == in_process


def test_same_results_merged_into_first_number_across_batches():
    same = screening_store.SameResults()
    one, two = [("innovative_sme", True)], [("innovative_sme", False)]
    mapping, used = same.merged([(1, 10), (2, 11), (3, 12)], {10: one, 11: list(one), 12: two})
    assert mapping == [(1, 10), (2, 10), (3, 12)] and used == {10: one, 12: two}
    assert same.merged([(4, 20)], {20: list(two)}) == ([(4, 12)], {12: two})


def test_same_results_switched_off_when_almost_all_new(monkeypatch):
    monkeypatch.setattr(screening_store, "SAME_SAMPLE", 3)
    same = screening_store.SameResults()
    same.merged([(n, n) for n in range(3)], {n: [("rule", n)] for n in range(3)})
    assert same.on is False
    assert same.merged([(5, 7), (6, 8)], {7: [("rule", 0)], 8: [("rule", 0)]}) == (
        [(5, 7), (6, 8)], {7: [("rule", 0)], 8: [("rule", 0)]})
