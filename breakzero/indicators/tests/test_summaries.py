"""Summary refresh against hand-computed values on the small fixture."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.indicators.models import IndicatorValue, SummaryRefresh
from breakzero.indicators.summaries import summaries_refresh, summaries_refresh_if_stale
from breakzero.indicators.tests import fixtures

TODAY = dt.date(2023, 1, 15)


def _value(indicator, region, year, month=None):
    row = IndicatorValue.objects.filter(indicator=indicator, region_id=region, year=year, month=month).first()
    return row.value if row else None


@pytest.fixture
def data(db):
    built = fixtures.build()
    summaries_refresh(today=TODAY)
    return built


def test_summaries_refresh_break_zero_counts_sme_events_by_year_and_month(data):
    assert _value("break_zero", "430000", 2022) == 2
    assert _value("break_zero", "430000", 2022, 3) == 1
    assert _value("break_zero", "430100", 2022) == 1
    assert _value("break_zero", "430602", 2022, 5) == 1
    assert _value("break_zero", "430000", 2019) == 1


def test_summaries_refresh_shared_patent_counts_once_per_region_and_once_in_parent(data):
    assert _value("sme_invention_grants", "430104", 2022) == 2  # A on P1 and P2
    assert _value("sme_invention_grants", "430102", 2022) == 1  # B on P1
    assert _value("sme_invention_grants", "430100", 2022) == 2  # P1 once although A and B are both in 长沙
    assert _value("sme_invention_grants", "430600", 2022) == 1
    assert _value("sme_invention_grants", "430000", 2022) == 2  # utility model and large firm's patent excluded
    assert _value("sme_invention_grants", "430000", 2022, 3) == 1


def test_summaries_refresh_rd_intensity_is_ratio_of_sums_with_median_of_firms(data):
    row = IndicatorValue.objects.get(indicator="rd_intensity", region_id="430000", year=2022, month=None)
    assert row.value == Decimal("0.040000")  # (100 + 30 + 50) / (1000 + 3000 + 500); large firm excluded
    assert (row.numerator, row.denominator) == (Decimal(180), Decimal(4500))
    assert row.details == {"firms": 3, "median": 0.1}
    changsha = IndicatorValue.objects.get(indicator="rd_intensity", region_id="430100", year=2022, month=None)
    assert changsha.value == Decimal("0.032500") and changsha.details["median"] == pytest.approx(0.055)


def test_summaries_refresh_new_product_sums_only_smes_with_data(data):
    assert _value("new_product_revenue", "430000", 2022) == 500
    assert _value("new_product_profit", "430000", 2022) == 65
    assert _value("new_product_revenue", "430600", 2022) is None


def test_summaries_refresh_little_giants_count_titles_valid_at_year_end(data):
    assert _value("little_giants", "430000", 2019) == 1  # C recognised 2019-06-01
    assert _value("little_giants", "430000", 2021) == 2
    assert _value("little_giants", "430000", 2022) == 1  # C expired 2022-06-01
    assert _value("little_giants", "430602", 2022) is None


def test_summaries_refresh_participants_count_roster(data):
    assert _value("participants", "430000", 2022) == 3
    assert _value("participants", "430100", 2022) == 2


def test_summaries_refresh_for_one_year_keeps_other_years(data):
    summaries_refresh(years=[2022], today=TODAY)
    assert _value("break_zero", "430000", 2019) == 1
    assert _value("break_zero", "430000", 2022) == 2


def test_summaries_refresh_if_stale_skips_unchanged_and_refreshes_changed(data):
    assert summaries_refresh_if_stale(today=TODAY) is None
    from breakzero.indicators.models import Participant

    Participant.objects.create(enterprise=data["large"], year=2022)
    assert summaries_refresh_if_stale(today=TODAY) is not None
    assert _value("participants", "430000", 2022) == 4
    assert SummaryRefresh.objects.count() == 2


def test_refresh_after_change_recomputes_only_changed_years(data):
    from breakzero.enterprises.models import EnterpriseYear
    from breakzero.indicators.summaries import changed_years, last_refresh, refresh_after_change

    row = EnterpriseYear.objects.get(enterprise=data["a"], year=2022)
    row.rd_expense = 190
    row.save()
    assert changed_years(last_refresh()) == [2022]
    refresh_after_change(sources=["enterprise_years"], enterprise_ids=[data["a"].pk])
    assert last_refresh().years == [2022]
    assert _value("rd_intensity", "430000", 2022) == Decimal("0.060000")  # (190 + 30 + 50) / 4500


def test_refresh_after_change_deletion_refreshes_all_years(data):
    from breakzero.indicators.summaries import changed_years, last_refresh

    data["a"].participations.all().delete()
    assert changed_years(last_refresh()) is None
