"""Working days from the province's calendar table: Mon–Fri unless a `CalendarDay` says otherwise
(public holidays off, make-up working days 调休 on)."""

from __future__ import annotations

import datetime as dt

from breakzero.calls.models import CalendarDay

MAX_SPAN_DAYS = 120


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` working days beginning on `start` (counted when a working day)."""
    if days < 1:
        raise ValueError("days must be ≥ 1")
    overrides = dict(CalendarDay.objects.filter(date__range=(start, start + dt.timedelta(days=MAX_SPAN_DAYS)))
                     .values_list("date", "is_working_day"))
    current, counted = start, 0
    while True:
        if overrides.get(current, current.weekday() < 5):
            counted += 1
            if counted >= days:
                return current
        current += dt.timedelta(days=1)


def is_working_day(day: dt.date) -> bool:
    override = CalendarDay.objects.filter(date=day).values_list("is_working_day", flat=True).first()
    return day.weekday() < 5 if override is None else override
