"""JSON API: enterprises (scope, filters, pagination, validation) and personal tokens."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from breakzero.accounts.models import ApiToken
from breakzero.enterprises.models import Enterprise
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.rules.uscc import make_uscc

JSON = "application/json"


def test_api_enterprise_list_paginates_with_total(client_for, county_official):
    EnterpriseFactory.create_batch(5, county_id="430104")
    EnterpriseFactory(county_id="430602")
    body = client_for(county_official).get("/api/v1/enterprises", {"page": 2, "page_size": 2}).json()
    assert (body["total"], body["page"], body["page_size"], len(body["items"])) == (5, 2, 2, 2)


def test_api_enterprise_list_filters_like_page(client_for, city_official):
    a = EnterpriseFactory(county_id="430104", name="接口甲有限公司")
    EnterpriseFactory(county_id="430103", name="接口乙有限公司")
    EnterpriseYearFactory(enterprise=a, year=2021, size="small")
    client = client_for(city_official)
    assert [i["name"] for i in client.get("/api/v1/enterprises", {"county": "430104"}).json()["items"]] == ["接口甲有限公司"]
    body = client.get("/api/v1/enterprises", {"year": 2021, "size": "small"}).json()
    assert [i["name"] for i in body["items"]] == ["接口甲有限公司"]
    assert client.get("/api/v1/enterprises", {"q": a.uscc.lower()}).json()["total"] == 1


def test_api_enterprise_list_page_size_capped(client_for, county_official):
    response = client_for(county_official).get("/api/v1/enterprises", {"page_size": 1000})
    assert response.status_code == 422


@pytest.mark.parametrize("persona", ["county_official", "province_official"])
def test_api_enterprise_detail_and_list_contacts_masked_as_on_pages(db, request, client_for, persona):
    e = EnterpriseFactory(county_id="430104", contact_person="张三丰", contact_phone="13812345678")
    client = client_for(request.getfixturevalue(persona))
    body = client.get(f"/api/v1/enterprises/{e.pk}").json()
    assert (body["contact_person"], body["contact_phone"], body["uscc"]) == ("张**", "138****5678", e.uscc)
    item = client.get("/api/v1/enterprises").json()["items"][0]
    assert (item["contact_person"], item["contact_phone"]) == ("张**", "138****5678")


def test_api_enterprise_contact_reveal_audited_for_roles_that_need_it(client_for, county_official, province_official):
    from breakzero.audit.models import AuditEntry

    e = EnterpriseFactory(county_id="430104", contact_person="张三丰", contact_phone="13812345678")
    response = client_for(county_official).post(f"/api/v1/enterprises/{e.pk}/contact")
    assert response.json() == {"contact_person": "张三丰", "contact_phone": "13812345678"}
    assert AuditEntry.objects.filter(action="reveal", object_id=str(e.pk), username=county_official.username).exists()
    assert client_for(province_official).post(f"/api/v1/enterprises/{e.pk}/contact").status_code == 404


def test_api_enterprise_year_put_unknown_keys_refused_nothing_nulled(client_for, county_official):
    e = EnterpriseFactory(county_id="430104", industry_code="3911")
    client = client_for(county_official)
    client.put(f"/api/v1/enterprises/{e.pk}/years/2021", {"employees": 120, "operating_revenue": 8000}, content_type=JSON)
    response = client.put(f"/api/v1/enterprises/{e.pk}/years/2021", {"employes": 130, "revenue": 1}, content_type=JSON)
    assert response.status_code == 422
    assert "employes" in response.content.decode() and "revenue" in response.content.decode()
    assert client.get(f"/api/v1/enterprises/{e.pk}/years/2021").json()["employees"] == 120


def test_api_enterprise_create_returns_201(client_for, county_official):
    payload = {"uscc": make_uscc("91", "430104", "MA4T0001"), "name": "接口新建有限公司", "county": "430104",
               "industry_code": "3911", "former_names": ["接口旧名有限公司"]}  # fmt: skip
    response = client_for(county_official).post("/api/v1/enterprises", payload, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["former_names"] == ["接口旧名有限公司"] and response.json()["city_code"] == "430100"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [({"chains": [99999]}, "chains", "产业链不存在"), ({"county": "430602"}, "county", "不在您的管辖范围内"),
     ({"uscc": "91430104MA4T00011X"}, "uscc", "校验码错误")],
)  # fmt: skip
def test_api_enterprise_create_invalid_chinese_422_nothing_saved(client_for, county_official, overrides, field, message):
    payload = {"uscc": make_uscc("91", "430104", "MA4T0009"), "name": "坏数据有限公司", "county": "430104"}
    response = client_for(county_official).post("/api/v1/enterprises", payload | overrides, content_type=JSON)
    assert response.status_code == 422 and message in str(response.json()["detail"][field])
    assert not Enterprise.objects.exists()


def test_api_enterprise_create_enterprise_user_forbidden(client_for, enterprise_user):
    payload = {"uscc": make_uscc("91", "430104", "MA4T0002"), "name": "越权有限公司", "county": "430104"}
    response = client_for(enterprise_user).post("/api/v1/enterprises", payload, content_type=JSON)
    assert response.status_code == 403 and "无权" in response.json()["detail"]


def test_api_enterprise_patch_forbidden_field_400(client_for, enterprise_user):
    e = enterprise_user.enterprise
    response = client_for(enterprise_user).patch(f"/api/v1/enterprises/{e.pk}", {"name": "改名"}, content_type=JSON)
    assert response.status_code == 400 and "无权修改" in response.json()["detail"]


def test_api_enterprise_years_put_then_get(client_for, county_official):
    e = EnterpriseFactory(county_id="430104", industry_code="3911")
    client = client_for(county_official)
    payload = {"employees": 120, "operating_revenue": "8000.5", "rd_expense": 400}
    response = client.put(f"/api/v1/enterprises/{e.pk}/years/2021", payload, content_type=JSON)
    assert response.status_code == 200 and response.json()["size"] == "small"
    assert client.get(f"/api/v1/enterprises/{e.pk}/years/2021").json()["operating_revenue"] == 8000.5
    years = client.get(f"/api/v1/enterprises/{e.pk}/years").json()
    assert [y["year"] for y in years] == [2021] and years[0]["rd_intensity"] == pytest.approx(400 / 8000.5, rel=1e-4)


def test_api_enterprise_year_missing_404(client_for, county_official):
    e = EnterpriseFactory(county_id="430104")
    assert client_for(county_official).get(f"/api/v1/enterprises/{e.pk}/years/2021").status_code == 404


def test_api_enterprise_year_put_outside_scope_404(client_for, other_county_official):
    e = EnterpriseFactory(county_id="430104")
    response = client_for(other_county_official).put(f"/api/v1/enterprises/{e.pk}/years/2021", {}, content_type=JSON)
    assert response.status_code == 404 and not e.years.exists()


def test_api_openapi_and_docs_render(client_for, province_official):
    client = client_for(province_official)
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/enterprises", "/api/v1/enterprises/{enterprise_id}/years/{year}", "/api/v1/tokens"} <= set(paths)
    assert client.get("/api/v1/docs").status_code == 200


def test_api_token_issue_use_revoke(client_for, county_official):
    e = EnterpriseFactory(county_id="430104", contact_phone="13812345678")
    session = client_for(county_official)
    created = session.post("/api/v1/tokens", {"name": "报送脚本"}, content_type=JSON)
    assert created.status_code == 201
    key, token_id = created.json()["key"], created.json()["id"]
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert bearer.get(f"/api/v1/enterprises/{e.pk}").json()["contact_phone"] == "138****5678"
    assert bearer.post(f"/api/v1/enterprises/{e.pk}/contact").json()["contact_phone"] == "13812345678"
    listed = session.get("/api/v1/tokens").json()
    assert [t["id"] for t in listed] == [token_id] and "key" not in listed[0]
    assert session.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    assert bearer.get(f"/api/v1/enterprises/{e.pk}").status_code == 401


def test_api_token_stored_hashed_only(client_for, county_official):
    key = client_for(county_official).post("/api/v1/tokens", {"name": "x"}, content_type=JSON).json()["key"]
    token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash_key(key) and key not in (token.key_hash, token.prefix)


def test_api_token_longer_than_a_year_refused(client_for, county_official):
    expires = (timezone.now() + dt.timedelta(days=400)).isoformat()
    response = client_for(county_official).post("/api/v1/tokens", {"name": "x", "expires_at": expires}, content_type=JSON)
    assert response.status_code == 422 and "最长一年" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_api_token_cannot_issue_tokens(client_for, county_official):
    key = client_for(county_official).post("/api/v1/tokens", {"name": "x"}, content_type=JSON).json()["key"]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").post("/api/v1/tokens", {"name": "y"}, content_type=JSON)
    assert response.status_code == 401 and ApiToken.objects.count() == 1


def test_api_token_revoke_someone_elses_404(client_for, county_official, other_county_official):
    token_id = client_for(county_official).post("/api/v1/tokens", {"name": "x"}, content_type=JSON).json()["id"]
    assert client_for(other_county_official).delete(f"/api/v1/tokens/{token_id}").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_api_session_write_requires_csrf(county_official):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_official)
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type=JSON)
    assert response.status_code in (401, 403) and not ApiToken.objects.exists()
