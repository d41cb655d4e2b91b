"""Background work of reporting (django.tasks)."""

from django.tasks import task


@task()
def send_reporting_reminders_task() -> None:
    """core.schedule, every morning: enterprises before the due date, counties about late ones
    (reminders_send is idempotent: each reminder goes out once)."""
    from django.utils import timezone

    from breakzero.reporting.reminders import reminders_send

    reminders_send(today=timezone.localdate())
