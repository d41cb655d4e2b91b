"""The e-mail of a notice, through Django's e-mail framework (SMTP, or a folder under var/)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.utils import timezone

from breakzero.notifications.models import Notice


def notices_send_email(*, notice_ids: list[int]) -> int:
    """Send each notice not yet e-mailed; returns how many were sent. A notice is marked sent
    only after its message went out, so a failed run can be repeated."""
    notices = Notice.objects.filter(pk__in=notice_ids, emailed_at__isnull=True).select_related("user")
    sent = 0
    with mailers.default as connection:
        for notice in notices:
            if not notice.user.email:
                continue
            message = EmailMessage(subject=f"[破零倍增平台] {notice.title}", body=_body(notice), to=[notice.user.email])
            connection.send_messages([message])
            Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def _body(notice: Notice) -> str:
    lines = [notice.title, ""]
    if notice.body:
        lines += [notice.body, ""]
    if notice.url:
        lines.append(f"{settings.SITE_URL.rstrip('/')}{notice.url}")
    lines += ["", "—— 湖南省中小企业技术创新“破零倍增”平台（此邮件由系统发送，请勿回复；可在“站内信 › 通知设置”中关闭邮件）"]
    return "\n".join(lines)
