"""django.tasks wrappers of the engine."""

from django.tasks import task


# A recomputation over every enterprise: the "imports" queue (imports and recomputations).
@task(queue_name="imports")
def eligibility_run_task(run_id: int) -> None:
    """Evaluate a call over every enterprise (safe to run twice: results are upserted)."""
    from breakzero.calls.eligibility import eligibility_run_execute

    eligibility_run_execute(run_id=run_id)
