"""Reading the audit trail (audit administrators only; see views)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from breakzero.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""
    target: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def audit_entries(criteria: AuditFilter) -> QuerySet[AuditEntry]:
    """Entries matching user (name), object (type, id or text), action and a date range."""
    qs = AuditEntry.objects.all()
    if criteria.user:
        qs = qs.filter(username__icontains=criteria.user)
    if criteria.target:
        text = criteria.target
        qs = qs.filter(Q(object_repr__icontains=text) | Q(object_type=text.lower()) | Q(object_id=text))
    if criteria.action:
        qs = qs.filter(action=criteria.action)
    if criteria.since:
        qs = qs.filter(at__gte=_start_of(criteria.since))
    if criteria.until:
        qs = qs.filter(at__lt=_start_of(criteria.until + dt.timedelta(days=1)))
    return qs.order_by("-at", "-id")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
