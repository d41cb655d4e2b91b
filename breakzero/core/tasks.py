"""django.tasks wrappers for the import framework, plus helpers to enqueue after commit."""

from typing import Any

from django.db import transaction
from django.tasks import task


def enqueue_on_commit(task_obj: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task_obj` once the current transaction commits (STYLE §3 services)."""
    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))


@task(queue_name="imports")
def import_validate_task(job_id: str) -> None:
    from breakzero.core.imports import import_job_failed, import_job_validate

    try:
        import_job_validate(job_id=job_id)
    except Exception as exc:  # a job never stays "校验中": it ends failed, with the reason
        import_job_failed(job_id=job_id, error=exc)


@task(queue_name="imports")
def import_apply_task(job_id: str, skip_invalid: bool) -> None:
    from breakzero.core.imports import import_job_apply, import_job_failed

    try:
        import_job_apply(job_id=job_id, skip_invalid=skip_invalid)
    except Exception as exc:
        import_job_failed(job_id=job_id, error=exc)


@task(queue_name="imports")
def refresh_task(sources: list[str], enterprise_ids: list[int] | None, job_id: str | None = None) -> None:
    """The recomputations after a change; with `job_id`, an import job's follow-ups, reported on
    its page (core.import_followups)."""
    from breakzero.core.hooks import run_refreshers
    from breakzero.core.import_followups import followups_run

    if job_id is None:
        run_refreshers(sources=sources, enterprise_ids=enterprise_ids)
    else:
        followups_run(job_id=job_id, sources=sources, enterprise_ids=enterprise_ids)


@task(queue_name="imports")
def nightly_refresh_task() -> None:
    """Every recomputation over all enterprises (core.schedule, nightly): repairs anything a
    follow-up missed (a worker stopped after an import committed, a hand edit in the admin)."""
    from breakzero.core.hooks import run_refreshers

    run_refreshers(sources=["nightly"], enterprise_ids=None)


@task()
def import_jobs_recover_task() -> None:
    """core.schedule, every 15 s: re-enqueue imports whose worker stopped."""
    from breakzero.core.import_recovery import import_jobs_recover

    import_jobs_recover()
