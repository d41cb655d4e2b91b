"""The reports app's to-do items: supervision tasks to answer or close, plans to review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.core.todo import TodoItem
from breakzero.reports import access
from breakzero.reports.models import ImplementationPlan, SupervisionTask

DUE_SOON_DAYS = 3


def task_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    """Open tasks addressed to the user's own region (answer them), answered tasks its region
    issued (close or reopen them)."""
    own = access.own_region(user)
    if own is None:
        return
    tasks = reverse("reports:task-list")
    to_answer = SupervisionTask.objects.filter(region_id=own.code, status=SupervisionTask.Status.OPEN).aggregate(
        n=Count("pk"), due=Min("due_date"), late=Count("pk", filter=Q(due_date__lt=today)))
    due = to_answer["due"]
    yield TodoItem(
        "supervision-answer", _("待答复的督办事项"), to_answer["n"], f"{tasks}?status=open&region={own.code}",
        due=due, is_late=bool(to_answer["late"]),
        hint=_("%(late)d 件已逾期") % {"late": to_answer["late"]} if to_answer["late"] else "",
    )
    to_close = SupervisionTask.objects.filter(creator_region_id=own.code, status=SupervisionTask.Status.ANSWERED)
    yield TodoItem("supervision-close", _("已答复、待办结的督办事项"), to_close.count(), f"{tasks}?status=answered")


def plan_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    """Implementation plans waiting for this official's review (city: its counties; province: cities)."""
    if user.role == Role.PROVINCE_OFFICIAL:
        scope = Q(region__level="prefecture")
    elif user.role == Role.CITY_OFFICIAL:
        scope = Q(region__level="county", region__city_code=user.region_id)
    else:
        return
    count = ImplementationPlan.objects.filter(scope, status=ImplementationPlan.Status.SUBMITTED).count()
    yield TodoItem("plans-review", _("待审核的实施方案"), count, reverse("reports:plan-list"))
