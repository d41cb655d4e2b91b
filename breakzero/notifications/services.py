"""Every write of notifications: `notify` (the one service other apps call), read marks, preferences."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from breakzero.accounts.models import OFFICIAL_ROLES
from breakzero.core import todo
from breakzero.notifications.models import Notice, NoticeKind, NoticePreference, ReminderLog


@transaction.atomic
def notify(*, users: Iterable[Any], kind: str, title: str, body: str = "", url: str = "") -> list[Notice]:
    """One in-app notice per distinct active user; those who chose e-mail for this kind (and
    have an address) are mailed by the task worker after commit, never in the request."""
    kind = kind if kind in NoticeKind.values else NoticeKind.OTHER
    now = timezone.now()
    recipients = _distinct_active(users)
    notices = Notice.objects.bulk_create(
        [Notice(user=u, kind=kind, title=title[:300], body=body, url=url[:300], created_at=now) for u in recipients]
    )
    wanted = set(NoticePreference.objects.filter(user__in=recipients, kind=kind, by_email=True).values_list("user_id", flat=True))
    mail_ids = [n.pk for n in notices if n.user_id in wanted and n.user.email]
    if mail_ids:
        from breakzero.notifications.tasks import send_notice_emails_task

        transaction.on_commit(lambda: send_notice_emails_task.enqueue(mail_ids))
    for user in recipients:
        todo.invalidate(user)
    return notices


def notify_region_officials(*, region_code: str | None, kind: str, title: str, body: str = "", url: str = "",
                            exclude: Any = None) -> list[Notice]:
    """Tell every active official of one region (e.g. the county a task is addressed to)."""
    if not region_code:
        return []
    users = get_user_model().objects.filter(region_id=region_code, role__in=OFFICIAL_ROLES, is_active=True)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return notify(users=users, kind=kind, title=title, body=body, url=url)


def notify_once(*, key: str, users: Iterable[Any], kind: str, title: str, body: str = "", url: str = "") -> bool:
    """A scheduled reminder: sent only if `key` was never sent before (returns whether it was sent)."""
    with transaction.atomic():
        _, created = ReminderLog.objects.get_or_create(key=key[:120])
        if created:
            notify(users=users, kind=kind, title=title, body=body, url=url)
    return created


def notices_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notices read (every unread one when `ids` is None)."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    count = qs.update(read_at=timezone.now())
    todo.invalidate(user)
    return count


def preferences_save(*, user: Any, email_kinds: Iterable[str]) -> None:
    """Store the kinds the user also wants by e-mail (in-app notices are always on)."""
    chosen = set(email_kinds) & set(NoticeKind.values)
    with transaction.atomic():
        for kind in NoticeKind.values:
            NoticePreference.objects.update_or_create(user=user, kind=kind, defaults={"by_email": kind in chosen})


def _distinct_active(users: Iterable[Any]) -> list[Any]:
    seen: set[int] = set()
    found = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        found.append(user)
    return found
