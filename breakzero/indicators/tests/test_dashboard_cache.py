"""The dashboard's shared fragments: reached only inside the user's scope, breadcrumbs per viewer, no summary reads on a hit."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from breakzero.indicators.summaries import summaries_refresh
from breakzero.indicators.tests import fixtures

URL = "/progress/?region=430104&year=2022&indicator=sme_invention_grants"


@pytest.fixture
def data(db):
    built = fixtures.build()
    summaries_refresh(today=dt.date(2023, 1, 15))
    return built


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _breadcrumb(html: str) -> str:
    start = html.index('<nav class="breadcrumb">')
    return html[start:html.index("</nav>", start)]


def test_dashboard_cached_fragment_other_city_official_same_params_gets_404(data, city_official, other_city_official):
    assert "岳麓区" in _client(city_official).get(URL).content.decode()  # now cached
    response = _client(other_city_official).get(URL)
    assert response.status_code == 404 and "岳麓区" not in response.content.decode()


def test_dashboard_cached_fragment_breadcrumb_lists_only_regions_the_viewer_governs(
    data, province_official, city_official, county_official
):
    province = _breadcrumb(_client(province_official).get(URL).content.decode())
    city = _breadcrumb(_client(city_official).get(URL).content.decode())
    county = _breadcrumb(_client(county_official).get(URL).content.decode())
    assert "region=430000" in province and "region=430100" in province
    assert "region=430000" not in city and "region=430100" in city
    assert "region=430000" not in county and "region=430100" not in county and "岳麓区" in county


def test_dashboard_second_viewer_and_other_indicator_read_no_summary_table(data, province_official, city_official):
    _client(province_official).get(URL)
    client = _client(city_official)
    client.get("/progress/?region=430100&year=2021")  # the period and the user's region, as in service
    for url in (URL, URL.replace("sme_invention_grants", "break_zero")):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert 'id="progress-table"' in html and 'id="trend-chart"' in html
        assert not [q["sql"] for q in queries if "indicators_indicator" in q["sql"] or "regions_region" in q["sql"]]


def test_dashboard_fragments_follow_the_language(data, province_official):
    client = _client(province_official)
    assert "破零企业数" in client.get(URL).content.decode()
    client.cookies.load({"django_language": "en"})
    english = client.get(URL).content.decode()
    assert "破零企业数" not in english


def test_dashboard_prefill_renders_each_year_table_the_page_then_serves(data, county_official):
    from django.core.cache import cache
    from django.utils import timezone

    from breakzero.indicators import fragments, selectors
    from breakzero.regions.models import Region

    assert fragments.prefill(seconds=0) == 0  # bounded by its time
    assert fragments.prefill(seconds=600, codes=["430104"]) >= 1
    refreshed, version = selectors.summary_version()
    county = Region.objects.get(code="430104")
    keys = {year: fragments.table_key(region=county, year=year, today=timezone.localdate(), version=version)
            for year in refreshed.covered_years}
    tables = {year: fragments._unpack(cache.get(key)) for year, key in keys.items()}
    assert tables and all(tables.values())
    assert tables[2022] in _client(county_official).get("/progress/?region=430104&year=2022").content.decode()
