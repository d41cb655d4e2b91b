"""公示, objections, publication with the 文号, recognitions made on publication, the working-day calendar."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.calls.models import Application, CalendarDay, Call, Objection, Obligation, Recognition, State, Transition
from breakzero.calls.registry import get_programme_type
from breakzero.calls.workflow import record_move
from breakzero.calls.workingdays import add_working_days
from breakzero.core.errors import DomainError

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf": b"%PDF", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG"}
OBJECTIONS_PER_IP_PER_HOUR = 5


@transaction.atomic
def calendar_day_set(*, actor: Any, date: dt.date, is_working_day: bool, note: str = "") -> CalendarDay:
    """The province maintains holidays and make-up working days."""
    _province(actor)
    day, _created = CalendarDay.objects.update_or_create(date=date, defaults={"is_working_day": is_working_day,
                                                                              "note": note.strip()[:60]})
    return day


@transaction.atomic
def call_publicity_start(*, call: Call, actor: Any, start: dt.date | None = None) -> Call:
    """Every 拟入选 application goes on the 公示 list for the call's number of working days."""
    _province(actor)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.OPEN:
        raise DomainError(_("该批次已进入公示或已发布。"))
    selected = list(Application.objects.filter(call=call, state=State.SELECTED))
    if not selected:
        raise DomainError(_("没有拟入选的申报，不能公示。"))
    start = start or timezone.localdate()
    call.publicity_start, call.publicity_end = start, add_working_days(start, call.publicity_working_days)
    call.status = Call.Status.PUBLICITY
    call.save(update_fields=["publicity_start", "publicity_end", "status", "updated_at"])
    _move_all(selected, actor=actor, action="publicity", to_state=State.PUBLICITY)
    return call


@transaction.atomic
def objection_file(*, application: Application, name: str, contact: str, reason: str,
                   attachment: UploadedFile | None = None, client_ip: str | None = None) -> Objection:
    """Anyone may object, under their real name with a contact, while the application is in 公示."""
    call = application.call
    today = timezone.localdate()
    if application.state != State.PUBLICITY or not call.publicity_end or not (call.publicity_start <= today <= call.publicity_end):
        raise DomainError(_("该名单不在公示期内，不能提出异议。"))
    if not name.strip() or not contact.strip() or not reason.strip():
        raise DomainError(_("请填写真实姓名、联系方式和异议理由。"))
    if client_ip and Objection.objects.filter(client_ip=client_ip,
                                              created_at__gte=timezone.now() - dt.timedelta(hours=1)).count() >= OBJECTIONS_PER_IP_PER_HOUR:
        raise DomainError(_("提交过于频繁，请一小时后再试。"))
    if attachment is not None:
        _check_attachment(attachment)
    objection = Objection(reference=_reference(), call=call, application=application, name=name.strip()[:50],
                          contact=contact.strip()[:100], reason=reason.strip(), client_ip=client_ip)
    if attachment is not None:
        objection.attachment = attachment
    objection.full_clean()
    objection.save()
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, actor: Any, upheld: bool, resolution: str) -> Objection:
    """The province records how the objection was handled (upheld: the application will not be published)."""
    _province(actor)
    if objection.status != Objection.Status.OPEN:
        raise DomainError(_("该异议已处理。"))
    if not resolution.strip():
        raise DomainError(_("请填写处理情况。"))
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution.strip(), actor, timezone.now()
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at", "updated_at"])
    return objection


@transaction.atomic
def call_publish(*, call: Call, actor: Any, document_number: str) -> list[Application]:
    """After 公示 with every objection handled, publish the list under its 文号: upheld objections
    refuse the application; the others are published and their programme type's effect runs."""
    _province(actor)
    call = Call.objects.select_for_update().select_related("programme").get(pk=call.pk)
    if call.status != Call.Status.PUBLICITY:
        raise DomainError(_("该批次不在公示阶段。"))
    if timezone.localdate() <= call.publicity_end:
        raise DomainError(_("公示期至 %(end)s 结束，期满后方可发布。") % {"end": f"{call.publicity_end:%Y-%m-%d}"})
    if call.objections.filter(status=Objection.Status.OPEN).exists():
        raise DomainError(_("尚有未处理的异议。"))
    if not document_number.strip():
        raise DomainError(_("请填写发布文号。"))
    on_list = list(Application.objects.filter(call=call, state=State.PUBLICITY).select_related("enterprise", "call__programme"))
    upheld = set(call.objections.filter(status=Objection.Status.UPHELD).values_list("application_id", flat=True))
    _move_all([a for a in on_list if a.pk in upheld], actor=actor, action="refuse", to_state=State.REFUSED,
              reason=_("公示异议成立"))
    published = [a for a in on_list if a.pk not in upheld]
    _move_all(published, actor=actor, action="publish", to_state=State.PUBLISHED)
    call.status, call.published_document_number, call.published_on = Call.Status.PUBLISHED, document_number.strip(), timezone.localdate()
    call.save(update_fields=["status", "published_document_number", "published_on", "updated_at"])
    hook = get_programme_type(call.programme.programme_type).on_publish
    for application in published:
        application.call = call  # the hooks read the 文号 and date just set
        if hook is not None:
            hook(application)
    from breakzero.core.hooks import data_changed

    data_changed(source="recognitions", enterprise_ids=[a.enterprise_id for a in published])
    return published


@transaction.atomic
def recognition_create(*, application: Application, kind: str, authority: str, valid_years: int | None = None,
                       obligations: list[tuple[str, str, dt.date]] = (), details: dict[str, Any] | None = None) -> Recognition:
    """The engine's own recognition record for a published application, with its obligations (idempotent)."""
    call = application.call
    day = call.published_on or timezone.localdate()
    valid_until = _years_later(day, valid_years) if valid_years else None
    recognition, created = Recognition.objects.get_or_create(
        application=application,
        defaults={"enterprise_id": application.enterprise_id, "programme": call.programme, "kind": kind,
                  "level": call.programme.level, "authority": authority, "batch": call.published_document_number,
                  "recognized_on": day, "valid_until": valid_until, "details": details or {}})
    if created:
        Obligation.objects.bulk_create([Obligation(recognition=recognition, kind=k, period=p, due_on=d)
                                        for k, p, d in obligations])
    return recognition


def _move_all(applications: list[Application], *, actor: Any, action: str, to_state: str, reason: str = "") -> None:
    steps = [record_move(application=a, actor=actor, action=action, to_state=to_state, level="province", reason=reason)
             for a in applications]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(state=to_state, updated_at=timezone.now())
    for a in applications:
        a.state = to_state
    Transition.objects.bulk_create(steps, batch_size=2000)


def _province(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError(_("此操作由省级管理员办理。"))


def _check_attachment(upload: UploadedFile) -> None:
    name = (upload.name or "").lower()
    ext = name[name.rfind("."):] if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise DomainError(_("附件只接受 PDF、JPG、PNG 文件。"))
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise DomainError(_("附件不能超过 10 MB。"))
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_TYPES[ext]):
        raise DomainError(_("附件内容与文件类型不符。"))


def _reference() -> str:
    while True:
        ref = f"YY{timezone.localdate():%Y%m%d}{secrets.token_hex(3).upper()}"
        if not Objection.objects.filter(reference=ref).exists():
            return ref


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def obligation_fulfil(*, obligation: Obligation, actor: Any) -> Obligation:
    """The enterprise marks a due report as submitted (re-reviews are calls of their own, not fulfilled here)."""
    if getattr(actor, "enterprise_id", None) != obligation.recognition.enterprise_id:
        raise DomainError(_("只能办理本企业的事项。"))
    if obligation.kind == Obligation.Kind.RE_REVIEW:
        raise DomainError(_("复核评价通过复核申报批次办理。"))
    if obligation.done_on is not None:
        raise DomainError(_("该事项已办理。"))
    obligation.done_on = timezone.localdate()
    obligation.save(update_fields=["done_on"])
    return obligation


@transaction.atomic
def recognition_revoke(*, recognition: Recognition, actor: Any, reason: str) -> Recognition:
    """The province revokes a recognition (e.g. 复核不合格 for a technology centre), with the reason kept."""
    _province(actor)
    if recognition.status == Recognition.Status.REVOKED:
        raise DomainError(_("该认定已撤销。"))
    if not reason.strip():
        raise DomainError(_("请填写撤销原因。"))
    recognition.status = Recognition.Status.REVOKED
    recognition.details = {**recognition.details, "revoked_on": timezone.localdate().isoformat(),
                           "revoked_reason": reason.strip()}
    recognition.save(update_fields=["status", "details", "updated_at"])
    from breakzero.core.hooks import data_changed

    data_changed(source="recognitions", enterprise_ids=[recognition.enterprise_id])
    return recognition
