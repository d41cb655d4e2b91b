"""Recovery of import jobs whose worker stopped (killed, machine restarted, queue lost).

Run every 15 s by the scheduler (core.schedule). A job that waits for validation, or says it
is validating or running, has not reported for `STALE_AFTER`, and whose lock (core.locks) nobody holds, lost its worker:
the import wrote nothing (one transaction), so it is enqueued again — up to `MAX_ATTEMPTS`
runs, after which it ends as failed with the reason. A job still held by a live worker is
left alone however long it takes.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from breakzero.core import locks
from breakzero.core.models import ImportJob

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(seconds=20)  # the lock decides; this only spaces re-enqueues
STALE_AFTER_WITHOUT_LOCKS = timedelta(hours=2)  # SQLite: no session locks, judge by silence
MAX_ATTEMPTS = 3
ACTIVE = (ImportJob.Status.PENDING, ImportJob.Status.VALIDATING, ImportJob.Status.RUNNING)
FAILED_REASON = "后台导入进程中断，已自动重试 {n} 次仍未完成。文件未导入任何数据，请重新确认导入或联系管理员。"


def import_jobs_recover(*, now: timezone.datetime | None = None) -> list[str]:
    """Re-enqueue or fail the orphaned jobs; returns "<id>:<action>" for each one handled."""
    now = now or timezone.now()
    stale = STALE_AFTER if connection.vendor == "postgresql" else STALE_AFTER_WITHOUT_LOCKS
    candidates = ImportJob.objects.filter(
        status__in=ACTIVE, updated_at__lt=now - stale
    ).values_list("pk", flat=True)
    handled = []
    for job_id in list(candidates[:100]):
        action = _recover(job_id, now)
        if action:
            handled.append(f"{job_id}:{action}")
    return handled


def _recover(job_id: object, now: timezone.datetime) -> str | None:
    with locks.held(locks.NAMESPACE_IMPORT_JOB, job_id) as free:
        if not free:
            return None  # a live worker holds it
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if job.status not in ACTIVE:
                return None
            if job.attempts >= MAX_ATTEMPTS:
                job.status = ImportJob.Status.FAILED
                job.message = FAILED_REASON.format(n=job.attempts)
                job.save(update_fields=["status", "message", "updated_at"])
                logger.warning("import job %s failed after %s attempts", job.pk, job.attempts)
                return "failed"
            job.save(update_fields=["updated_at"])  # the next check waits STALE_AFTER again
            validating = job.status != ImportJob.Status.RUNNING
            transaction.on_commit(lambda: _enqueue(job, validating))
    logger.warning("import job %s lost its worker: enqueued again", job_id)
    return "validate" if validating else "apply"


def _enqueue(job: ImportJob, validating: bool) -> None:
    from breakzero.core.tasks import import_apply_task, import_validate_task

    if validating:
        import_validate_task.enqueue(str(job.pk))
    else:
        import_apply_task.enqueue(str(job.pk), job.skip_invalid)
