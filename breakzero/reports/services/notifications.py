"""Who in the reports workflow gets told what: plans, tasks and bulletins, through the one
notice service (`notifications.services.notify`: in-app always, e-mail if the user chose it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from breakzero.notifications.models import NoticeKind
from breakzero.notifications.services import notify, notify_region_officials


def notify_users(*, users: Iterable[Any], text: str, url: str = "", kind: str = NoticeKind.OTHER) -> int:
    """One notice per distinct active user; returns how many were created."""
    return len(notify(users=users, kind=kind, title=text, url=url))


def notify_region(*, region_code: str | None, text: str, url: str = "", exclude: Any = None,
                  kind: str = NoticeKind.OTHER) -> int:
    """Tell every active official of one region (e.g. the county a task is addressed to)."""
    return len(notify_region_officials(region_code=region_code, kind=kind, title=text, url=url, exclude=exclude))
