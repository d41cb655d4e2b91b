"""Pure forecast/status rules (no database)."""

import datetime as dt
from decimal import Decimal

from breakzero.indicators import forecast
from breakzero.indicators.forecast import Status


def test_elapsed_share_mid_year_is_pro_rata_by_month():
    assert forecast.elapsed_share(year=2022, today=dt.date(2022, 7, 31)) == 7 / 12
    assert forecast.elapsed_share(year=2022, today=dt.date(2021, 12, 31)) == 0
    assert forecast.elapsed_share(year=2022, today=dt.date(2023, 1, 1)) == 1


def test_linear_trend_projects_least_squares_line():
    values = {2019: Decimal(100), 2020: Decimal(120), 2021: Decimal(140)}
    assert forecast.linear_trend(values, year=2022) == Decimal("160.0")


def test_status_for_within_ninety_percent_is_at_risk():
    assert forecast.status_for(forecast=Decimal(300), target=Decimal(300)) == Status.ON_TRACK
    assert forecast.status_for(forecast=Decimal(270), target=Decimal(300)) == Status.AT_RISK
    assert forecast.status_for(forecast=Decimal(269), target=Decimal(300)) == Status.OFF_TRACK


def test_status_for_zero_or_missing_target_is_not_applicable():
    assert forecast.status_for(forecast=Decimal(5), target=Decimal(0)) == Status.NOT_APPLICABLE
    assert forecast.status_for(forecast=Decimal(5), target=None) == Status.NOT_APPLICABLE


def test_progress_for_flow_mid_year_uses_run_rate():
    result = forecast.progress_for(
        actual=Decimal(150), target=Decimal(300), history={}, year=2022, is_flow=True, today=dt.date(2022, 6, 30)
    )
    assert result.expected_to_date == Decimal("150.00")
    assert result.run_rate_needed == Decimal("25.00")  # 150 missing over July–December
    assert result.forecast == Decimal("300.0000") and result.status == Status.ON_TRACK
    assert "月均进度" in result.explanation


def test_progress_for_early_in_year_uses_trend_of_previous_years():
    history = {2020: Decimal(200), 2021: Decimal(250)}
    result = forecast.progress_for(
        actual=Decimal(10), target=Decimal(300), history=history, year=2022, is_flow=True, today=dt.date(2022, 2, 1)
    )
    assert result.forecast == Decimal("300.0") and result.status == Status.ON_TRACK


def test_progress_for_past_year_forecast_is_actual():
    result = forecast.progress_for(
        actual=Decimal(280), target=Decimal(300), history={}, year=2021, is_flow=True, today=dt.date(2022, 2, 1)
    )
    assert result.forecast == Decimal(280) and result.status == Status.AT_RISK and result.run_rate_needed is None


def test_forecast_module_imports_no_django():
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(forecast.__file__).read_text())
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [n for n in names if n.startswith("django")]


def test_progress_for_stock_already_at_target_is_on_track():
    """12 platforms recognised against a target of 10: on track even if earlier years trend lower."""
    history = {2019: Decimal(14), 2020: Decimal(13), 2021: Decimal(12)}
    result = forecast.progress_for(actual=Decimal(12), target=Decimal(10), history=history, year=2022, is_flow=False,
                          today=dt.date(2022, 3, 1))
    assert result.forecast == Decimal(12)
    assert result.status == "on_track"
