"""Reads of notifications: a user's own notices and preferences only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from breakzero.notifications.models import Notice, NoticeKind, NoticePreference


def notices_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notice]:
    qs = Notice.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def notice_get(*, user: Any, pk: int) -> Notice:
    return get_object_or_404(Notice, pk=pk, user=user)  # another user's notice: 404


def unread_count(user: Any) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def email_kinds(user: Any) -> set[str]:
    return set(NoticePreference.objects.filter(user=user, by_email=True).values_list("kind", flat=True))


def kinds() -> list[tuple[str, str]]:
    return list(NoticeKind.choices)
