"""A bulletin's period (month, quarter or year): its dates, label and the month it reaches."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from breakzero.core.errors import DomainError

MONTH, QUARTER, YEAR = "month", "quarter", "year"


@dataclass(frozen=True)
class BulletinPeriod:
    period_type: str
    year: int
    period: int = 0  # month 1–12, quarter 1–4, 0 for a year

    @property
    def first_month(self) -> int:
        return {MONTH: self.period, QUARTER: 3 * self.period - 2}.get(self.period_type, 1)

    @property
    def last_month(self) -> int:
        return {MONTH: self.period, QUARTER: 3 * self.period}.get(self.period_type, 12)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def label(self) -> str:
        if self.period_type == MONTH:
            return f"{self.year}年{self.period}月"
        if self.period_type == QUARTER:
            return f"{self.year}年第{self.period}季度"
        return f"{self.year}年度"

    def as_of(self, today: dt.date) -> dt.date:
        """Figures are taken at the period's end, or today while the period is still running."""
        return min(self.end, today)


def make_period(*, period_type: str, year: int, period: int | None, today: dt.date) -> BulletinPeriod:
    """Validate the user's choice; raises DomainError in Chinese."""
    if period_type not in (MONTH, QUARTER, YEAR):
        raise DomainError("通报周期应为月度、季度或年度。")
    if not 2000 <= int(year) <= 2100:
        raise DomainError(f"年度不正确：{year}")
    limit = {MONTH: 12, QUARTER: 4}.get(period_type)
    if limit and (period is None or not 1 <= int(period) <= limit):
        raise DomainError("请选择月份（1–12）。" if period_type == MONTH else "请选择季度（1–4）。")
    result = BulletinPeriod(period_type, int(year), int(period) if limit else 0)
    if result.start > today:
        raise DomainError(f"{result.label}尚未开始，不能生成通报。")
    return result
