"""A web import's follow-ups run as the job's own task, shown on its page (core.import_followups)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from breakzero.core import hooks, import_followups, imports, locks
from breakzero.core.import_recovery import import_jobs_recover
from breakzero.core.imports import ImportOutcome
from breakzero.core.models import ImportJob


class Changed:
    """An importer whose apply changed enterprise 7."""

    kind, title, scoped_by = "followup-test", "测试", "测试"

    def after_apply(self, outcome, *, in_process):
        hooks.data_changed(source="test", enterprise_ids=[7], in_process=in_process)


@pytest.fixture
def refreshers(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(hooks, "_REFRESHERS", {})
    monkeypatch.setitem(imports._REGISTRY, Changed.kind, Changed())

    def recorder(name, fail=False):
        def func(*, sources, enterprise_ids):
            calls.append(name)
            if fail:
                raise RuntimeError(name)
        return func

    def register(name, order, fail=False):
        hooks.register_refresher(name, recorder(name, fail), order=order)

    return register, calls


def done_job(user, kind=Changed.kind, **values):
    return ImportJob.objects.create(kind=kind, created_by=user, original_name="a.csv",
                                    status=ImportJob.Status.DONE, **values)


@pytest.mark.django_db
def test_followups_of_a_web_apply_run_as_its_task_and_record_each_step(
    province_official, refreshers, django_capture_on_commit_callbacks
):
    register, calls = refreshers
    register("break_zero", 10)
    register("policy_screening", 60)
    job = done_job(province_official)
    with django_capture_on_commit_callbacks(execute=True):
        imports._after_apply(job, ImportOutcome(applied=True), in_process=False)
    job.refresh_from_db()
    assert calls == ["break_zero", "policy_screening"]
    assert job.followups["state"] == "done" and not job.followups_running
    assert [(s["label"], s["ok"], bool(s["ended"])) for s in job.followups["steps"]] == [
        ("破零认定", True, True), ("政策筛查", True, True)]


@pytest.mark.django_db
def test_followups_failing_refresher_ends_them_failed_with_the_reason(
    province_official, refreshers, django_capture_on_commit_callbacks
):
    register, calls = refreshers
    register("break_zero", 10, fail=True)
    job = done_job(province_official)
    with django_capture_on_commit_callbacks(execute=True):
        imports._after_apply(job, ImportOutcome(applied=True), in_process=False)
    job.refresh_from_db()
    assert job.followups["state"] == "failed" and "RuntimeError" in job.followups["message"]
    assert job.followups["steps"][0]["ok"] is False and job.status == "done"


@pytest.mark.django_db
def test_followups_delivered_again_after_they_ended_do_nothing(province_official, refreshers):
    register, calls = refreshers
    register("break_zero", 10)
    job = done_job(province_official, followups={"state": "pending", "steps": [], "message": ""})
    import_followups.followups_run(job_id=str(job.pk), sources=["test"], enterprise_ids=[7])
    import_followups.followups_run(job_id=str(job.pk), sources=["test"], enterprise_ids=[7])
    assert calls == ["break_zero"]


@pytest.mark.django_db
def test_shell_apply_runs_followups_in_process_without_recording_them(province_official, refreshers):
    register, calls = refreshers
    register("break_zero", 10)
    job = done_job(province_official)
    imports._after_apply(job, ImportOutcome(applied=True), in_process=True)
    job.refresh_from_db()
    assert calls == ["break_zero"] and job.followups == {}


@pytest.mark.django_db
def test_job_page_shows_followups_running_and_keeps_polling(province_official, client_for):
    job = done_job(province_official, kind="patents", followups={"state": "running", "message": "", "steps": [
        {"name": "break_zero", "label": "破零认定", "started": "x", "ended": None, "ok": None}]})
    html = client_for(province_official).get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "后续计算中" in html and "破零认定：进行中" in html and "hx-trigger" in html and "导入完成" in html


@pytest.mark.django_db
def test_recovery_ends_orphaned_followups_as_failed_with_the_reason(province_official):
    running = {"state": "running", "message": "", "steps": [
        {"name": "break_zero", "label": "破零认定", "started": "x", "ended": None, "ok": None}]}
    job = done_job(province_official, followups=running)
    fresh = done_job(province_official, followups=running)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=3))
    handled = import_jobs_recover()
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert handled == [f"{job.pk}:followups-failed"]
    assert job.followups["state"] == "failed" and job.followups["message"] == import_followups.ORPHANED_REASON
    assert job.followups["steps"][0]["ok"] is False and fresh.followups["state"] == "running"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="session locks: PostgreSQL only")
def test_recovery_leaves_followups_whose_worker_holds_the_lock(province_official):
    job = done_job(province_official, followups={"state": "running", "message": "", "steps": []})
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=3))
    taken, release = threading.Event(), threading.Event()

    def worker() -> None:  # the follow-up task, on its own session
        try:
            with locks.held(import_followups.NAMESPACE_FOLLOWUPS, job.pk):
                taken.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert taken.wait(10)
        assert import_jobs_recover() == []
    finally:
        release.set()
        thread.join()
    job.refresh_from_db()
    assert job.followups["state"] == "running"


@pytest.mark.django_db
def test_followup_progress_named_on_the_page_only_from_the_task_thread(province_official):
    job = done_job(province_official, followups=import_followups.followups_waiting())

    class Reporter:
        named: list = []

        def step(self, label):
            self.named.append(label)

    reporter = Reporter()
    log = import_followups._Log(str(job.pk), reporter)
    log.progress("policy_screening", 30000, 100000)
    other = threading.Thread(target=log.progress, args=("indicator_summaries", 1, 2))
    other.start()
    other.join()  # an alongside refresher's thread: its count would hide the task's statements
    assert reporter.named == ["政策筛查（30000/100000）"]
