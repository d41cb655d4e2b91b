"""django.tasks wrappers: the day's reporting reminders, run by core.schedule."""

from django.tasks import task


@task()
def reporting_reminders_task() -> dict[str, int]:
    """core.schedule, every morning: enterprises before the due date, counties about their late
    enterprises (reminders_send is idempotent: each reminder goes out once)."""
    from django.utils import timezone

    from breakzero.reporting.reminders import reminders_send

    return reminders_send(today=timezone.localdate())


@task()
def reporting_bands_task() -> int:
    """core.schedule, every night: recompute the percentile bands (reporting.bands) so that the
    single accepted reports of the day are in them (imports refresh them at once)."""
    from breakzero.reporting.bands import bands_refresh

    return bands_refresh()
