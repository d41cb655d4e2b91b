"""Yearly-reported indicators (annual statements) are never pro-rated or extrapolated from part of a year."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.indicators import definitions
from breakzero.indicators.selectors import load_summaries, progress_rows
from breakzero.regions.models import Region
from breakzero.reports.bulletins.assembly import assemble
from breakzero.reports.bulletins.periods import BulletinPeriod
from breakzero.reports.bulletins.render import table_rows
from breakzero.reports.tests import factories as f

pytestmark = pytest.mark.django_db
MID_2022 = dt.date(2022, 7, 10)


@pytest.fixture
def new_product_revenue():
    """Base 100 (2019); 2021 = 120 (target 166.67); 2022 = 150 (target 200): both years lag."""
    f.refreshed(2019, 2020, 2021, 2022)
    for year, amount in ((2019, 100), (2021, 120), (2022, 150)):
        f.value("new_product_revenue", "430000", year, amount)
    return Region.objects.get(code="430000")


def _line(data, indicator_id="new_product_revenue"):
    return next(line for line in data.summary if line.indicator == indicator_id)


def test_june_bulletin_shows_latest_complete_year_not_a_doubled_forecast(new_product_revenue):
    june = _line(assemble(region=new_product_revenue, period=BulletinPeriod("month", 2022, 6), today=MID_2022))
    year_end = _line(assemble(region=new_product_revenue, period=BulletinPeriod("year", 2021), today=MID_2022))
    assert june.data_year == 2021 and june.actual == Decimal(120)
    assert june.forecast == june.actual  # never extrapolated from a month
    assert (june.status, june.ratio) == (year_end.status, year_end.ratio) == ("off_track", june.ratio)
    assert june.label == "中小企业新产品销售收入（2021年度数据）"


def test_quarter_bulletin_tables_name_the_year_shown(new_product_revenue):
    data = assemble(region=new_product_revenue, period=BulletinPeriod("quarter", 2022, 2), today=MID_2022)
    names = [row[0] for row in table_rows(data)["汇总"]]
    for indicator in definitions.all_indicators():
        if indicator.is_yearly_reported:
            assert f"{indicator.name_zh}（2021年度数据）" in names
    assert "破零企业数" in names  # dated indicators keep the bulletin's own period


def test_year_bulletin_after_year_end_shows_the_year_itself(new_product_revenue):
    line = _line(assemble(region=new_product_revenue, period=BulletinPeriod("year", 2022), today=dt.date(2023, 3, 1)))
    assert line.data_year is None and line.actual == Decimal(150) and line.status == "off_track"


def test_dashboard_mid_year_yearly_reported_forecast_is_not_pro_rated(new_product_revenue):
    rows = progress_rows(summaries=load_summaries(codes=["430000"]), region=new_product_revenue, year=2022, today=MID_2022)
    row = next(r for r in rows if r.indicator.id == "new_product_revenue")
    assert row.progress.forecast == Decimal(150) and row.progress.status == "off_track"
    assert row.progress.expected_to_date == row.target and row.progress.run_rate_needed is None
    assert "年报指标" in row.progress.explanation


def test_registry_yearly_reported_indicators_are_neither_flows_nor_monthly():
    yearly = {i.id for i in definitions.all_indicators() if i.is_yearly_reported}
    assert {"rd_intensity", "new_product_revenue", "new_product_profit"} <= yearly
    assert not any(definitions.get(i).is_flow or definitions.get(i).has_months for i in yearly)
