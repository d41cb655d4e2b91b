"""The programme period and the year every page, command and bulletin shows by default.

`default_year()` is the one answer: the latest year inside the period that has data (the final
year once the period is over; the first year before any data). Apps that hold the data say
which years have some by `register_data_years(func)` in AppConfig.ready() (indicators does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

CACHE_SECONDS = 60
_PERIOD_KEY = "period:row"
_YEARS_KEY = "period:data-years"


@dataclass(frozen=True)
class Period:
    baseline_year: int
    start_year: int
    end_year: int

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def contains(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


DEFAULT = Period(baseline_year=2019, start_year=2020, end_year=2022)  # the action plan (2020–2022)
_DATA_YEARS: list[Callable[[], set[int]]] = []


def current() -> Period:
    """The stored period (cached; dropped when the row changes), the plan's default without a row."""
    period = cache.get(_PERIOD_KEY)
    if period is None:
        from breakzero.core.models import ProgrammePeriod

        row = ProgrammePeriod.objects.order_by("pk").first()
        period = Period(row.baseline_year, row.start_year, row.end_year) if row else DEFAULT
        cache.set(_PERIOD_KEY, period, CACHE_SECONDS)
    return period


def register_data_years(func: Callable[[], set[int]]) -> None:
    if func not in _DATA_YEARS:
        _DATA_YEARS.append(func)


def data_years() -> set[int]:
    years = cache.get(_YEARS_KEY)
    if years is None:
        years = set().union(*(func() for func in _DATA_YEARS)) if _DATA_YEARS else set()
        cache.set(_YEARS_KEY, years, CACHE_SECONDS)
    return years


def default_year(today: dt.date | None = None) -> int:
    """The year shown when none is asked for (rule above)."""
    period = current()
    today = today or timezone.localdate()
    if today.year > period.end_year:
        return period.end_year
    with_data = [y for y in data_years() if period.contains(y) and y <= today.year]
    if with_data:
        return max(with_data)
    return min(max(today.year, period.start_year), period.end_year)


def forget() -> None:
    """Drop the cached period and data years (the row or the data changed)."""
    cache.delete_many([_PERIOD_KEY, _YEARS_KEY])


def _changed(sender: object, **kwargs: object) -> None:
    forget()  # signals only clear caches (STYLE §8)


def connect_signals() -> None:
    from breakzero.core.models import ProgrammePeriod

    post_save.connect(_changed, sender=ProgrammePeriod, dispatch_uid="period:save")
    post_delete.connect(_changed, sender=ProgrammePeriod, dispatch_uid="period:delete")
