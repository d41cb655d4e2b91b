"""In-app notifications (no e-mail): who gets told what when plans, tasks and bulletins change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from breakzero.accounts.models import OFFICIAL_ROLES
from breakzero.reports.models import Notification


def notify_users(*, users: Iterable[Any], text: str, url: str = "") -> int:
    """One notice per distinct active user; returns how many were created."""
    now = timezone.now()
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, text=text[:300], url=url[:300], created_at=now))
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_region(*, region_code: str | None, text: str, url: str = "", exclude: Any = None) -> int:
    """Tell every active official of one region (e.g. the county a task is addressed to)."""
    if not region_code:
        return 0
    users = get_user_model().objects.filter(region_id=region_code, role__in=OFFICIAL_ROLES, is_active=True)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return notify_users(users=users, text=text, url=url)


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notices read (all unread ones when `ids` is None)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
