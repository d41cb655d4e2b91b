"""Listeners that turn upstream events (core cannot call this app) into notices."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from breakzero.notifications.models import NoticeKind
from breakzero.notifications.services import notify


def import_job_finished(sender: Any, job: Any, **kwargs: Any) -> None:
    """An import the user started finished (applied) or failed: tell its owner."""
    if job.created_by_id is None:
        return
    failed = job.status == job.Status.FAILED
    kind = NoticeKind.IMPORT_FAILED if failed else NoticeKind.IMPORT_FINISHED
    if failed:
        title = _("导入失败：%(name)s") % {"name": job.original_name}
        body = job.message or _("请打开导入记录查看原因。")
    else:
        title = _("导入完成：%(name)s") % {"name": job.original_name}
        body = _("新增 %(c)d，更新 %(u)d，未变化 %(n)d，错误行 %(r)d。") % {
            "c": job.created_count, "u": job.updated_count, "n": job.unchanged_count, "r": job.rejected_count}
    notify(users=[job.created_by], kind=kind, title=title, body=body, url=job.get_absolute_url())
