"""Progress and forecast of an indicator against its target — pure Python, `today` passed in.

Rules:
- expected to date = target × elapsed share of the year (pro rata by month, days within the month);
- run-rate needed = what is still missing ÷ months left in the year (fractional);
- forecast of the final value: a past year is its actual; in the current year a flow indicator
  (counted events) extrapolates its run-rate once a quarter has elapsed, before that (and for level
  indicators such as ratios or title stocks) the least-squares linear trend of the previous years;
- yearly-reported figures (annual statements: R&D intensity, new-product revenue and profit) are not
  flows within a year: never pro-rated or extrapolated from part of a year (callers pass
  is_flow=False and is_yearly=True); a month/quarter view shows the latest complete reported year;
- status: on track when forecast ≥ target, at risk within 90–100 % of it, off track below 90 %,
  n/a without a target (or a zero/absent doubling baseline).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

AT_RISK_SHARE = Decimal("0.9")
RUN_RATE_AFTER = 0.25  # share of the year elapsed before the run-rate beats the trend


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_APPLICABLE = "n/a"




def gettext_noop(text: str) -> str:
    """Marks text for the translation catalogue (makemessages) without importing Django; the
    display layer translates the Chinese text it receives (indicators.templatetags.progress_tags)."""
    return text


STATUS_LABELS_ZH = {
    Status.ON_TRACK: gettext_noop("进度正常"),
    Status.AT_RISK: gettext_noop("有风险"),
    Status.OFF_TRACK: gettext_noop("滞后"),
    Status.NOT_APPLICABLE: gettext_noop("不适用"),
}
_EXPLANATIONS = {
    "no_target": gettext_noop("没有目标值（或倍增基数为零），不判断进度。"),
    "year_over": gettext_noop(
        "年度已结束，按全年实际值：预测值达到目标为“进度正常”，达到目标的90%–100%为“有风险”，低于90%为“滞后”。"
    ),
    "run_rate": gettext_noop(
        "按本年迄今的月均进度推算全年：预测值达到目标为“进度正常”，达到目标的90%–100%为“有风险”，低于90%为“滞后”。"
    ),
    "yearly": gettext_noop(
        "年报指标：全年数据在年度结束后报送，不按月折算或外推；有本年报送值时以其为预测，否则按以往各年的线性趋势推算。"
    ),
    "trend": gettext_noop(
        "按以往各年的线性趋势推算：预测值达到目标为“进度正常”，达到目标的90%–100%为“有风险”，低于90%为“滞后”。"
    ),
}


@dataclass(frozen=True)
class Progress:
    actual: Decimal | None
    target: Decimal | None
    ratio: Decimal | None  # actual / target
    expected_to_date: Decimal | None
    run_rate_needed: Decimal | None  # per month, for the rest of the year
    forecast: Decimal | None
    status: str
    explanation: str


def elapsed_share(*, year: int, today: dt.date) -> float:
    """Share of `year` elapsed on `today` (0 before it, 1 after it)."""
    if today.year < year:
        return 0.0
    if today.year > year:
        return 1.0
    days = calendar.monthrange(year, today.month)[1]
    return (today.month - 1 + today.day / days) / 12


def linear_trend(values: dict[int, Decimal], *, year: int) -> Decimal | None:
    """Least-squares line through (year, value) projected to `year`; None with no data."""
    points = sorted((y, float(v)) for y, v in values.items() if v is not None)
    if not points:
        return None
    if len(points) == 1:
        return Decimal(str(points[0][1]))
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    return Decimal(str(round(max(0.0, mean_y + slope * (year - mean_x)), 6)))


def forecast_final(
    *, history: dict[int, Decimal], year: int, actual: Decimal | None, is_flow: bool, today: dt.date
) -> Decimal | None:
    """Forecast of the value `year` will end with, from the earlier years and the actual so far."""
    share = elapsed_share(year=year, today=today)
    if share >= 1:
        return actual
    earlier = {y: v for y, v in history.items() if y < year}
    if is_flow and actual is not None and share >= RUN_RATE_AFTER:
        return (actual / Decimal(str(share))).quantize(Decimal("0.0001"))
    if not is_flow and actual is not None:
        # A stock (platforms recognised, titles held, a ratio of the year's data) is measured at a
        # point: its current value is the best estimate of the year-end value.
        return actual
    trend = linear_trend(earlier, year=year)
    if trend is None:
        return actual
    if actual is not None and share > 0:
        return max(trend, actual)
    return trend


def status_for(*, forecast: Decimal | None, target: Decimal | None) -> str:
    """on track / at risk (90–100 %) / off track; n/a without a positive target."""
    if target is None or target <= 0 or forecast is None:
        return Status.NOT_APPLICABLE
    if forecast >= target:
        return Status.ON_TRACK
    if forecast >= target * AT_RISK_SHARE:
        return Status.AT_RISK
    return Status.OFF_TRACK


def progress_for(
    *, actual: Decimal | None, target: Decimal | None, history: dict[int, Decimal], year: int, is_flow: bool,
    today: dt.date, is_yearly: bool = False,
) -> Progress:
    """Actual vs target, expected-to-date, run-rate needed, forecast and status with a one-line reason."""
    share = elapsed_share(year=year, today=today)
    ratio = (actual / target).quantize(Decimal("0.0001")) if actual is not None and target else None
    is_flow = is_flow and not is_yearly
    expected = (target * Decimal(str(share))).quantize(Decimal("0.01")) if target is not None and is_flow else target
    months_left = Decimal(str(12 * (1 - share)))
    run_rate = None
    if target is not None and is_flow and share < 1:
        run_rate = (max(Decimal(0), target - (actual or 0)) / months_left).quantize(Decimal("0.01"))
    forecast = forecast_final(history=history, year=year, actual=actual, is_flow=is_flow, today=today)
    status = status_for(forecast=forecast, target=target)
    explanation = _explain(status, share, is_flow and not is_yearly, is_yearly)
    return Progress(actual, target, ratio, expected, run_rate, forecast, status, explanation)


def _explain(status: str, share: float, is_flow: bool, is_yearly: bool = False) -> str:
    """One whole sentence per case, so a translation never has to glue pieces together."""
    if status == Status.NOT_APPLICABLE:
        return _EXPLANATIONS["no_target"]
    if share >= 1:
        return _EXPLANATIONS["year_over"]
    if is_yearly:
        return _EXPLANATIONS["yearly"]
    if is_flow and share >= RUN_RATE_AFTER:
        return _EXPLANATIONS["run_rate"]
    return _EXPLANATIONS["trend"]
