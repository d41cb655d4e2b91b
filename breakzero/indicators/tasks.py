"""django.tasks wrappers of the progress pages' background work."""

from django.tasks import task


@task()
def dashboard_prefill_task() -> int:
    """Pre-fill the dashboard's tables for the new summaries (bounded; safe to run twice)."""
    from django.conf import settings

    from breakzero.indicators.fragments import prefill

    return prefill(seconds=settings.PROGRESS_PREFILL_SECONDS)
