"""django.tasks wrappers: the day's reporting reminders, run by core.schedule."""

from django.tasks import task


@task()
def reporting_reminders_task() -> dict[str, int]:
    """core.schedule, every morning: enterprises before the due date, counties about their late
    enterprises (reminders_send is idempotent: each reminder goes out once)."""
    from django.utils import timezone

    from breakzero.reporting.reminders import reminders_send

    return reminders_send(today=timezone.localdate())
