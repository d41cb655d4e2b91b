"""Reminders: enterprises before the due date, counties about their late enterprises, through the
notifications app (站内信 for everyone, e-mail for those who chose it for 填报窗口 notices).

Idempotent: each (window, kind, recipient) is reminded once — enterprises once per window,
counties once a day — however often it runs (`manage.py send_reporting_reminders`, and every
morning from core.schedule).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role, User
from breakzero.notifications.models import NoticeKind
from breakzero.notifications.services import notify
from breakzero.reporting.models import ReminderLog, ReportingWindow, Submission
from breakzero.reporting.selectors import expected_enterprises

DAYS_BEFORE_DUE = 3
NOT_IN = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)


def reminders_send(*, today: dt.date, days_before: int = DAYS_BEFORE_DUE) -> dict[str, int]:
    """Send what is due today; returns how many reminders of each kind went out."""
    counts = {"due_soon": 0, "county_late": 0}
    for window in ReportingWindow.objects.filter(dataset__is_active=True, opens_on__lte=today,
                                                 closes_on__gte=today).select_related("dataset"):
        missing = expected_enterprises(window).exclude(
            pk__in=Submission.objects.filter(window=window, status__in=NOT_IN).values("enterprise_id"))
        if today <= window.due_on and (window.due_on - today).days <= days_before:
            counts["due_soon"] += _enterprises(window, missing, today)
        elif today > window.due_on:
            counts["county_late"] += _counties(window, missing, today)
    return counts


def _enterprises(window: ReportingWindow, missing, today: dt.date) -> int:
    users = defaultdict(list)
    for user in User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise__in=missing):
        users[str(user.enterprise_id)].append(user)
    names = {"name": window.dataset.name, "period": window.period, "due": f"{window.due_on:%Y-%m-%d}"}
    title = _("%(name)s%(period)s 将于 %(due)s 截止，贵企业尚未提交") % names
    body = _("请于 %(due)s 前登录平台填报%(name)s（%(period)s）；逾期提交将记为迟报。") % names
    url = reverse("reporting:report-edit", args=[window.pk])
    return _send(window, ReminderLog.Kind.DUE_SOON, users, title, lambda _key: body, url, today, once_per_window=True)


def _counties(window: ReportingWindow, missing, today: dt.date) -> int:
    late = defaultdict(int)
    for county in missing.exclude(county__isnull=True).values_list("county_id", flat=True):
        late[county] += 1
    users = defaultdict(list)
    for user in User.objects.filter(role=Role.COUNTY_OFFICIAL, is_active=True, region_id__in=late):
        users[user.region_id].append(user)
    names = {"name": window.dataset.name, "period": window.period, "due": f"{window.due_on:%Y-%m-%d}"}
    title = _("%(name)s%(period)s 已过截止日期，本地区仍有企业未报") % names

    def body(code: str) -> str:
        return _("%(name)s（%(period)s）已于 %(due)s 截止，本地区尚有 %(n)s 家企业未提交，请督促。") % {
            **names, "n": late[code]}

    url = reverse("reporting:completeness", args=[window.pk])
    return _send(window, ReminderLog.Kind.COUNTY_LATE, users, title, body, url, today)


@transaction.atomic  # a failure rolls its log rows back: retried on the next run
def _send(window, kind, users: dict, title: str, body, url: str, today: dt.date, *,
          once_per_window: bool = False) -> int:
    done = ReminderLog.objects.filter(window=window, kind=kind)
    done = set(done.values_list("recipient_key", flat=True)) if once_per_window else set(
        done.filter(sent_on=today).values_list("recipient_key", flat=True))
    sent = 0
    for key, recipients in users.items():
        if key in done:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(window=window, kind=kind, recipient_key=key, sent_on=today,
                                           recipients=len(recipients))
        except IntegrityError:
            continue  # another run got there first
        notify(users=recipients, kind=NoticeKind.WINDOW, title=title, body=body(key), url=url)
        sent += 1
    return sent
