"""Follow-up refreshers: order, and the ones that run alongside the later ones."""

import threading

import pytest

from breakzero.core import hooks


@pytest.fixture
def only(monkeypatch):
    """Run with just the given refreshers registered."""
    monkeypatch.setattr(hooks, "_REFRESHERS", {})
    return hooks


def _recorder(calls: list, name: str, *, fail: bool = False, wait: threading.Event | None = None):
    def func(*, sources, enterprise_ids):
        if wait is not None:
            assert wait.wait(5), "the later refresher did not run meanwhile"
        calls.append((name, threading.current_thread().name, sources, enterprise_ids))
        if fail:
            raise RuntimeError(name)

    return func


def test_run_refreshers_inside_a_transaction_runs_alongside_ones_in_order_here(only, monkeypatch):
    calls: list = []
    monkeypatch.setattr(hooks, "can_run_alongside", lambda: False)
    only.register_refresher("late", _recorder(calls, "late"), order=60)
    only.register_refresher("side", _recorder(calls, "side"), order=50, alongside=True)
    only.register_refresher("first", _recorder(calls, "first"), order=10)
    only.run_refreshers(sources=["yearly"], enterprise_ids=[3])
    here = threading.current_thread().name
    assert calls == [("first", here, ["yearly"], [3]), ("side", here, ["yearly"], [3]), ("late", here, ["yearly"], [3])]


def test_run_refreshers_alongside_one_runs_in_a_thread_while_later_ones_run(only, monkeypatch):
    calls: list = []
    late_done = threading.Event()
    monkeypatch.setattr(hooks, "can_run_alongside", lambda: True)
    only.register_refresher("first", _recorder(calls, "first"), order=10)
    only.register_refresher("side", _recorder(calls, "side", wait=late_done), order=50, alongside=True)

    def late(*, sources, enterprise_ids):
        calls.append(("late", threading.current_thread().name, sources, enterprise_ids))
        late_done.set()

    only.register_refresher("late", late, order=60)
    only.run_refreshers(sources=["enterprises"], enterprise_ids=None)
    names = [name for name, *_ in calls]
    assert names == ["first", "late", "side"]  # side waited for late: they overlapped; all ended on return
    assert calls[2][1] == "refresher-side" and calls[2][2:] == (["enterprises"], None)


def test_run_refreshers_error_of_alongside_one_is_raised_after_the_others_ran(only, monkeypatch):
    calls: list = []
    monkeypatch.setattr(hooks, "can_run_alongside", lambda: True)
    only.register_refresher("side", _recorder(calls, "side", fail=True), order=50, alongside=True)
    only.register_refresher("late", _recorder(calls, "late"), order=60)
    with pytest.raises(RuntimeError, match="side"):
        only.run_refreshers(sources=["yearly"])
    assert sorted(name for name, *_ in calls) == ["late", "side"]


@pytest.mark.django_db
def test_can_run_alongside_false_inside_a_transaction():
    assert hooks.can_run_alongside() is False  # the test's transaction: another connection would not see its rows


def test_report_progress_heard_with_the_refresher_name_and_only_while_it_runs(only, monkeypatch):
    heard: list = []
    monkeypatch.setattr(hooks, "can_run_alongside", lambda: True)

    def counting(*, sources, enterprise_ids):
        hooks.report_progress(1, 2)
        hooks.report_progress(2, 2)

    def silent(*, sources, enterprise_ids):
        pass

    only.register_refresher("count", counting, order=10)
    only.register_refresher("side", counting, order=20, alongside=True)
    only.register_refresher("quiet", silent, order=30)
    only.run_refreshers(sources=["x"], on_progress=lambda *told: heard.append(told))
    assert sorted(heard) == [("count", 1, 2), ("count", 2, 2), ("side", 1, 2), ("side", 2, 2)]
    hooks.report_progress(5, 5)  # nobody runs: nobody hears, no error
    assert len(heard) == 4


def test_report_progress_without_listener_is_silent(only):
    only.register_refresher("count", lambda **_: hooks.report_progress(1, 1), order=10)
    only.run_refreshers(sources=["x"])  # no on_progress: nothing to call, no error


def test_run_refreshers_starts_the_django_worker_server_before_the_first_refresher(only, monkeypatch, settings):
    """Screening forks its workers from the Django server (core.parallel): asked for before any
    refresher runs, so it sets Django up meanwhile; with the pool size the settings give."""
    calls: list = []
    settings.IMPORT_PARSE_WORKERS = 3
    monkeypatch.setattr(hooks.parallel, "warm_django_workers", lambda workers: calls.append(("warm", workers)))
    only.register_refresher("first", lambda **kw: calls.append(("first",)), order=10)
    only.run_refreshers(sources=["patents"], enterprise_ids=None)
    assert calls == [("warm", 3), ("first",)]
