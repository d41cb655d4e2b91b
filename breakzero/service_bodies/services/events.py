"""Writes for service events: creation, QR / list check-in, materials."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.service_bodies.models import EventAttendance, EventMaterial, EventRegistration, ServiceBody, ServiceEvent

EVENT_FIELDS = ("title", "held_on", "mode", "topic", "location", "description", "is_public", "registration_limit")
CHECKIN_SALT = "service_bodies.checkin"
CHECKIN_DAYS_BEFORE = 1
CHECKIN_DAYS_AFTER = 3
MATERIAL_MAX_BYTES = 20 * 1024 * 1024
MATERIAL_TYPES = {  # extension → accepted leading bytes (sniffed, not trusted from the name)
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",), ".pptx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",), ".ppt": (b"\xd0\xcf\x11\xe0",), ".xls": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",),
}


def late_days() -> int:
    """Days after an event within which it may be recorded normally (setting SERVICE_EVENT_LATE_DAYS, default 10)."""
    return int(getattr(settings, "SERVICE_EVENT_LATE_DAYS", 10))


@transaction.atomic
def event_save(
    *, body: ServiceBody, user: Any, data: dict[str, Any], event: ServiceEvent | None = None, today: dt.date | None = None
) -> ServiceEvent:
    """Create or change an event. One recorded (or moved to a date) more than `late_days()` before today is
    补录: it counts toward the monthly events rule only after the city confirms it."""
    event = event or ServiceEvent(body=body, created_by=user)
    previous_day = None if event._state.adding else ServiceEvent.objects.get(pk=event.pk).held_on
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.full_clean()
    if event.held_on != previous_day:
        today = today or timezone.localdate()
        event.is_late = (today - event.held_on).days > late_days()
        event.late_confirmed_by, event.late_confirmed_at = None, None
    event.save()
    return event


@transaction.atomic
def event_late_confirm(*, event: ServiceEvent, user: Any) -> ServiceEvent:
    """The city confirms a 补录 event so that it counts toward its month (recorded in the audit trail)."""
    from breakzero.service_bodies.access import can_confirm_late_event

    if not can_confirm_late_event(user, event):
        raise DomainError(_("补录活动由活动所在市州的管理员确认。"))
    if not event.is_late:
        raise DomainError(_("该活动不是补录，无需确认。"))
    if event.late_confirmed_at is not None:
        raise DomainError(_("该补录活动已确认。"))
    event.late_confirmed_by, event.late_confirmed_at = user, timezone.now()
    event.save(update_fields=["late_confirmed_by", "late_confirmed_at", "updated_at"])
    return event


def checkin_token(event: ServiceEvent) -> str:
    """A signed token naming the event: printed as the check-in QR code."""
    return signing.dumps({"event": event.pk}, salt=CHECKIN_SALT, compress=True)


def event_id_from_token(token: str) -> int:
    try:
        return int(signing.loads(token, salt=CHECKIN_SALT)["event"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise DomainError(_("签到二维码无效或已被篡改。")) from exc


@transaction.atomic
def attendance_check_in(
    *, event: ServiceEvent, enterprise: Any, method: str, attendee_name: str = "", today: dt.date | None = None
) -> tuple[EventAttendance, bool]:
    """Record an enterprise's attendance once (checking in twice is harmless).

    QR check-in is accepted from the day before the event until three days after it.
    """
    if method == EventAttendance.Method.QR:
        today = today or timezone.localdate()
        if not (event.held_on - dt.timedelta(days=CHECKIN_DAYS_BEFORE) <= today <= event.held_on + dt.timedelta(days=CHECKIN_DAYS_AFTER)):
            raise DomainError(_("不在签到时间内：该活动于 %(day)s 举行。") % {"day": f"{event.held_on:%Y-%m-%d}"})
    return EventAttendance.objects.get_or_create(
        event=event, enterprise=enterprise, defaults={"method": method, "attendee_name": attendee_name}
    )


@transaction.atomic
def material_add(*, event: ServiceEvent, upload: Any, user: Any) -> EventMaterial:
    """Store a material file after checking its size and (sniffed) type."""
    name = Path(str(upload.name)).name[-200:]
    size = int(getattr(upload, "size", 0) or 0)
    if size > MATERIAL_MAX_BYTES:
        raise ValidationError(_("文件过大（%(size)s MB），上限 %(limit)s MB。") % {"size": f"{size / 1048576:.1f}", "limit": MATERIAL_MAX_BYTES // 1048576})
    if size == 0:
        raise ValidationError(_("文件为空。"))
    suffix = Path(name).suffix.lower()
    if suffix not in MATERIAL_TYPES:
        raise ValidationError(_("不支持的文件类型“%(kind)s”，可上传 PDF、Word、PPT、Excel、JPG、PNG。") % {"kind": suffix or name})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(MATERIAL_TYPES[suffix]):
        raise ValidationError(_("文件内容与扩展名 %(suffix)s 不符。") % {"suffix": suffix})
    material = EventMaterial(event=event, original_name=name, size=size, uploaded_by=user)
    material.file.save(name, upload, save=False)
    material.save()
    return material


@transaction.atomic
def registration_create(
    *, event: ServiceEvent, user: Any, attendee_name: str, attendee_phone: str, attendees: int = 1,
    today: dt.date | None = None,
) -> EventRegistration:
    """An enterprise registers for a public event from the portal (one registration per enterprise).

    Open until the day before the event while places remain (`registration_limit`, 0 = no limit);
    the events rule behind it is the plan's 1-2 events a month per body (§三(三))."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "enterprise_id", None):
        raise DomainError(_("请使用企业账号登录后报名。"))
    today = today or timezone.localdate()
    event = ServiceEvent.objects.select_for_update().get(pk=event.pk)
    if not event.is_public or not event.body.is_active:
        raise DomainError(_("该活动未在门户开放报名。"))
    if event.held_on <= today:
        raise DomainError(_("报名已截止：活动于 %(day)s 举行。") % {"day": f"{event.held_on:%Y-%m-%d}"})
    if EventRegistration.objects.filter(event=event, enterprise_id=user.enterprise_id).exists():
        raise DomainError(_("贵企业已报名该活动。"))
    if event.registration_limit and event.registrations.count() >= event.registration_limit:
        raise DomainError(_("名额已满（%(limit)s 家）。") % {"limit": event.registration_limit})
    registration = EventRegistration(
        event=event, enterprise_id=user.enterprise_id, registered_by=user, attendee_name=attendee_name.strip(),
        attendee_phone=attendee_phone.strip(), attendees=attendees,
    )
    registration.full_clean()
    registration.save()
    return registration
