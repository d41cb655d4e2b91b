"""The API takes a report from an enterprise's own token, with the same rules as the form."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from breakzero.accounts.models import ApiToken
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.reporting.models import Submission
from breakzero.reporting.tests.factories import WindowFactory

GOOD = {"operating_revenue": 1000, "rd_expense": 50, "new_product_revenue": 300, "employees": 80, "rd_staff": 8,
        "total_cost": 900, "has_rd_institution": "是"}


@pytest.fixture
def window(db):
    today = timezone.localdate()
    return WindowFactory(period=str(today.year - 1), year=today.year - 1, opens_on=today - dt.timedelta(days=10),
                         due_on=today + dt.timedelta(days=5), closes_on=today + dt.timedelta(days=20))


def _token_client(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="填报脚本", key_hash=ApiToken.hash_key(key), prefix=key[:8],
                            expires_at=timezone.now() + dt.timedelta(days=30))
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _put(client, window, body):
    return client.put(f"/api/v1/reporting/windows/{window.pk}/submission", json.dumps(body), content_type="application/json")


def test_api_enterprise_token_submits_own_report(enterprise_user, window):
    client = _token_client(enterprise_user)
    assert [w["id"] for w in client.get("/api/v1/reporting/windows").json()] == [window.pk]
    response = _put(client, window, {"values": GOOD})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert Submission.objects.get().enterprise == enterprise_user.enterprise


def test_api_soft_rule_returns_409_with_questions_then_accepts_explanation(enterprise_user, window):
    client = _token_client(enterprise_user)
    response = _put(client, window, {"values": {**GOOD, "rd_expense": 400}})
    assert response.status_code == 409 and response.json()["questions"][0]["code"] == "intensity"
    response = _put(client, window, {"values": {**GOOD, "rd_expense": 400}, "explanations": {"intensity": "中试线"}})
    assert response.status_code == 200


def test_api_hard_rule_is_422_in_chinese(enterprise_user, window):
    response = _put(_token_client(enterprise_user), window, {"values": {**GOOD, "rd_expense": 950}})
    assert response.status_code == 422 and "研发费用不能超过成本费用总额" in json.dumps(response.json(), ensure_ascii=False)


def test_api_enterprise_cannot_report_for_another(enterprise_user, window):
    other = EnterpriseFactory(county_id="430104")
    response = _put(_token_client(enterprise_user), window, {"values": GOOD, "enterprise_id": other.pk})
    assert response.status_code == 404 and not Submission.objects.exists()


def test_api_anonymous_is_refused(window):
    assert _put(Client(), window, {"values": GOOD}).status_code in (401, 403)
