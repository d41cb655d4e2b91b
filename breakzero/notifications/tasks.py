"""E-mail for notices, sent by the task worker (never in the request); safe to run twice."""

from django.tasks import task


@task()
def send_notice_emails_task(notice_ids: list[int]) -> int:
    from breakzero.notifications.mail import notices_send_email

    return notices_send_email(notice_ids=notice_ids)


@task()
def send_reminders_task() -> None:
    """core.schedule, every morning: supervision due in 3 days / overdue, bodies that missed a
    month (reminders_send is idempotent: each reminder goes out once)."""
    from django.utils import timezone

    from breakzero.notifications.reminders import reminders_send

    reminders_send(today=timezone.localdate())
