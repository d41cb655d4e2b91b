"""The service system's to-do items and home figures: a body's events this month against the
programme's 1-2 events rule, bodies that missed last month, records to rate, schemes to score."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.core.figures import Figure
from breakzero.core.todo import TodoItem
from breakzero.service_bodies import access
from breakzero.service_bodies.calendar_rules import MANY_EVENTS
from breakzero.service_bodies.models import (
    EvaluationIndicator,
    EvaluationScheme,
    ExpertAdjustment,
    ServiceBody,
    ServiceEvent,
    ServiceRecord,
)
from breakzero.service_bodies.selectors.compliance import calendars


def body_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    """A body's staff: report an event this month when none is recorded yet (rule: ≥1 a month)."""
    if user.role != Role.SERVICE_BODY:
        return
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    for body in _own_bodies(user):
        held = ServiceEvent.objects.filter(body=body, held_on__year=today.year, held_on__month=today.month).count()
        if held == 0:
            yield TodoItem(f"service-month-{body.pk}", _("%(body)s：本月尚未登记服务活动") % {"body": body.name}, 1,
                           reverse("service_bodies:event-create", args=[body.pk]), due=month_end,
                           hint=_("每月至少举办 1 场活动"))


def official_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    """Officials: active bodies of their region that held no event last month."""
    if not user.is_official:
        return
    last = today.replace(day=1) - dt.timedelta(days=1)
    bodies = access.bodies_visible_to(user).filter(is_active=True)
    missed = [c for c in calendars(bodies, year=last.year, today=today) if last.month in c.missed]
    url = f"{reverse('service_bodies:compliance')}?year={last.year}"
    yield TodoItem("service-missed-month", _("上月未举办活动的服务机构"), len(missed), url, is_late=True)


def enterprise_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    """An enterprise rates the services it received."""
    if user.role != Role.ENTERPRISE or not user.enterprise_id:
        return
    count = ServiceRecord.objects.filter(enterprise_id=user.enterprise_id, rating__isnull=True).count()
    yield TodoItem("service-rate", _("待评价的服务记录"), count, reverse("service_bodies:record-list"))


def expert_items(user: Any, today: dt.date) -> Iterable[TodoItem]:
    """Experts: this or last year's schemes with expert-scored indicators they have not scored yet."""
    if user.role != Role.EXPERT:
        return
    manual = EvaluationIndicator.objects.filter(scheme=OuterRef("pk"), computed_from=EvaluationIndicator.Source.MANUAL)
    mine = ExpertAdjustment.objects.filter(indicator__scheme=OuterRef("pk"), expert=user)
    schemes = EvaluationScheme.objects.filter(year__gte=today.year - 1).filter(Exists(manual)).exclude(Exists(mine))
    count = schemes.count()
    url = schemes.first().get_absolute_url() if count == 1 else reverse("service_bodies:scheme-list")
    yield TodoItem("evaluation-score", _("待评分的绩效评价方案"), count, url)


def body_figures(user: Any, today: dt.date) -> Iterable[Figure]:
    """A body's events this month against the 1-2 events rule."""
    if user.role != Role.SERVICE_BODY:
        return
    for body in _own_bodies(user):
        held = ServiceEvent.objects.filter(body=body, held_on__year=today.year, held_on__month=today.month).count()
        note = _("已达标（每月 1–2 场）") if 1 <= held <= MANY_EVENTS else (
            _("尚未达标：每月至少 1 场") if held == 0 else _("已达标，本月活动较多"))
        yield Figure(f"service-events-{body.pk}", _("%(body)s 本月活动") % {"body": body.name},
                     _("%(n)d 场") % {"n": held}, url=body.get_absolute_url(), note=note, is_lagging=held == 0)


def _own_bodies(user: Any) -> list[ServiceBody]:
    return list(ServiceBody.objects.filter(pk__in=access.member_body_ids(user), is_active=True).order_by("name"))
