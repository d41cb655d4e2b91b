"""Core's own to-do items: the user's imports that failed or wait for confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.models import ImportJob
from breakzero.core.todo import TodoItem

RECENT_DAYS = 14  # older failures are history, not a to-do


def import_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    jobs = ImportJob.objects.filter(created_by=user, created_at__gte=since)
    failed = jobs.filter(status=ImportJob.Status.FAILED).count()
    waiting = jobs.filter(status=ImportJob.Status.PREVIEW).count()
    history = reverse("core:import-history")
    yield TodoItem("imports-failed", _("导入失败的文件"), failed, f"{history}?status=failed", is_late=True,
                   hint=_("查看原因，修正后重新上传"))
    yield TodoItem("imports-preview", _("待确认的导入"), waiting, f"{history}?status=preview",
                   hint=_("校验已完成，确认后才会写入"))
