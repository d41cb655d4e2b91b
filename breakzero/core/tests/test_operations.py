"""The production shape's parts: replica routing, tolerant cache, scheduler, job recovery,
health endpoints, JSON logs."""

import json
import logging
import threading
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import timezone

from breakzero.core import import_recovery, locks, schedule
from breakzero.core.cache import TolerantRedisCache
from breakzero.core.logging import JsonFormatter
from breakzero.core.models import ImportJob, ScheduledRun
from config import routers

# ------------------------------------------------------------------ replica router


@pytest.fixture
def with_replica(settings):
    """A second alias that points at the test database (as TEST MIRROR does in production)."""
    connections.settings["replica"] = {**connections.settings["default"], "TEST": {"MIRROR": "default"}}
    yield
    connections["replica"].close()
    del connections.settings["replica"]
    try:
        del connections._connections.replica
    except AttributeError:
        pass


def test_router_outside_a_request_reads_the_primary(with_replica):
    assert routers.ReplicaRouter().db_for_read(ImportJob) == "default"


def test_router_get_request_reads_the_replica(with_replica, monkeypatch):
    monkeypatch.setattr(routers, "_replica_available", lambda: True)
    token = routers.pin_request(False)
    try:
        assert routers.ReplicaRouter().db_for_read(ImportJob) == "replica"
    finally:
        routers.unpin_request(token)


def test_router_after_a_write_the_request_reads_the_primary(with_replica, monkeypatch):
    monkeypatch.setattr(routers, "_replica_available", lambda: True)
    router = routers.ReplicaRouter()
    token = routers.pin_request(False)
    try:
        assert router.db_for_write(ImportJob) == "default"
        assert router.db_for_read(ImportJob) == "default"
    finally:
        routers.unpin_request(token)


@pytest.mark.django_db(transaction=True)
def test_router_inside_a_transaction_reads_the_primary(with_replica, monkeypatch):
    monkeypatch.setattr(routers, "_replica_available", lambda: True)
    token = routers.pin_request(False)
    try:
        with transaction.atomic():
            assert routers.ReplicaRouter().db_for_read(ImportJob) == "default"
    finally:
        routers.unpin_request(token)


def test_router_replica_down_falls_back_to_the_primary(with_replica, monkeypatch):
    monkeypatch.setattr(routers, "_replica_down_until", 0.0)
    token = routers.pin_request(False)
    try:
        with mock.patch.object(connections["replica"], "ensure_connection", side_effect=OSError("down")):
            assert routers.ReplicaRouter().db_for_read(ImportJob) == "default"
        # for a few seconds the process does not even try again
        with mock.patch.object(connections["replica"], "ensure_connection") as ensure:
            assert routers.ReplicaRouter().db_for_read(ImportJob) == "default"
        ensure.assert_not_called()
        monkeypatch.setattr(routers, "_replica_down_until", 0.0)
        with mock.patch.object(connections["replica"], "ensure_connection"):
            with mock.patch.object(connections["replica"], "close_if_health_check_failed"):
                assert routers.ReplicaRouter().db_for_read(ImportJob) == "replica"
    finally:
        routers.unpin_request(token)


def test_router_without_a_replica_everything_is_primary(db):
    token = routers.pin_request(False)
    try:
        assert routers.ReplicaRouter().db_for_read(ImportJob) == "default"
    finally:
        routers.unpin_request(token)


def test_middleware_write_request_sets_the_pin_cookie(with_replica, client, province_official):
    client.force_login(province_official)
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "bz_primary" in response.cookies
    response = client.get("/healthz")
    assert "bz_primary" not in response.cookies
    assert response["X-Request-ID"]


# ------------------------------------------------------------------ cache


def test_tolerant_cache_redis_down_is_a_miss():
    cache = TolerantRedisCache("redis://127.0.0.1:1/0", {})  # nothing listens on port 1
    assert cache.get("k") is None
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("k", lambda: 42) == 42


# ------------------------------------------------------------------ scheduler


class _Task:
    def __init__(self):
        self.calls = 0

    def enqueue(self):
        self.calls += 1


@pytest.fixture
def fresh_schedule(monkeypatch):
    monkeypatch.setattr(schedule, "_ENTRIES", {})
    return schedule


def test_schedule_a_slot_runs_once_however_many_ticks(fresh_schedule, db, django_capture_on_commit_callbacks):
    task = _Task()
    fresh_schedule.register("every_minute", task, every=timedelta(minutes=1))
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert fresh_schedule.tick(now=now) == ["every_minute"]
        assert fresh_schedule.tick(now=now) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert fresh_schedule.tick(now=now + timedelta(minutes=1)) == ["every_minute"]
    assert task.calls == 2
    assert ScheduledRun.objects.filter(name="every_minute").count() == 2


def test_schedule_daily_entry_waits_for_its_time(fresh_schedule, db):
    fresh_schedule.register("morning", _Task(), daily_at=time(8, 0))
    early = timezone.make_aware(datetime(2022, 3, 1, 7, 59))
    late = timezone.make_aware(datetime(2022, 3, 1, 8, 0))
    assert fresh_schedule.tick(now=early, enqueue=lambda e: None) == []
    assert fresh_schedule.tick(now=late, enqueue=lambda e: None) == ["morning"]
    assert fresh_schedule.tick(now=late + timedelta(hours=3), enqueue=lambda e: None) == []


def test_schedule_register_refuses_bad_entries(fresh_schedule):
    with pytest.raises(ValueError):
        fresh_schedule.register("x", _Task())
    with pytest.raises(ValueError):
        fresh_schedule.register("x", _Task(), every=timedelta(seconds=1))


def test_schedule_core_entries_registered():
    names = {e.name for e in schedule.entries()}
    assert {"nightly_refresh", "import_recovery", "send_reminders", "reporting_reminders"} <= names


# ------------------------------------------------------------------ import recovery


def _job(status, *, attempts=0, age=timedelta(hours=3)):  # older than either staleness limit
    job = ImportJob(kind="enterprises", original_name="a.csv", status=status, attempts=attempts)
    job.file.save("a.csv", ContentFile(b"x"), save=False)
    job.save()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - age)
    return job


def test_recover_orphaned_running_job_is_enqueued_again(db, django_capture_on_commit_callbacks):
    job = _job(ImportJob.Status.RUNNING, attempts=1)
    with mock.patch("breakzero.core.tasks.import_apply_task") as apply_task:
        with django_capture_on_commit_callbacks(execute=True):
            handled = import_recovery.import_jobs_recover()
    assert handled == [f"{job.pk}:apply"]
    apply_task.enqueue.assert_called_once_with(str(job.pk), False)


def test_recover_pending_job_is_validated_again(db, django_capture_on_commit_callbacks):
    job = _job(ImportJob.Status.PENDING)
    with mock.patch("breakzero.core.tasks.import_validate_task") as validate_task:
        with django_capture_on_commit_callbacks(execute=True):
            import_recovery.import_jobs_recover()
    validate_task.enqueue.assert_called_once_with(str(job.pk))


def test_recover_recent_job_is_left_alone(db):
    _job(ImportJob.Status.RUNNING, age=timedelta(seconds=1))
    assert import_recovery.import_jobs_recover() == []


def test_recover_after_max_attempts_the_job_fails_with_its_reason(db):
    job = _job(ImportJob.Status.RUNNING, attempts=import_recovery.MAX_ATTEMPTS)
    assert import_recovery.import_jobs_recover() == [f"{job.pk}:failed"]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "中断" in job.message


@pytest.mark.django_db(transaction=True)
def test_recover_job_held_by_a_live_worker_is_left_alone():
    if connection.vendor != "postgresql":
        pytest.skip("session advisory locks are PostgreSQL's")
    job = _job(ImportJob.Status.RUNNING, attempts=1)
    taken, release = threading.Event(), threading.Event()

    def worker():  # another session holds the job's lock, as an applying worker does
        with locks.held(locks.NAMESPACE_IMPORT_JOB, job.pk) as acquired:
            assert acquired
            taken.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert taken.wait(10)
        assert import_recovery.import_jobs_recover() == []
    finally:
        release.set()
        thread.join()
    with mock.patch("breakzero.core.tasks.import_apply_task"):
        assert import_recovery.import_jobs_recover() == [f"{job.pk}:apply"]


# ------------------------------------------------------------------ health, metrics, logs


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_dependency(client, db):
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["checks"]["primary"] == "ok"


def test_readyz_primary_down_is_503(client, db):
    with mock.patch("breakzero.core.operations._check_database", return_value="error: OperationalError"):
        assert client.get("/readyz").status_code == 503


def test_metrics_for_the_monitoring_host_only(client, db):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert b"breakzero_import_jobs" in response.content or b"breakzero_task_backlog" in response.content
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404
    # relayed by the proxy: refused whatever the address
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="8.8.8.8").status_code == 404


def test_metrics_count_requests_by_route(client, db):
    client.get("/healthz")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'breakzero_http_requests_total{method="GET",route="healthz",status="200"}' in body


def test_json_formatter_keeps_extra_fields():
    record = logging.makeLogRecord({"name": "x", "levelname": "INFO", "msg": "处理 %s", "args": ("完成",)})
    record.request_id = "abc"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "处理 完成"
    assert entry["request_id"] == "abc"
    assert entry["level"] == "INFO"


@override_settings(TASK_BACKEND="database")
def test_task_queues_imports_and_default():
    from breakzero.core.tasks import import_apply_task, nightly_refresh_task

    assert import_apply_task.queue_name == "imports"
    assert nightly_refresh_task.queue_name == "imports"


@override_settings(TASK_BACKEND="database")
def test_task_queues_recomputations_with_imports_notifications_and_exports_on_default():
    """Two queues: imports and recomputations; notifications and exports (a province-wide
    screening or eligibility run must not hold up an e-mail)."""
    from breakzero.calls.tasks import eligibility_run_task
    from breakzero.core.tasks import refresh_task
    from breakzero.notifications.tasks import send_notice_emails_task
    from breakzero.policies.tasks import screening_task
    from breakzero.reports.tasks import bulletin_generate_task

    assert {t.queue_name for t in (refresh_task, screening_task, eligibility_run_task)} == {"imports"}
    assert {t.queue_name for t in (send_notice_emails_task, bulletin_generate_task)} == {"default"}
