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


# ------------------------------------------------------------------ only the indicators a change touches


def _tables_read(indicator) -> set[str]:
    """The model tables the indicator's SQL names in FROM / JOIN clauses."""
    import re

    from django.apps import apps
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    model_tables = {m._meta.db_table for m in apps.get_models()}
    with CaptureQueriesContext(connection) as queries:
        indicator.compute(years=None, today=TODAY)
    named = {t for q in queries for t in re.findall(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', q["sql"], flags=re.IGNORECASE)}
    return named & model_tables


def test_indicator_reads_cover_every_table_its_sql_reads(data):
    """A declared `reads` that misses a table would leave that indicator stale after a change."""
    from django.apps import apps

    from breakzero.indicators.definitions import all_indicators
    from breakzero.indicators.summaries import SOURCES

    declared = [i for i in all_indicators() if i.reads]
    assert {"break_zero", "sme_invention_grants", "rd_intensity", "participants"} <= {i.id for i in declared}
    fingerprinted = {f"{a}.{m}" for a, m in SOURCES}
    for indicator in declared:
        assert set(indicator.reads) <= fingerprinted, f"{indicator.id}: a read table is not fingerprinted"
        tables = {apps.get_model(label)._meta.db_table for label in indicator.reads}
        assert _tables_read(indicator) <= tables, indicator.id


def test_refresh_after_patent_change_recomputes_only_indicators_reading_patents(data, monkeypatch):
    from breakzero.indicators.summaries import changed_indicators, last_refresh, refresh_after_change
    from breakzero.patents.models import Patent

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    kept = IndicatorValue.objects.get(indicator="rd_intensity", region_id="430000", year=2022, month=None).pk
    patent = Patent.objects.filter(kind="invention", grant_date__year=2022).first()
    Patent.objects.filter(pk=patent.pk).update(grant_date=dt.date(2022, 11, 1), updated_at=timezone_now())
    chosen = changed_indicators(last_refresh())
    assert "sme_invention_grants" in chosen
    assert not {"rd_intensity", "new_product_revenue", "new_product_profit", "participants"} & set(chosen)
    refresh_after_change(sources=["patents"], enterprise_ids=None)
    assert last_refresh().years == [2022]
    assert _value("sme_invention_grants", "430000", 2022, 11) == 1  # the moved grant is counted in its new month
    # the yearly-statement indicator's row is the same row (not deleted and written again) …
    assert IndicatorValue.objects.get(indicator="rd_intensity", region_id="430000", year=2022, month=None).pk == kept
    # … and every figure equals a full recomputation
    narrowed = _all_values()
    summaries_refresh(today=TODAY)
    assert _all_values() == narrowed


def test_changed_setting_recomputes_every_indicator(data, settings):
    from breakzero.indicators.summaries import changed_indicators, last_refresh

    settings.LITTLE_GIANT_DOUBLING_LEVELS = ("national",)
    assert changed_indicators(last_refresh()) is None


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def _all_values():
    return sorted(IndicatorValue.objects.values_list("indicator", "region_id", "year", "month", "value", "numerator",
                                                     "denominator"), key=str)


# ------------------------------------------------------------------ a record moved to another year


def _all_values() -> dict:
    return {(v.indicator, v.region_id, v.year, v.month): v.value for v in IndicatorValue.objects.all()}


@pytest.mark.parametrize("source", ["patent", "title"])
def test_refresh_after_change_recomputes_the_year_a_record_left(data, source):
    """A record whose date moves to another year leaves the year it left: the incremental refresh must
    recompute that year too, and end equal to a full refresh."""
    from breakzero.cultivation.models import Title
    from breakzero.indicators.summaries import changed_years, last_refresh, refresh_after_change
    from breakzero.patents.models import Patent

    if source == "patent":
        moved = Patent.objects.filter(grant_date__year=2022).first()
        moved.grant_date = dt.date(2020, 6, 1)
        left, arrived = 2022, 2020
    else:
        moved = Title.objects.filter(valid_until__year__gte=2022).order_by("recognized_on").first()
        left = moved.valid_until.year
        moved.valid_until = dt.date(moved.recognized_on.year, 12, 31)
        arrived = moved.recognized_on.year
    assert moved is not None
    moved.save()
    assert left in changed_years(last_refresh())
    refresh_after_change(sources=["patents" if source == "patent" else "titles"])
    assert left in last_refresh().years and arrived in last_refresh().years
    incremental = _all_values()
    summaries_refresh(today=TODAY)
    assert incremental == _all_values()


def test_year_state_is_carried_for_unchanged_tables(data, django_assert_max_num_queries):
    """A refresh re-reads the per-year state only of the tables whose fingerprint changed."""
    from breakzero.indicators.summaries import last_refresh, source_fingerprint, take_year_state

    last = last_refresh()
    fingerprint = source_fingerprint()
    with django_assert_max_num_queries(0):
        assert take_year_state(last, fingerprint=fingerprint) == last.year_state
    assert take_year_state(None, fingerprint=fingerprint) == last.year_state
