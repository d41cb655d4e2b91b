"""Recovery of import jobs whose worker stopped (killed, machine restarted, queue lost).

Run every 15 s by the scheduler (core.schedule). A job that waits for validation, or says it
is validating or running, has not reported for `STALE_AFTER`, and whose lock (core.locks)
nobody holds, lost its worker:
the import wrote nothing (one transaction), so it is enqueued again — up to `MAX_ATTEMPTS`
runs, after which it ends as failed with the reason. A job still held by a live worker is
left alone however long it takes. The follow-ups of an applied job (core.import_followups)
whose worker stopped end as failed, with the reason.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from breakzero.core import import_followups, import_reuse, locks
from breakzero.core.models import ImportJob

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(seconds=20)  # the lock decides; this only spaces re-enqueues
STALE_AFTER_WITHOUT_LOCKS = timedelta(hours=2)  # SQLite: no session locks, judge by silence
MAX_ATTEMPTS = 3
FOLLOWUPS_QUEUED_AT_MOST = timedelta(hours=2)  # queued follow-ups no worker took by then are lost
KEPT_PARSE_MAX_AGE = timedelta(days=1)  # a validation's kept parse (core.import_reuse) of an unconfirmed preview
ACTIVE = (ImportJob.Status.PENDING, ImportJob.Status.VALIDATING, ImportJob.Status.RUNNING)
FAILED_REASON = "后台导入进程中断，已自动重试 {n} 次仍未完成。文件未导入任何数据，请重新确认导入或联系管理员。"


def import_jobs_recover(*, now: timezone.datetime | None = None) -> list[str]:
    """Re-enqueue or fail the orphaned jobs; returns "<id>:<action>" for each one handled."""
    now = now or timezone.now()
    stale = STALE_AFTER if connection.vendor == "postgresql" else STALE_AFTER_WITHOUT_LOCKS
    candidates = ImportJob.objects.filter(
        status__in=ACTIVE, updated_at__lt=now - stale
    ).values_list("pk", flat=True)
    for name in import_reuse.prune(older_than=KEPT_PARSE_MAX_AGE.total_seconds()):
        logger.info("kept parse %s removed: its preview was not confirmed within a day", name)
    handled = []
    for job_id in list(candidates[:100]):
        action = _recover(job_id, now)
        if action:
            handled.append(f"{job_id}:{action}")
    handled += [f"{job_id}:followups-failed" for job_id in _end_orphaned_followups(now, stale)]
    return handled


def _end_orphaned_followups(now: timezone.datetime, stale: timedelta) -> list[object]:
    """A done job whose follow-ups say running (or wait longer than a queue ever should) while
    nobody holds their lock lost its follow-up worker: end them as failed, with the reason."""
    running = ImportJob.objects.filter(status=ImportJob.Status.DONE, followups__state=import_followups.RUNNING,
                                       updated_at__lt=now - stale)
    waiting = ImportJob.objects.filter(status=ImportJob.Status.DONE, followups__state=import_followups.PENDING,
                                       updated_at__lt=now - FOLLOWUPS_QUEUED_AT_MOST)
    ended = []
    for job in [*running[:100], *waiting[:100]]:
        if import_followups.followups_orphaned(job):
            import_followups.followups_fail(job_id=job.pk)
            logger.warning("import job %s: follow-ups lost their worker; ended as failed", job.pk)
            ended.append(job.pk)
    return ended


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
                transaction.on_commit(lambda: import_reuse.discard(job.pk))
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
