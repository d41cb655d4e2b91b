"""/api/v1/patents and /api/v1/break-zero."""

import pytest

from breakzero.core.imports import get_importer, run_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(register, good_file):
    importer = get_importer("patents")
    importer.after_apply(run_file(importer, str(good_file), apply=True, skip_invalid=True), in_process=True)
    return register


def test_api_patents_filters_and_paginates(client_for, province_official, loaded):
    data = client_for(province_official).get("/api/v1/patents", {"kind": "invention", "status": "granted"}).json()
    assert data["count"] == 5
    first = next(p for p in data["items"] if p["application_number"] == "202110123456.7")
    assert [a["name"] for a in first["applicants"]] == ["湖南星辰科技有限公司", "中南大学"]


def test_api_patents_scoped(client_for, other_county_official, loaded):
    data = client_for(other_county_official).get("/api/v1/patents").json()
    assert {p["title"] for p in data["items"]} == {"一种新材料", "包装盒"}


def test_api_break_zero_year_region(client_for, province_official, loaded):
    data = client_for(province_official).get("/api/v1/break-zero", {"year": 2022, "region": "430104"}).json()
    assert data["count"] == 2 and data["target"] is None
    assert {i["name"] for i in data["items"]} == {"湖南星辰科技有限公司", "湖南蓝海电子有限公司", "长沙智造装备有限公司"}


def test_api_break_zero_province_target(client_for, province_official, loaded):
    data = client_for(province_official).get("/api/v1/break-zero", {"year": 2022}).json()
    assert (data["count"], data["target"]) == (2, 300)


def test_api_break_zero_unknown_region_404(client_for, province_official):
    assert client_for(province_official).get("/api/v1/break-zero", {"year": 2022, "region": "999999"}).status_code == 404


def test_api_anonymous_refused(client):
    assert client.get("/api/v1/patents").status_code in (401, 403)
