"""Supervision tasks (督办): an official assigns a follow-up to a region strictly inside
their own; the region answers with text and attachments; the creating level closes or reopens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.indicators import definitions
from breakzero.regions.models import Region
from breakzero.reports import access
from breakzero.reports.files import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, EXTENSIONS, check_upload
from breakzero.reports.models import SupervisionTask, TaskAttachment, TaskEntry
from breakzero.notifications.models import NoticeKind
from breakzero.reports.services.notifications import notify_region

MAX_ATTACHMENTS = 10
Status = SupervisionTask.Status


@transaction.atomic
def task_create(
    *, user: Any, region: Region, title: str, description: str, due_date: dt.date, indicator: str = "",
    year: int | None = None,
) -> SupervisionTask:
    """Create a task for `region` (rule: strictly inside the creator's region) and tell its officials."""
    if not access.can_create_task_for(user, region):
        raise DomainError(_("只能向本地区下辖的市州或区县发起督办。"))
    if indicator and indicator not in definitions.REGISTRY:
        raise DomainError(_("未知的指标：%(indicator)s") % {"indicator": indicator})
    if due_date < timezone.localdate():
        raise DomainError(_("办理期限不能早于今天。"))
    task = SupervisionTask(
        region=region, creator_region_id=user.region_id, created_by=user, indicator=indicator, year=year,
        title=(title or "").strip(), description=(description or "").strip(), due_date=due_date,
    )
    task.full_clean()
    task.save()
    notify_region(region_code=region.code, url=task.get_absolute_url(),
                  text=f"新的督办事项：{task.title}（期限 {due_date:%Y-%m-%d}）", kind=NoticeKind.TASK_ISSUED)
    return task


@transaction.atomic
def task_answer(*, user: Any, task_id: int, text: str, uploads: Sequence[Any] = ()) -> TaskEntry:
    """The region's officials answer; every attachment is checked by content before anything is saved."""
    task = _locked(task_id)
    if not access.can_answer_task(user, task):
        raise DomainError(_("只有被督办地区的管理员可以答复。"))
    if task.status == Status.CLOSED:
        raise DomainError(_("该督办事项已办结，不能再答复。"))
    text = (text or "").strip()
    if not text and not uploads:
        raise DomainError(_("请填写答复内容或上传附件。"))
    if len(uploads) > MAX_ATTACHMENTS:
        raise DomainError(_("每次最多上传 %(n)s 个附件。") % {"n": MAX_ATTACHMENTS})
    checked = [check_upload(u, allowed=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES) for u in uploads]
    entry = TaskEntry.objects.create(task=task, kind=TaskEntry.Kind.ANSWER, author=user, text=text,
                                     created_at=timezone.now())
    for index, (upload, info) in enumerate(zip(uploads, checked, strict=True), start=1):
        attachment = TaskAttachment(entry=entry, original_name=str(getattr(upload, "name", ""))[-200:] or "附件",
                                    file_kind=info.kind, file_size=info.size)
        attachment.file.save(f"task{task.pk}-{entry.pk}-{index}{EXTENSIONS[info.kind]}", upload, save=False)
        attachment.save()
    _set_status(task, Status.ANSWERED)
    notify_region(region_code=task.creator_region_id, url=task.get_absolute_url(),
                  text=f"{task.region.name}答复了督办事项：{task.title}", kind=NoticeKind.TASK_UPDATED)
    return entry


@transaction.atomic
def task_close(*, user: Any, task_id: int, comment: str = "") -> SupervisionTask:
    task = _locked(task_id)
    if not access.can_close_task(user, task):
        raise DomainError(_("只有发起督办的一级可以办结。"))
    if task.status == Status.CLOSED:
        raise DomainError(_("该督办事项已经办结。"))
    _entry(task, TaskEntry.Kind.CLOSE, user, comment)
    _set_status(task, Status.CLOSED, closed_at=timezone.now())
    notify_region(region_code=task.region_id, url=task.get_absolute_url(), text=f"督办事项已办结：{task.title}",
                  kind=NoticeKind.TASK_UPDATED)
    return task


@transaction.atomic
def task_reopen(*, user: Any, task_id: int, comment: str, due_date: dt.date | None = None) -> SupervisionTask:
    """Reopen with a reason (and optionally a new due date); the region must answer again."""
    task = _locked(task_id)
    if not access.can_close_task(user, task):
        raise DomainError(_("只有发起督办的一级可以重新打开。"))
    if task.status != Status.CLOSED:
        raise DomainError(_("只有已办结的督办事项可以重新打开。"))
    if not (comment or "").strip():
        raise DomainError(_("重新打开时请说明原因。"))
    if due_date is not None and due_date < timezone.localdate():
        raise DomainError(_("办理期限不能早于今天。"))
    _entry(task, TaskEntry.Kind.REOPEN, user, comment)
    if due_date is not None:
        task.due_date = due_date
        task.save(update_fields=["due_date", "updated_at"])
    _set_status(task, Status.OPEN, closed_at=None)
    notify_region(region_code=task.region_id, url=task.get_absolute_url(), text=f"督办事项被重新打开：{task.title}",
                  kind=NoticeKind.TASK_UPDATED)
    return task


def _locked(task_id: int) -> SupervisionTask:
    return SupervisionTask.objects.select_for_update().select_related("region").get(pk=task_id)


def _entry(task: SupervisionTask, kind: str, user: Any, text: str) -> TaskEntry:
    return TaskEntry.objects.create(task=task, kind=kind, author=user, text=(text or "").strip(),
                                    created_at=timezone.now())


def _set_status(task: SupervisionTask, status: str, **extra: Any) -> None:
    task.status = status
    for name, value in extra.items():
        setattr(task, name, value)
    task.save(update_fields=["status", *extra, "updated_at"])
