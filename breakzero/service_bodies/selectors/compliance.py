"""The monthly events calendar per body: was the "1-2 events a month" rule met?"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from breakzero.service_bodies.calendar_rules import MonthStatus, compliant_months, month_statuses
from breakzero.service_bodies.models import ServiceBody, ServiceEvent


@dataclass
class BodyCalendar:
    body: ServiceBody
    months: list[MonthStatus]

    @property
    def compliant(self) -> int:
        return compliant_months(self.months)

    @property
    def missed(self) -> list[int]:
        return [m.month for m in self.months if m.is_missed]


def calendars(bodies: QuerySet[ServiceBody] | Iterable[ServiceBody], *, year: int, today: dt.date) -> list[BodyCalendar]:
    """One calendar per body, from a single query over the year's events."""
    body_list = list(bodies)
    dates: dict[int, list[dt.date]] = defaultdict(list)
    waiting: dict[int, list[dt.date]] = defaultdict(list)
    rows = ServiceEvent.objects.filter(body__in=[b.pk for b in body_list], held_on__year=year).values_list(
        "body_id", "held_on", "is_late", "late_confirmed_at"
    )
    for body_id, held_on, is_late, confirmed_at in rows:
        # A 补录 event counts only once the city has confirmed it.
        (waiting if is_late and confirmed_at is None else dates)[body_id].append(held_on)
    return [
        BodyCalendar(
            body,
            month_statuses(
                year=year, event_dates=dates[body.pk], today=today,
                active_from=body.recognized_on, active_until=body.valid_until, unconfirmed_dates=waiting[body.pk],
            ),
        )
        for body in body_list
    ]


def body_calendar(body: ServiceBody, *, year: int, today: dt.date) -> BodyCalendar:
    return calendars([body], year=year, today=today)[0]
