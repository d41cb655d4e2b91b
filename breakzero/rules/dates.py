"""Calendar arithmetic for time limits: month addition that clamps to the month's last day."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# Average Gregorian month, used only for indicative fractional-month periods.
_DAYS_PER_MONTH = Decimal("365.25") / 12


def add_months(start: date, months: int) -> date:
    """``start`` plus whole calendar ``months``; a day past the month end clamps to it.

    2021-01-31 + 1 month → 2021-02-28; 2020-02-29 + 12 months → 2021-02-28.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def add_years(start: date, years: int) -> date:
    """``start`` plus whole years (29 Feb clamps to 28 Feb)."""
    return add_months(start, 12 * years)


def add_fractional_months(start: date, months: Decimal) -> date:
    """Whole months by the calendar, the fraction as average-length days (indicative periods)."""
    whole = int(months)
    fraction_days = ((months - whole) * _DAYS_PER_MONTH).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return add_months(start, whole) + timedelta(days=int(fraction_days))
