"""The engine's API: scoped lists, decisions with Chinese errors, authentication required."""

import pytest
from django.utils import timezone

from breakzero.calls import services
from breakzero.calls.models import Application, State
from breakzero.calls.tests.factories import make_call
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory

pytestmark = pytest.mark.django_db


def _at_county(call, county="430104"):
    enterprise = EnterpriseFactory(county_id=county)
    EnterpriseYearFactory(enterprise=enterprise, year=timezone.localdate().year - 1)
    application = services.application_create(call=call, enterprise=enterprise, actor=None, form_data={"summary": "x"})
    Application.objects.filter(pk=application.pk).update(state=State.AT_COUNTY)
    return application


def test_api_lists_scoped_and_decides(client_for, county_official):
    call = make_call()
    mine, other = _at_county(call), _at_county(call, county="430602")
    client = client_for(county_official)
    data = client.get(f"/api/v1/calls/{call.pk}/applications").json()
    assert [row["id"] for row in data["items"]] == [mine.pk]
    assert client.get(f"/api/v1/calls/applications/{other.pk}").status_code == 404
    refused = client.post(f"/api/v1/calls/applications/{mine.pk}/decisions", {"action": "return"}, content_type="application/json")
    assert refused.status_code == 400 and "理由" in refused.json()["detail"]
    ok = client.post(f"/api/v1/calls/applications/{mine.pk}/decisions", {"action": "recommend", "rank": 1},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "at_city"
    assert ok.json()["transitions"][-1]["rank"] == 1


def test_api_requires_login(client):
    call = make_call()
    assert client.get(f"/api/v1/calls/{call.pk}/applications").status_code == 401
