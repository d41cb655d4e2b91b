"""The job page's current step while one long statement runs (core.import_progress)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from breakzero.core.import_progress import ProgressReporter, backend_pid, step_label
from breakzero.core.models import ImportJob


@pytest.mark.parametrize(
    ("query", "counts", "label"),
    [
        ('COPY "stage_patent_1a2b" ("row_no") FROM STDIN', {"copied": 1200}, "读入 暂存数据（1200 行）"),
        ('INSERT INTO "patents_patent" ("id") SELECT s.id FROM "stage_patent_1a2b" s', {}, "写入 专利"),
        ('WITH c AS (SELECT 1) UPDATE "patents_patentapplicant" SET name = c.x FROM c', {}, "更新 专利申请人"),
        ('CREATE INDEX "ix" ON "patents_patentapplicant" ("enterprise_id")', {"index": ("building", 5, 10)},
         "建立索引 专利申请人（5/10）"),
        ("SELECT count(*) FROM x JOIN y ON x.a = y.a", {}, "比对数据"),
        ('/* part 2/5 */ WITH written AS (INSERT INTO "enterprises_enterpriseyear" ("year") SELECT s.year'
         ' FROM "stage_yr_1" s WHERE s.enterprise_id > 7 RETURNING "enterprise_id") SELECT 1', {},
         "写入 企业年度数据（第 2/5 批）"),
    ],
)
def test_step_label_names_the_statement_as_the_page_shows_it(query, counts, label):
    assert step_label(query, **counts) == label


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_stat_activity: PostgreSQL only")
def test_progress_reporter_during_a_long_statement_shows_its_step_before_it_ends(province_official):
    job = ImportJob.objects.create(kind="patents", created_by=province_official, original_name="a.csv")
    reporter = ProgressReporter(job.pk, backend_pid=backend_pid())
    seen: list[tuple[str, bool]] = []
    ended = threading.Event()

    def watch() -> None:  # the job page, on its own connection
        try:
            while not ended.is_set():
                step = ImportJob.objects.filter(pk=job.pk).values_list("step", flat=True).get()
                if step:
                    seen.append((step, ended.is_set()))
                time.sleep(0.1)
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # the import's transaction
            cursor.execute("INSERT INTO core_scheduledrun (name, slot, enqueued_at)"
                           " SELECT 'bench', 'slot', now() FROM pg_sleep(2.5)")
            transaction.set_rollback(True)
    finally:
        ended.set()
        watcher.join()
        reporter.close()
    assert ("写入 定时任务记录", False) in seen  # shown while the statement still ran
    job.refresh_from_db()
    assert job.step == "" and job.step_started_at is None  # cleared when the import ended


@pytest.mark.django_db(transaction=True)
def test_progress_reporter_without_backend_writes_counts_only(province_official):
    job = ImportJob.objects.create(kind="patents", created_by=province_official, original_name="a.csv")
    reporter = ProgressReporter(job.pk)
    reporter(300)
    reporter.close()
    job.refresh_from_db()
    assert (job.processed_rows, job.step) == (300, "")
