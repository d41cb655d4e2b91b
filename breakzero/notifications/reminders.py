"""Scheduled reminders (run daily by `manage.py send_reminders`): supervision tasks due within
3 days or overdue, service bodies that held no event last month. Each is sent once (ReminderLog)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from breakzero.accounts.models import OFFICIAL_ROLES
from breakzero.notifications.models import NoticeKind
from breakzero.notifications.services import notify_once

DUE_SOON_DAYS = 3  # "due in 3 days" (issue text: a supervision task due in 3 days)


@dataclass
class ReminderCounts:
    due_soon: int = 0
    overdue: int = 0
    missed_month: int = 0


def reminders_send(*, today: dt.date) -> ReminderCounts:
    counts = ReminderCounts()
    if apps.is_installed("breakzero.reports"):
        counts.due_soon, counts.overdue = _supervision(today)
    if apps.is_installed("breakzero.service_bodies"):
        counts.missed_month = _missed_months(today)
    return counts


def _officials(*region_codes: str | None):
    codes = [code for code in region_codes if code]
    return get_user_model().objects.filter(region_id__in=codes, role__in=OFFICIAL_ROLES, is_active=True)


def _supervision(today: dt.date) -> tuple[int, int]:
    """Open tasks: the addressed region hears 3 days ahead; once overdue, it and the issuer hear."""
    SupervisionTask = apps.get_model("reports", "SupervisionTask")
    open_tasks = SupervisionTask.objects.filter(status="open").select_related("region")
    soon = overdue = 0
    for task in open_tasks.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)):
        title = _("督办事项将于 %(due)s 到期：%(title)s") % {"due": f"{task.due_date:%Y-%m-%d}", "title": task.title}
        soon += notify_once(key=f"task_due_soon:{task.pk}:{task.due_date}", users=_officials(task.region_id),
                            kind=NoticeKind.TASK_DUE_SOON, title=title, url=task.get_absolute_url())
    for task in open_tasks.filter(due_date__lt=today):
        title = _("督办事项已逾期（期限 %(due)s）：%(title)s") % {"due": f"{task.due_date:%Y-%m-%d}", "title": task.title}
        overdue += notify_once(key=f"task_overdue:{task.pk}:{task.due_date}",
                               users=_officials(task.region_id, task.creator_region_id),
                               kind=NoticeKind.TASK_OVERDUE, title=title, url=task.get_absolute_url())
    return soon, overdue


def _missed_months(today: dt.date) -> int:
    """Last month over without an event (rule: at least one a month): the body's staff and the
    officials of its county and city hear, once per body and month."""
    from breakzero.service_bodies.models import ServiceBody
    from breakzero.service_bodies.selectors.compliance import calendars

    last = today.replace(day=1) - dt.timedelta(days=1)
    bodies = ServiceBody.objects.filter(is_active=True)
    sent = 0
    for calendar in calendars(bodies, year=last.year, today=today):
        if last.month not in calendar.missed:
            continue
        body = calendar.body
        staff = get_user_model().objects.filter(service_memberships__body=body, is_active=True)
        officials = get_user_model().objects.filter(
            Q(region_id=body.region_id) | Q(region_id=body.city_id), role__in=OFFICIAL_ROLES, is_active=True)
        title = _("%(body)s %(year)d 年 %(month)d 月未举办服务活动") % {"body": body.name, "year": last.year, "month": last.month}
        sent += notify_once(key=f"month_missed:{body.pk}:{last:%Y-%m}", users=[*staff, *officials],
                            kind=NoticeKind.MONTH_MISSED, title=title, body=_("按要求每月至少举办 1 场活动。"),
                            url=body.get_absolute_url())
    return sent
