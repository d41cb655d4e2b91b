"""Reminders: enterprises before the due date, counties about their late enterprises (e-mail).

Idempotent: each (window, kind, recipient) is reminded once — enterprises once per window,
counties once a day — whatever how often the command runs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction

from breakzero.accounts.models import Role, User
from breakzero.reporting.models import ReminderLog, ReportingWindow, Submission
from breakzero.reporting.selectors import expected_enterprises

DAYS_BEFORE_DUE = 3
NOT_IN = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)


def reminders_send(*, today: dt.date, days_before: int = DAYS_BEFORE_DUE) -> dict[str, int]:
    """Send what is due today; returns how many reminders of each kind went out."""
    counts = {"due_soon": 0, "county_late": 0}
    for window in ReportingWindow.objects.filter(dataset__is_active=True, opens_on__lte=today, closes_on__gte=today):
        missing = expected_enterprises(window).exclude(
            pk__in=Submission.objects.filter(window=window, status__in=NOT_IN).values("enterprise_id"))
        if today <= window.due_on and (window.due_on - today).days <= days_before:
            counts["due_soon"] += _enterprises(window, missing, today)
        elif today > window.due_on:
            counts["county_late"] += _counties(window, missing, today)
    return counts


def _enterprises(window: ReportingWindow, missing, today: dt.date) -> int:
    emails = defaultdict(list)
    for pk, email in User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise__in=missing).exclude(
            email="").values_list("enterprise_id", "email"):
        emails[pk].append(email)
    subject = f"【破零倍增】{window.dataset.name}{window.period} 将于 {window.due_on:%Y-%m-%d} 截止"
    body = f"贵企业尚未提交{window.dataset.name}（{window.period}），请于 {window.due_on:%Y-%m-%d} 前登录平台填报。"
    return _send(window, ReminderLog.Kind.DUE_SOON, {str(k): v for k, v in emails.items()}, subject, body,
                 today, once_per_window=True)


def _counties(window: ReportingWindow, missing, today: dt.date) -> int:
    late = defaultdict(int)
    for county in missing.exclude(county__isnull=True).values_list("county_id", flat=True):
        late[county] += 1
    emails = defaultdict(list)
    for code, email in User.objects.filter(role=Role.COUNTY_OFFICIAL, is_active=True, region_id__in=late).exclude(
            email="").values_list("region_id", "email"):
        emails[code].append(email)
    subject = f"【破零倍增】{window.dataset.name}{window.period} 已过截止日期，仍有企业未报"
    body = f"{window.dataset.name}（{window.period}）已于 {window.due_on:%Y-%m-%d} 截止，本地区尚有 {{n}} 家企业未提交，请督促。"
    return _send(window, ReminderLog.Kind.COUNTY_LATE, emails, subject, body, today, counts=late)


@transaction.atomic  # a failed send rolls its log rows back: retried on the next run
def _send(window, kind, emails: dict, subject: str, body: str, today: dt.date, *, once_per_window: bool = False,
          counts: dict | None = None) -> int:
    sent = 0
    done = ReminderLog.objects.filter(window=window, kind=kind)
    done = set(done.values_list("recipient_key", flat=True)) if once_per_window else set(
        done.filter(sent_on=today).values_list("recipient_key", flat=True))
    messages = []
    for key, addresses in emails.items():
        if key in done:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(window=window, kind=kind, recipient_key=key, sent_on=today,
                                           recipients=len(addresses))
        except IntegrityError:
            continue  # another run got there first
        text = body.replace("{n}", str(counts[key])) if counts else body
        messages.append((subject, text, None, addresses))
        sent += 1
    send_mass_mail(messages, fail_silently=False)
    return sent
