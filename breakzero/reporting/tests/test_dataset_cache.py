"""The per-process copy of a data set's fields and rules follows every edit, and the submission
reads the previous period and the bands only for rules that need them."""

import json
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from breakzero.enterprises.tests.factories import EnterpriseYearFactory
from breakzero.reporting import dataset_cache, selectors, services
from breakzero.reporting.models import DataField, ReportingWindow, ValidationRule
from breakzero.reporting.tests.test_api import GOOD, _token_client, window  # noqa: F401 (window: the fixture)

def _put(client, window):
    return client.put(f"/api/v1/reporting/windows/{window.pk}/submission", json.dumps({"values": GOOD, "submit": True}),
                      content_type="application/json")


def test_rule_tightened_on_the_rules_page_applies_to_the_next_api_submission(client_for, province_official,
                                                                              enterprise_user, window):
    api = _token_client(enterprise_user)
    assert _put(api, window).status_code == 200  # intensity 5% ≤ 30%: no question, and the rules are now cached
    rule = ValidationRule.objects.get(dataset=window.dataset, code="intensity")
    page = f"/reporting/datasets/{window.dataset.pk}/rules/?edit={rule.pk}"
    client_for(province_official).post(page, {
        "code": "intensity", "kind": "soft", "field": "rd_expense", "per_field": "operating_revenue", "operator": "le",
        "constant": "1", "message_zh": "研发投入强度超过 1%，请说明原因", "is_active": "on"})
    assert ValidationRule.objects.get(pk=rule.pk).constant == Decimal(1)
    response = _put(api, window)
    assert response.status_code == 409 and [q["code"] for q in response.json()["questions"]] == ["intensity"]


def test_rule_changed_by_another_process_is_seen_through_the_version(enterprise_user, window):
    """A save in another gunicorn process sends no signal here: queryset.update() stands in for it."""
    api = _token_client(enterprise_user)
    assert _put(api, window).status_code == 200
    ValidationRule.objects.filter(dataset=window.dataset, code="intensity").update(
        constant=Decimal(1), updated_at=timezone.now())
    assert _put(api, window).status_code == 409
    ValidationRule.objects.filter(dataset=window.dataset, code="intensity").update(
        is_active=False, updated_at=timezone.now())
    assert _put(api, window).status_code == 200


def test_field_added_by_another_process_is_parsed(window):
    assert "patents_filed" not in [f.code for f in selectors.fields_of(window.dataset)]
    DataField.objects.bulk_create([DataField(dataset=window.dataset, code="patents_filed", label="专利申请数",
                                             kind="number", order=99)])  # no signal, as from another process
    fresh = ReportingWindow.objects.select_related("dataset").get(pk=window.pk)  # the next request's row
    assert "patents_filed" in [f.code for f in selectors.fields_of(fresh.dataset)]


def test_cached_spec_costs_one_query_per_request_and_none_within_it(window, django_assert_num_queries):
    selectors.fields_of(window.dataset)
    fresh = ReportingWindow.objects.select_related("dataset").get(pk=window.pk)
    with django_assert_num_queries(1):  # the version only: fields and rules come from the process's copy
        assert len(selectors.fields_of(fresh.dataset)) == 7
    with django_assert_num_queries(0):  # same request (same instance): no second version query
        assert {r.code for r in selectors.check_rules(fresh.dataset)} >= {"intensity", "revenue_jump"}
    assert dataset_cache.dataset_spec(fresh.dataset).needs_previous


def test_submit_without_a_change_rule_reads_no_previous_period(enterprise_user, window):
    EnterpriseYearFactory(enterprise=enterprise_user.enterprise, year=window.year - 1, operating_revenue=Decimal(200))
    rule = ValidationRule.objects.get(dataset=window.dataset, code="revenue_jump")
    rule.is_active = False
    rule.save()
    with mock.patch.object(selectors, "previous_values", wraps=selectors.previous_values) as previous, \
            mock.patch.object(selectors, "percentile_bands", wraps=selectors.percentile_bands) as bands:
        services.submission_save(actor=enterprise_user, window=window, enterprise=enterprise_user.enterprise,
                                 values={k: str(v) for k, v in GOOD.items()}, submit=True)
    assert previous.call_count == 0 and bands.call_count == 0


def test_submit_with_a_change_rule_still_asks_about_the_jump(enterprise_user, window):
    EnterpriseYearFactory(enterprise=enterprise_user.enterprise, year=window.year - 1, operating_revenue=Decimal(200))
    with pytest.raises(services.ExplanationNeeded) as exc:
        services.submission_save(actor=enterprise_user, window=window, enterprise=enterprise_user.enterprise,
                                 values={k: str(v) for k, v in GOOD.items()}, submit=True)
    assert [q["code"] for q in exc.value.questions] == ["revenue_jump"]
