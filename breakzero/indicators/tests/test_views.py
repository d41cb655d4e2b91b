"""Dashboard, records, targets and API through the client: scope, numbers, query count, exports."""

import datetime as dt

import pytest
from django.core.cache import cache

from breakzero.indicators.models import IndicatorTarget, TargetChange
from breakzero.indicators.summaries import summaries_refresh
from breakzero.indicators.tests import fixtures


@pytest.fixture
def data(db):
    cache.clear()
    built = fixtures.build()
    summaries_refresh(today=dt.date(2023, 1, 15))
    return built


def test_dashboard_province_official_sees_province_rows_and_city_ranking(data, province_official, client_for):
    response = client_for(province_official).get("/progress/?year=2022&indicator=sme_invention_grants")
    html = response.content.decode()
    assert response.status_code == 200
    assert "湖南省" in html and 'id="ranking-table"' in html and "长沙市" in html
    assert "/progress/records/?indicator=sme_invention_grants&region=430000&year=2022" in html
    assert "数据更新于" in html


def test_dashboard_query_count_is_bounded(data, province_official, client_for, django_assert_max_num_queries):
    client = client_for(province_official)
    client.get("/progress/?year=2021")  # warms the per-process caches (period, regions), as in service
    with django_assert_max_num_queries(10):
        assert client.get("/progress/?year=2022").status_code == 200


def test_dashboard_htmx_request_gets_partial_only(data, province_official, client_for):
    response = client_for(province_official).get("/progress/?year=2022", headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b'id="progress-body"' in response.content


@pytest.mark.parametrize(("code", "status"), [("430100", 200), ("430104", 200), ("430600", 404), ("430602", 404)])
def test_dashboard_city_official_drills_only_within_city(data, city_official, client_for, code, status):
    assert client_for(city_official).get(f"/progress/?region={code}&year=2022").status_code == status


def test_dashboard_county_official_sees_own_county_only(data, county_official, client_for):
    client = client_for(county_official)
    assert client.get("/progress/?year=2022").status_code == 200
    assert client.get("/progress/?region=430100&year=2022").status_code == 404


def test_dashboard_enterprise_user_gets_404(data, enterprise_user, client_for):
    assert client_for(enterprise_user).get("/progress/").status_code == 404


def test_record_list_patents_lists_counted_patents_once(data, province_official, client_for):
    response = client_for(province_official).get("/progress/records/?indicator=sme_invention_grants&region=430100&year=2022")
    html = response.content.decode()
    assert "2021100000011" in html and "2021100000022" in html and "2021100000044" not in html
    assert html.count("2021100000011") == 1


def test_record_list_xlsx_export_returns_workbook(data, province_official, client_for):
    response = client_for(province_official).get("/progress/records/?indicator=rd_intensity&region=430000&year=2022&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_dashboard_export_progress_and_ranking_are_xlsx(data, province_official, client_for):
    client = client_for(province_official)
    for query in ("year=2022", "year=2022&table=ranking&indicator=break_zero"):
        response = client.get(f"/progress/export/?{query}")
        assert response.status_code == 200 and response.content[:2] == b"PK"


def test_target_post_by_city_official_for_county_records_history(data, city_official, client_for):
    response = client_for(city_official).post("/progress/targets/?region=430100&year=2022",
                                               {"t-break_zero-430104": "12"})
    assert response.status_code == 302
    assert IndicatorTarget.objects.get(region_id="430104", indicator="break_zero").value == 12
    change = TargetChange.objects.get()
    assert (change.old_value, change.new_value, change.changed_by) == (None, 12, city_official)


def test_target_post_by_city_official_for_own_city_is_refused(data, city_official, client_for):
    client_for(city_official).post("/progress/targets/?region=430100&year=2022",
                                   {"t-break_zero-430100": "12"})
    assert not IndicatorTarget.objects.exists()


def test_target_post_by_county_official_is_refused(data, county_official, client_for):
    client_for(county_official).post("/progress/targets/?year=2022", {"t-break_zero-430104": "3"})
    assert not IndicatorTarget.objects.exists()


def test_target_page_shows_allocation_gap(data, province_official, client_for):
    client = client_for(province_official)
    client.post("/progress/targets/?year=2022", {"t-break_zero-430000": "300"})
    client.post("/progress/targets/?year=2022", {"t-break_zero-430100": "100"})
    html = client.get("/progress/targets/?year=2022").content.decode()
    assert 'id="allocation-gaps"' in html and "200" in html


def test_target_post_bad_value_shows_chinese_error(data, province_official, client_for):
    response = client_for(province_official).post("/progress/targets/?year=2022",
                                                  {"t-break_zero-430000": "abc"}, follow=True)
    assert "目标值应为数字" in response.content.decode()


def test_target_grid_saves_several_cells_in_one_post(data, province_official, client_for):
    response = client_for(province_official).post("/progress/targets/?year=2022", {
        "t-break_zero-430000": "300", "t-break_zero-430100": "120", "t-break_zero-430600": "80", "reason": "年度分解"})
    assert response.status_code == 302
    assert sorted(IndicatorTarget.objects.values_list("region_id", "value")) == [("430000", 300), ("430100", 120), ("430600", 80)]
    assert set(TargetChange.objects.values_list("reason", flat=True)) == {"年度分解"}


def test_target_grid_children_above_parent_refused_as_a_whole_typed_values_kept(data, province_official, client_for):
    response = client_for(province_official).post("/progress/targets/?year=2022", {
        "t-break_zero-430000": "100", "t-break_zero-430100": "70", "t-break_zero-430600": "60"})
    html = response.content.decode()
    assert response.status_code == 200 and "超过上级目标" in html
    assert not IndicatorTarget.objects.exists() and not TargetChange.objects.exists()
    assert 'name="t-break_zero-430600" size="7" inputmode="decimal" value="60"' in html


def test_target_grid_bad_cell_refuses_all_and_marks_the_cell(data, province_official, client_for):
    response = client_for(province_official).post("/progress/targets/?year=2022", {
        "t-break_zero-430000": "300", "t-break_zero-430100": "十"})
    assert 'aria-invalid="true"' in response.content.decode()
    assert not IndicatorTarget.objects.exists()


def test_api_progress_matches_command_rows(data, province_official, client_for):
    body = client_for(province_official).get("/api/v1/progress?year=2022").json()
    grants = next(r for r in body["rows"] if r["indicator"] == "sme_invention_grants")
    assert (body["region_code"], grants["actual"], grants["target"]) == ("430000", "2", "2")


def test_api_progress_outside_scope_is_404(data, county_official, client_for):
    assert client_for(county_official).get("/api/v1/progress?year=2022&region=430600").status_code == 404


def test_dashboard_new_target_shows_without_waiting_for_cache(data, province_official, client_for):
    client = client_for(province_official)
    client.get("/progress/?year=2022")
    client.post("/progress/targets/?year=2022", {"t-participants-430000": "1234"})
    assert "1,234" in client.get("/progress/?year=2022").content.decode()  # the target, thousands separated


def test_api_progress_doubling_zero_base_is_not_applicable(data, province_official, client_for):
    body = client_for(province_official).get("/api/v1/progress?year=2022&region=430602").json()
    grants = next(r for r in body["rows"] if r["indicator"] == "sme_invention_grants")
    assert grants["doubling"] == "not_applicable" and grants["status"] == "n/a"


def test_participant_page_city_official_adds_own_firm_and_refuses_other_city(data, city_official, client_for):
    from breakzero.indicators.models import Participant

    client = client_for(city_official)
    client.post("/progress/participants/?year=2021", {"uscc": data["a"].uscc, "note": "推荐"})
    assert Participant.objects.filter(enterprise=data["a"], year=2021, note="推荐").exists()
    response = client.post("/progress/participants/?year=2021", {"uscc": data["c"].uscc}, follow=True)
    assert "找不到" in response.content.decode()
    assert not Participant.objects.filter(enterprise=data["c"], year=2021).exists()


def test_participant_page_lists_and_removes_roster_rows(data, province_official, client_for):
    from breakzero.indicators.models import Participant

    client = client_for(province_official)
    html = client.get("/progress/participants/?year=2022").content.decode()
    assert data["a"].name in html and data["c"].name in html
    row = Participant.objects.get(enterprise=data["c"], year=2022)
    client.post("/progress/participants/?year=2022", {"remove": row.pk})
    assert not Participant.objects.filter(pk=row.pk).exists()
    assert client.get("/progress/participants/?year=2022&format=xlsx").content[:2] == b"PK"


def test_allocation_gaps_province_lists_city_to_county_gaps_too(data, province_official, city_official):
    from breakzero.indicators import services
    from breakzero.indicators.target_selectors import allocation_gaps
    from breakzero.regions.models import Region

    changsha = Region.objects.get(code="430100")
    services.target_set(user=province_official, indicator_id="break_zero", region=changsha, year=2022, value=10)
    services.target_set(user=city_official, indicator_id="break_zero", region=Region.objects.get(code="430104"),
                        year=2022, value=4)
    gaps = allocation_gaps(parent=Region.objects.get(code="430000"), year=2022)
    city_gap = next(g for g in gaps if g["region"].code == "430100")
    assert (city_gap["target"], city_gap["allocated"], city_gap["difference"]) == (10, 4, 6)
    assert len(city_gap["missing"]) == Region.objects.filter(parent_id="430100").count() - 1


def test_target_page_xlsx_export_lists_regions(data, city_official, client_for):
    response = client_for(city_official).get("/progress/targets/?year=2022&format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_dashboard_without_year_opens_the_period_default_year(data, province_official, client_for):
    """Data reach 2023 (refresh day 2023-01-15) but the programme ended in 2022: its final year."""
    from breakzero.core import period

    period.forget()
    html = client_for(province_official).get("/progress/").content.decode()
    assert '<option value="2022" selected>' in html
