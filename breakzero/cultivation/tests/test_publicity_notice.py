"""公示 shows other enterprises only what a public notice shows; owners and officials see the file."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.accounts.models import Role
from breakzero.cultivation import services
from breakzero.cultivation.models import Application
from breakzero.cultivation.workflow import application_transition
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.policies.tests.factories import DeclaredFactsFactory
from conftest import make_user

pytestmark = pytest.mark.django_db

SECRET_REVENUE = "98765.4"
SECRET_COMMENT = "营收核实无误-内部意见"
NOTICE_KEYS = {"view", "id", "enterprise_name", "city_name", "county_name", "programme", "programme_display", "batch",
               "status", "status_display", "publicity_start", "publicity_end", "published_on", "objection_channel"}


@pytest.fixture
def in_publicity(enterprise_user, county_official):
    enterprise = enterprise_user.enterprise
    DeclaredFactsFactory(enterprise=enterprise, year=dt.date.today().year - 1)
    application = services.application_create(enterprise=enterprise, programme="tier_srdi", batch="2025年第1批",
                                              actor=enterprise_user)
    application_transition(application=application, actor=county_official, action="approve", comment=SECRET_COMMENT,
                           override_reason="核实后同意")  # needed when its own check-up says 不符合
    today = dt.date.today()
    Application.objects.filter(pk=application.pk).update(
        status="publicity", publicity_start=today, publicity_end=today + dt.timedelta(days=7),
        statement="研发投入说明-机密", facts={"fiscal_year": 2024, "facts": {"operating_revenue": SECRET_REVENUE}},
    )
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def rival(db):
    """Another enterprise of the same city: may see the notice and object, nothing more."""
    return make_user("t-rival", Role.ENTERPRISE, enterprise=EnterpriseFactory(county_id="430102"))


def test_publicity_page_for_other_enterprise_shows_public_notice_only(client_for, in_publicity, rival):
    response = client_for(rival).get(in_publicity.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert in_publicity.enterprise.name in page and "2025年第1批" in page
    assert in_publicity.publicity_end.strftime("%Y-%m-%d") in page
    assert reverse("cultivation:objection-create", args=[in_publicity.pk]) in page  # the objection channel
    for secret in (SECRET_REVENUE, SECRET_COMMENT, "研发投入说明-机密", "申报时的企业事实", "政策评估快照"):
        assert secret not in page


def test_publicity_api_for_other_enterprise_returns_notice_schema(client_for, in_publicity, rival):
    body = client_for(rival).get(f"/api/v1/applications/{in_publicity.pk}").json()
    assert set(body) == NOTICE_KEYS and body["view"] == "notice"
    assert body["enterprise_name"] == in_publicity.enterprise.name and body["batch"] == "2025年第1批"
    assert SECRET_REVENUE not in str(body) and SECRET_COMMENT not in str(body)


@pytest.mark.parametrize("persona", ["enterprise_user", "county_official", "province_official"])
def test_publicity_owner_and_officials_keep_full_view(request, client_for, in_publicity, persona):
    client = client_for(request.getfixturevalue(persona))
    body = client.get(f"/api/v1/applications/{in_publicity.pk}").json()
    assert body["view"] == "full" and body["facts"]["facts"]["operating_revenue"] == SECRET_REVENUE
    assert SECRET_COMMENT in [step["comment"] for step in body["steps"]]
    assert SECRET_REVENUE in client.get(in_publicity.get_absolute_url()).content.decode()


def test_publicity_other_enterprise_can_still_object(client_for, in_publicity, rival):
    url = reverse("cultivation:objection-create", args=[in_publicity.pk])
    client_for(rival).post(url, {"text": "该企业研发人员数据存疑"})
    assert in_publicity.objections.filter(filed_by=rival).exists()


def test_publicity_notice_hides_other_objectors(client_for, in_publicity, rival, county_official):
    services.objection_file(application=in_publicity, actor=county_official, text="县里提出的异议-内部")
    page = client_for(rival).get(in_publicity.get_absolute_url()).content.decode()
    assert "县里提出的异议-内部" not in page
