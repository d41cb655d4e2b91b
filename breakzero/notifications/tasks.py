"""E-mail for notices, sent by the task worker (never in the request); safe to run twice."""

from django.tasks import task


@task()
def send_notice_emails_task(notice_ids: list[int]) -> int:
    from breakzero.notifications.mail import notices_send_email

    return notices_send_email(notice_ids=notice_ids)
