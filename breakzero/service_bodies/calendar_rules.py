"""The programme's events rule per month: at least one event a month ("1-2 events a month"). Pure Python."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MET = "met"
MISSED = "missed"
PENDING = "pending"  # the month is not over and has no event yet
NOT_APPLICABLE = "n/a"  # the body was not recognised in that month
MANY_EVENTS = 2  # more than this is fine, flagged for information only


@dataclass(frozen=True)
class MonthStatus:
    month: int
    events: int
    status: str
    unconfirmed: int = 0  # 补录 events awaiting the city's confirmation (not counted in `events`)

    @property
    def is_missed(self) -> bool:
        return self.status == MISSED

    @property
    def is_busy(self) -> bool:
        return self.events > MANY_EVENTS


def month_statuses(
    *, year: int, event_dates: Iterable[dt.date], today: dt.date, active_from: dt.date | None = None,
    active_until: dt.date | None = None, unconfirmed_dates: Iterable[dt.date] = (),
) -> list[MonthStatus]:
    """Twelve statuses: met (≥1 event), missed (month over, none), pending (not over), n/a.

    `event_dates` are the events that count; `unconfirmed_dates` (补录 awaiting confirmation) are only shown.
    """
    counts = Counter(day.month for day in event_dates if day.year == year)
    waiting = Counter(day.month for day in unconfirmed_dates if day.year == year)
    result = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        events = counts.get(month, 0)
        if events:
            status = MET
        elif (active_from and last < active_from) or (active_until and first > active_until):
            status = NOT_APPLICABLE
        elif last >= today:
            status = PENDING
        else:
            status = MISSED
        result.append(MonthStatus(month, events, status, waiting.get(month, 0)))
    return result


def compliant_months(statuses: Iterable[MonthStatus]) -> int:
    return sum(1 for s in statuses if s.status == MET)
