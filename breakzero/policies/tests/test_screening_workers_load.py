"""Screening whose worker processes load the facts themselves: the rows in-process screening writes."""

import concurrent.futures
import datetime as dt
import time

import pytest
from django.db import connection

from breakzero.core import hooks
from breakzero.patents.tests.factories import BreakZeroEventFactory, PatentApplicantFactory, PatentFactory
from breakzero.policies import screening
from breakzero.policies.models import Screening
from breakzero.policies.tests.factories import FULL_DECLARATION, DeclaredFactsFactory, enterprise_with_years

AS_OF = dt.date(2025, 6, 30)
COLUMNS = ("enterprise_id", "rule", "passed", "score", "unknown_count", "unmet_count", "first_gap", "has_title",
           "rule_set", "as_of")  # fmt: skip
on_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="workers read PostgreSQL only")


@pytest.fixture
def firms():
    """Seven firms: facts shared by some (same revenue), one with declared facts, one with patents."""
    made = [enterprise_with_years(last_year=2024, revenue=str(5000 + 1000 * (n % 3))) for n in range(7)]
    DeclaredFactsFactory(enterprise=made[1], year=2024, data={**FULL_DECLARATION, "has_valid_hnte": True})
    for kind in ("invention", "utility_model"):
        patent = PatentFactory(kind=kind, grant_date=dt.date(2022, 5, 1), legal_status="granted")
        PatentApplicantFactory(patent=patent, enterprise=made[2])
    BreakZeroEventFactory(enterprise=made[2])
    return made


@pytest.fixture
def workers_load(monkeypatch, settings) -> list[bool]:
    """Runs may hand their loading to two workers, jobs of two firms; lists whether each run did."""
    monkeypatch.setattr(screening, "WORKERS_LOAD_MIN", 0)
    monkeypatch.setattr(screening, "WORKER_ENTERPRISES", 2)
    monkeypatch.setattr(screening, "HERE_ENTERPRISES", 2)
    settings.IMPORT_PARSE_WORKERS = 2
    taken: list[bool] = []
    original = screening._workers_load

    def spy(firms, evaluator):
        taken.append(original(firms, evaluator))
        return taken[-1]

    monkeypatch.setattr(screening, "_workers_load", spy)
    return taken


def in_process(settings, **kwargs) -> set[tuple]:
    """The rows of a run loaded and evaluated in this process, the table emptied after."""
    settings.SCREENING_WORKERS_LOAD = False
    screening.screening_run(as_of=AS_OF, **kwargs)
    rows = set(Screening.objects.values_list(*COLUMNS))
    Screening.objects.all().delete()
    settings.SCREENING_WORKERS_LOAD = True
    return rows


@on_postgresql
@pytest.mark.django_db(transaction=True)  # committed data: what the workers' own connections see
def test_screening_loaded_by_workers_equals_in_process(firms, workers_load, settings, monkeypatch):
    expected = in_process(settings)  # patents, declared facts and shared facts included
    original = screening._workers_ready
    monkeypatch.setattr(screening, "_workers_ready", lambda prepared, workers: _all_prepared(prepared, workers)
                        and original(prepared, workers))
    heard: list = []
    monkeypatch.setattr(hooks._progress, "listener", lambda done, total: heard.append((done, total)), raising=False)
    assert screening.screening_run(as_of=AS_OF) == 35
    assert workers_load == [False, True]
    assert set(Screening.objects.values_list(*COLUMNS)) == expected
    assert heard == [(2, 7), (4, 7), (6, 7), (7, 7)]  # per job: the import job page's "政策筛查（n/N）"
    stamps = set(Screening.objects.values_list("enterprise_id", "rule", "computed_at"))
    screening.screening_run(as_of=AS_OF)  # a re-run rewrites nothing unchanged
    assert workers_load == [False, True, True]
    assert set(Screening.objects.values_list("enterprise_id", "rule", "computed_at")) == stamps


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_screening_loaded_by_workers_incremental_ids_only_them(firms, workers_load, settings):
    ids = [firms[0].pk, firms[2].pk, firms[5].pk]
    expected = in_process(settings, enterprise_ids=ids)
    assert screening.screening_run(as_of=AS_OF, enterprise_ids=ids) == 15
    assert workers_load[-1] is True
    assert set(Screening.objects.values_list(*COLUMNS)) == expected
    assert {row[0] for row in expected} == set(ids)


@pytest.mark.django_db
def test_screening_inside_transaction_loads_here(firms, workers_load):
    # Another connection would not see this test's uncommitted firms (nor SQLite's): loaded here.
    assert connection.in_atomic_block
    assert screening.screening_run(as_of=AS_OF) == 35
    assert workers_load == [False]
    assert Screening.objects.count() == 35


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("starts", ["after-two-scopes", "never"])
def test_screening_scopes_screened_here_while_workers_start_same_rows(firms, workers_load, settings, monkeypatch,
                                                                      starts):
    """The first scopes (one firm each) are screened in this process until the workers are
    prepared — or all of them when the workers never start — with the rows of an in-process run."""
    expected = in_process(settings)
    monkeypatch.setattr(screening, "HERE_ENTERPRISES", 1)
    checks: list[int] = []
    original = screening._workers_ready

    def ready(prepared, workers):
        checks.append(1)
        if starts == "never":
            return False  # as when the workers fail to start
        if len(checks) <= 2:
            return None  # still starting
        _all_prepared(prepared, workers)
        return original(prepared, workers)

    monkeypatch.setattr(screening, "_workers_ready", ready)
    heard: list = []
    monkeypatch.setattr(hooks._progress, "listener", lambda done, total: heard.append((done, total)), raising=False)
    assert screening.screening_run(as_of=AS_OF) == 35
    assert set(Screening.objects.values_list(*COLUMNS)) == expected
    if starts == "never":
        assert heard == [(n, 7) for n in range(1, 8)]
    else:
        assert heard[:2] == [(1, 7), (2, 7)] and heard[-1] == (7, 7)


def _all_prepared(prepared: list, workers: int) -> bool:
    """Wait until `prepared` (filled by WorkerPool.on_each's thread) holds every worker's
    future and they are done."""
    deadline = time.monotonic() + 60
    while len(prepared) < workers and time.monotonic() < deadline:
        time.sleep(0.01)
    concurrent.futures.wait(prepared)
    return True


def test_workers_ready_waits_for_every_worker_future_to_be_submitted():
    done: concurrent.futures.Future = concurrent.futures.Future()
    done.set_result(None)
    failed: concurrent.futures.Future = concurrent.futures.Future()
    failed.set_exception(OSError("no process"))
    assert screening._workers_ready([], 2) is None  # none submitted yet (the server still sets Django up)
    assert screening._workers_ready([done], 2) is None
    assert screening._workers_ready([done, concurrent.futures.Future()], 2) is None
    assert screening._workers_ready([done, done], 2) is True
    assert screening._workers_ready([done, failed], 2) is False
