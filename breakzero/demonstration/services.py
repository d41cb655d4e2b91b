"""Writes of the demonstration area: editorial review of typical cases, investment progress of major projects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.calls.models import Obligation, Recognition
from breakzero.core.errors import DomainError
from breakzero.demonstration.models import CasePicture, InvestmentReport, TypicalCase

PICTURE_TYPES = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG"}
PICTURE_MAX_BYTES = 5 * 1024 * 1024


@transaction.atomic
def case_review(*, case: TypicalCase, actor: Any, publish: bool, note: str = "") -> TypicalCase:
    """The province's editorial review: publish the case, or return it to the enterprise with a note."""
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError(_("典型案例由省级管理员编审。"))
    if case.status == TypicalCase.Status.PUBLISHED:
        raise DomainError(_("该案例已发布。"))
    if not publish and not note.strip():
        raise DomainError(_("退回修改时请填写编审意见。"))
    case.status = TypicalCase.Status.PUBLISHED if publish else TypicalCase.Status.RETURNED
    case.editor_note, case.reviewed_by = note.strip(), actor
    case.published_on = timezone.localdate() if publish else None
    case.save(update_fields=["status", "editor_note", "reviewed_by", "published_on", "updated_at"])
    return case


@transaction.atomic
def case_update(*, case: TypicalCase, actor: Any, title: str, technology: str, problem: str, results: list[dict],
                body: str = "") -> TypicalCase:
    """The enterprise revises its returned case; it goes back to editorial review."""
    if getattr(actor, "enterprise_id", None) != case.enterprise_id:
        raise DomainError(_("只能修改本企业的案例。"))
    if case.status != TypicalCase.Status.RETURNED:
        raise DomainError(_("只有退回修改的案例可以修改。"))
    case.title, case.technology, case.problem, case.results, case.body = title, technology, problem, results, body
    case.status = TypicalCase.Status.IN_REVIEW
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_picture_add(*, case: TypicalCase, actor: Any, image: UploadedFile, caption: str = "") -> CasePicture:
    if getattr(actor, "enterprise_id", None) != case.enterprise_id and getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError(_("只能为本企业的案例上传图片。"))
    name = (image.name or "").lower()
    ext = name[name.rfind("."):] if "." in name else ""
    if ext not in PICTURE_TYPES or image.size > PICTURE_MAX_BYTES:
        raise DomainError(_("图片只接受 JPG、PNG，且不超过 5 MB。"))
    head = image.read(8)
    image.seek(0)
    if not head.startswith(PICTURE_TYPES[ext]):
        raise DomainError(_("图片内容与文件类型不符。"))
    return CasePicture.objects.create(case=case, image=image, caption=caption.strip()[:200])


@transaction.atomic
def investment_report_submit(*, recognition: Recognition, actor: Any, period: str, planned: Decimal, actual: Decimal,
                             note: str = "") -> InvestmentReport:
    """The enterprise reports a major project's investment for a period; the matching obligation is done."""
    if recognition.kind != "major_product_innovation":
        raise DomainError(_("只有重大产品创新项目需要填报投资进度。"))
    if getattr(actor, "enterprise_id", None) != recognition.enterprise_id:
        raise DomainError(_("只能填报本企业的项目。"))
    if planned < 0 or actual < 0:
        raise DomainError(_("投资额不能为负数。"))
    report, _created = InvestmentReport.objects.update_or_create(
        recognition=recognition, period=period.strip(),
        defaults={"planned": planned, "actual": actual, "note": note.strip(), "reported_by": actor})
    Obligation.objects.filter(recognition=recognition, kind=Obligation.Kind.INVESTMENT_REPORT, period=period.strip(),
                              done_on__isnull=True).update(done_on=timezone.localdate())
    return report
