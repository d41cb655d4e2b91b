"""The programme period is data, and one default year is used everywhere."""

import datetime as dt

import pytest

from breakzero.core import period
from breakzero.core.models import ProgrammePeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(monkeypatch):
    found: set[int] = set()
    monkeypatch.setattr(period, "_DATA_YEARS", [lambda: set(found)])
    period.forget()
    yield found
    period.forget()


def test_period_row_created_by_migration_matches_the_plan():
    row = ProgrammePeriod.objects.get()
    assert (row.baseline_year, row.start_year, row.end_year) == (2019, 2020, 2022)


def test_default_year_after_the_period_is_the_final_year(years):
    years.update({2020, 2021})
    assert period.default_year(dt.date(2026, 12, 6)) == 2022


def test_default_year_inside_the_period_is_latest_year_with_data(years):
    years.update({2019, 2020, 2021})
    assert period.default_year(dt.date(2022, 3, 1)) == 2021


def test_default_year_without_data_is_the_current_year_clamped_to_the_period(years):
    assert period.default_year(dt.date(2021, 5, 1)) == 2021
    assert period.default_year(dt.date(2018, 5, 1)) == 2020


def test_default_year_follows_an_edited_period(years):
    row = ProgrammePeriod.objects.get()
    row.end_year = 2025
    row.save()
    years.update({2023, 2024})
    assert period.default_year(dt.date(2026, 1, 1)) == 2025
    assert period.default_year(dt.date(2024, 6, 1)) == 2024


def test_pages_say_which_year_they_show(client_for, province_official, years):
    html = client_for(province_official).get("/progress/").content.decode()
    assert "规划期 2020–2022" in html


def test_progress_page_defaults_to_the_period_year_not_the_calendar_year(client_for, province_official, years):
    years.add(2021)
    html = client_for(province_official).get("/progress/").content.decode()
    assert '<option value="2022" selected>' in html
    assert f'<option value="{dt.date.today().year}" selected>' not in html
