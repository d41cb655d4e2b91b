"""Access matrix: role × action × region for pages, export and API."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from breakzero.accounts.models import Role
from breakzero.enterprises.models import Enterprise
from breakzero.enterprises.tests.factories import EnterpriseFactory
from conftest import make_user

ROLES = ["province", "city", "county", "enterprise", "service_body", "expert", "admin"]
# Which target each role may read: "inside" = 岳麓区 (长沙市) enterprise, "outside" = 岳阳楼区 (岳阳市).
SEES = {
    "province": {"inside", "outside"},
    "city": {"inside"},
    "county": {"inside"},
    "enterprise": {"inside"},  # its own enterprise is the inside one
    "service_body": set(),
    "expert": set(),
    "admin": {"inside", "outside"},
}
ACTIONS = ["list", "detail", "edit", "export", "api_list", "api_detail", "api_patch"]


@pytest.fixture
def world(db):
    inside = EnterpriseFactory(county_id="430104", name="湖南岳麓内部科技有限公司")
    outside = EnterpriseFactory(county_id="430602", name="岳阳楼外部科技有限公司")
    neighbour = EnterpriseFactory(county_id="430104", name="岳麓邻居科技有限公司")
    users = {
        "province": make_user("m-province", Role.PROVINCE_OFFICIAL, "430000"),
        "city": make_user("m-city", Role.CITY_OFFICIAL, "430100"),
        "county": make_user("m-county", Role.COUNTY_OFFICIAL, "430104"),
        "enterprise": make_user("m-enterprise", Role.ENTERPRISE, enterprise=inside),
        "service_body": make_user("m-service", Role.SERVICE_BODY),
        "expert": make_user("m-expert", Role.EXPERT),
        "admin": make_user("m-admin", Role.SYSTEM_ADMIN),
    }
    return {"inside": inside, "outside": outside, "neighbour": neighbour, "users": users}


@pytest.mark.parametrize("target", ["inside", "outside"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix_role_action_region_visible_only_in_scope(client, world, role, action, target):
    user, enterprise = world["users"][role], world[target]
    client.force_login(user)
    expected = target in SEES[role]
    if action == "export" and role == "enterprise":
        expected = False  # enterprises have no register to export
    assert _perform(client, action, enterprise, role) is expected


@pytest.mark.parametrize("role", ["enterprise"])
def test_access_enterprise_user_other_enterprise_same_county_not_found(client, world, role):
    client.force_login(world["users"][role])
    neighbour = world["neighbour"]
    assert client.get(neighbour.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/enterprises/{neighbour.pk}").status_code == 404
    assert client.get(reverse("enterprises:enterprise-edit", args=[neighbour.pk])).status_code == 404


def test_access_missing_and_out_of_scope_look_identical(client, world):
    client.force_login(world["users"]["county"])
    missing = client.get(reverse("enterprises:enterprise-detail", args=[999999]))
    hidden = client.get(world["outside"].get_absolute_url())
    assert missing.status_code == hidden.status_code == 404
    api_missing = client.get("/api/v1/enterprises/999999")
    api_hidden = client.get(f"/api/v1/enterprises/{world['outside'].pk}")
    assert api_missing.status_code == api_hidden.status_code == 404
    assert api_missing.json() == api_hidden.json()


def test_access_anonymous_redirected_to_login(client, world):
    response = client.get(world["inside"].get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get("/api/v1/enterprises").status_code == 401


def _perform(client, action: str, enterprise: Enterprise, role: str) -> bool:
    """Run one action; True when the user could read (or change) `enterprise`."""
    if action == "list":
        response = client.get(reverse("enterprises:enterprise-list"), follow=True)
        return response.status_code == 200 and enterprise.name in response.content.decode()
    if action == "detail":
        return _status(client.get(enterprise.get_absolute_url()))
    if action == "edit":
        return _status(client.get(reverse("enterprises:enterprise-edit", args=[enterprise.pk])))
    if action == "export":
        response = client.get(reverse("enterprises:enterprise-export"))
        return response.status_code == 200 and enterprise.uscc in _sheet_usccs(response.content)
    if action == "api_list":
        response = client.get("/api/v1/enterprises", {"page_size": 200})
        assert response.status_code == 200
        return enterprise.uscc in {item["uscc"] for item in response.json()["items"]}
    if action == "api_detail":
        return _status(client.get(f"/api/v1/enterprises/{enterprise.pk}"))
    return _patch(client, enterprise, role)


def _patch(client, enterprise: Enterprise, role: str) -> bool:
    field, value = ("contact_phone", "13912345678") if role == "enterprise" else ("industry_code", "3912")
    response = client.patch(
        f"/api/v1/enterprises/{enterprise.pk}", {field: value}, content_type="application/json"
    )
    enterprise.refresh_from_db()
    changed = getattr(enterprise, field) == value
    assert changed is (response.status_code == 200), response.content
    return changed


def _status(response) -> bool:
    assert response.status_code in (200, 404), response.status_code
    return response.status_code == 200


def _sheet_usccs(content: bytes) -> set[str]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    return {str(row[0]) for row in rows[1:]}
