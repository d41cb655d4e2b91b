"""API and `manage.py evaluate`: the same results as the page, scoped to the user."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from breakzero.calls import services
from breakzero.calls.tests.factories import make_call
from breakzero.policies.screening import screening_run
from breakzero.policies.tests.factories import DeclaredFactsFactory, enterprise_with_years

pytestmark = pytest.mark.django_db


def test_evaluate_command_text_lists_items():
    enterprise = enterprise_with_years(last_year=2024)
    out = StringIO()
    call_command("evaluate", "--uscc", enterprise.uscc, "--as-of", "2025-06-30", stdout=out)
    text = out.getvalue()
    assert "== 创新型中小企业 [innovative_sme]" in text and "规则版本 miit-2022-63" in text
    assert "研发费用占营业收入比重" in text and "依据：工信部企业〔2022〕63号" in text


def test_evaluate_command_json_is_list_of_results():
    enterprise = enterprise_with_years(last_year=2024)
    out = StringIO()
    call_command("evaluate", "--uscc", enterprise.uscc, "--as-of", "2025-06-30", "--format", "json", stdout=out)
    results = json.loads(out.getvalue())
    assert [r["rule"] for r in results][:3] == ["innovative_sme", "srdi_sme", "little_giant"]
    assert all({"status", "value", "threshold", "reason", "source"} <= set(i) for r in results for i in r["items"])


def test_evaluate_command_unknown_uscc_fails():
    with pytest.raises(CommandError, match="未找到"):
        call_command("evaluate", "--uscc", "91430100XXXXXXXXXX")


def test_api_evaluation_scoped(client_for, county_official, other_county_official):
    enterprise = enterprise_with_years(last_year=2024)
    url = f"/api/v1/enterprises/{enterprise.pk}/evaluation?as_of=2025-06-30"
    response = client_for(county_official).get(url)
    assert response.status_code == 200 and response.json()[0]["rule"] == "innovative_sme"
    assert client_for(other_county_official).get(url).status_code == 404


def test_api_screening_lists_unknown(client_for, city_official):
    enterprise = enterprise_with_years(last_year=dt.date.today().year - 1)
    screening_run(as_of=dt.date.today())
    body = client_for(city_official).get("/api/v1/screening?rule=innovative_sme&status=unknown").json()
    assert enterprise.pk in [r["enterprise_id"] for r in body["results"]]


def test_api_application_transition_and_illegal_move(client_for, enterprise_user, county_official):
    """The cultivation API moves applications on the engine (calls): the county recommends to the city."""
    DeclaredFactsFactory(enterprise=enterprise_user.enterprise, year=dt.date.today().year - 1)
    programme = services.programme_create(name="创新型中小企业", owner_department="中小企业发展处",
                                          programme_type="tier_innovative_sme", has_expert_review=False)
    application = services.application_create(call=make_call(programme=programme), enterprise=enterprise_user.enterprise,
                                              actor=enterprise_user)
    services.application_submit(application=application, actor=enterprise_user)
    client = client_for(county_official)
    assert [a["id"] for a in client.get("/api/v1/applications?todo=true").json()] == [application.pk]
    url = f"/api/v1/applications/{application.pk}/transitions"
    bad = client.post(url, {"action": "select"}, content_type="application/json")
    assert bad.status_code == 400 and "不能执行" in bad.json()["detail"]
    good = client.post(url, {"action": "recommend", "reason": "同意推荐"}, content_type="application/json")
    assert good.status_code == 200 and good.json()["state"] == "at_city"
    assert client.get("/api/v1/applications?todo=true").json() == []
