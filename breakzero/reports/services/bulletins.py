"""Bulletins (调度通报): request one (background task), generate its xlsx and PDF."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.regions.models import Region
from breakzero.reports import access
from breakzero.reports.bulletins.assembly import assemble
from breakzero.reports.bulletins.periods import BulletinPeriod, make_period
from breakzero.reports.bulletins.render import render_pdf, render_xlsx, table_rows
from breakzero.reports.models import Bulletin
from breakzero.notifications.models import NoticeKind
from breakzero.reports.services.notifications import notify_users

logger = logging.getLogger(__name__)
Status = Bulletin.Status


@transaction.atomic
def bulletin_request(
    *, user: Any, region: Region, period_type: str, year: int, period: int | None, enqueue: bool = True,
    today: dt.date | None = None,
) -> Bulletin:
    """Record a bulletin to generate; the web enqueues the task after commit, the shell runs it itself."""
    if user is not None and not access.can_generate_bulletin(user, region):
        raise DomainError(_("您不能为该地区生成通报（省级可生成全省或市州通报，市州只能生成本市州通报）。"))
    if region.is_county:
        raise DomainError(_("通报按全省或市州生成，区县不单独生成。"))
    chosen = make_period(period_type=period_type, year=year, period=period, today=today or timezone.localdate())
    bulletin = Bulletin.objects.create(period_type=chosen.period_type, year=chosen.year, period=chosen.period,
                                       region=region, created_by=user)
    if enqueue:
        from breakzero.core.tasks import enqueue_on_commit
        from breakzero.reports.tasks import bulletin_generate_task

        enqueue_on_commit(bulletin_generate_task, bulletin.pk)
    return bulletin


def bulletin_generate(*, bulletin_id: int, today: dt.date | None = None) -> Bulletin:
    """Assemble the data and write both files; safe to run twice (a finished bulletin is left alone)."""
    bulletin = Bulletin.objects.select_related("region", "created_by").get(pk=bulletin_id)
    if bulletin.status == Status.DONE:
        return bulletin
    _set(bulletin, status=Status.RUNNING, message="")
    try:
        period = BulletinPeriod(bulletin.period_type, bulletin.year, bulletin.period)
        data = assemble(region=bulletin.region, period=period, today=today or timezone.localdate())
        stem = f"{bulletin.region.name}{period.label}调度通报-{bulletin.pk}"
        bulletin.xlsx.save(f"{stem}.xlsx", ContentFile(render_xlsx(data)), save=False)
        bulletin.pdf.save(f"{stem}.pdf", ContentFile(render_pdf(data)), save=False)
    except Exception as exc:  # the page must show failure rather than spin forever
        logger.exception("bulletin %s failed", bulletin_id)
        _set(bulletin, status=Status.FAILED, message=f"生成失败：{exc}")
        return bulletin
    _set(bulletin, status=Status.DONE, summary=data.to_json() | {"tables": table_rows(data)}, generated_at=timezone.now(), xlsx=bulletin.xlsx,
         pdf=bulletin.pdf)
    notify_users(users=[bulletin.created_by], url=bulletin.get_absolute_url(),
                 text=f"{bulletin.region.name}{period.label}调度通报已生成，可下载。", kind=NoticeKind.BULLETIN)
    return bulletin


def bulletin_xlsx(*, bulletin: Bulletin, today: dt.date | None = None) -> bytes:
    """The bulletin's workbook, always a readable one: the stored file when it opens as a workbook;
    otherwise (never written, lost, truncated) it is generated again for the bulletin's region and
    period as of the day it was generated, and stored. DomainError (Chinese) when that fails, so the
    user gets an error page rather than a broken file."""
    stored = _stored(bulletin.xlsx)
    if stored is not None and _is_workbook(stored):
        return stored
    try:
        period = BulletinPeriod(bulletin.period_type, bulletin.year, bulletin.period)
        as_of = timezone.localdate(bulletin.generated_at) if bulletin.generated_at else today or timezone.localdate()
        content = render_xlsx(assemble(region=bulletin.region, period=period, today=as_of))
    except Exception as exc:
        logger.exception("bulletin %s xlsx could not be generated again", bulletin.pk)
        raise DomainError(_("通报的 Excel 文件不可用，重新生成也未成功，请重新生成通报或联系系统管理员。")) from exc
    stem = f"{bulletin.region.name}{period.label}调度通报-{bulletin.pk}"
    bulletin.xlsx.save(f"{stem}.xlsx", ContentFile(content), save=False)
    bulletin.save(update_fields=["xlsx", "updated_at"])
    return content


def _stored(field_file: Any) -> bytes | None:
    if not field_file:
        return None
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def _is_workbook(content: bytes) -> bool:
    """A zip holding an xlsx workbook part (a 2-byte or cut-off file is not one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _set(bulletin: Bulletin, **values: Any) -> None:
    for name, value in values.items():
        setattr(bulletin, name, value)
    bulletin.save(update_fields=[*values, "updated_at"])
