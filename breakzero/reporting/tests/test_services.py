"""Reporting workflow: save, submit with hard/soft rules, review into the register, reopen, lock, correct."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from breakzero.core.errors import DomainError
from breakzero.enterprises.models import EnterpriseYear
from breakzero.enterprises.tests.factories import EnterpriseYearFactory
from breakzero.regions.models import Region
from breakzero.reporting import services
from breakzero.reporting.models import CorrectionRequest, Submission, SubmissionEvent
from breakzero.reporting.tests.factories import WindowFactory

IN_WINDOW, LATE, CLOSED = dt.date(2026, 4, 1), dt.date(2026, 5, 5), dt.date(2026, 6, 2)
GOOD = {"operating_revenue": "1000", "rd_expense": "50", "new_product_revenue": "300", "employees": "80",
        "rd_staff": "8", "total_cost": "900", "has_rd_institution": "是"}


@pytest.fixture
def window(db):
    return WindowFactory()


def _submit(user, window, values=None, today=IN_WINDOW, **kwargs):
    return services.submission_save(actor=user, window=window, enterprise=user.enterprise if user.enterprise_id else kwargs.pop("enterprise"),
                                    values=values or GOOD, submit=True, today=today, **kwargs)


def test_submit_clean_report_is_pending_on_time(enterprise_user, window):
    sub = _submit(enterprise_user, window)
    assert sub.status == Submission.Status.SUBMITTED and not sub.is_late and not sub.is_entered_by_official
    assert SubmissionEvent.objects.filter(submission=sub, action="submit").exists()


def test_submit_after_due_date_is_late(enterprise_user, window):
    assert _submit(enterprise_user, window, today=LATE).is_late


def test_submit_before_open_or_after_close_is_refused(enterprise_user, window):
    with pytest.raises(DomainError, match="尚未开始"):
        _submit(enterprise_user, window, today=dt.date(2026, 2, 1))
    with pytest.raises(DomainError, match="已关闭"):
        _submit(enterprise_user, window, today=CLOSED)


def test_submit_hard_rule_refuses_with_chinese_message(enterprise_user, window):
    with pytest.raises(ValidationError) as exc:
        _submit(enterprise_user, window, values={**GOOD, "rd_expense": "950"})
    assert "研发费用不能超过成本费用总额" in exc.value.messages
    assert not Submission.objects.filter(status=Submission.Status.SUBMITTED).exists()


def test_submit_soft_rule_needs_explanation_then_goes_in(enterprise_user, window):
    values = {**GOOD, "rd_expense": "400"}
    with pytest.raises(services.ExplanationNeeded) as exc:
        _submit(enterprise_user, window, values=values)
    assert [q["code"] for q in exc.value.questions] == ["intensity"]
    sub = _submit(enterprise_user, window, values=values, explanations={"intensity": "当年集中投入中试线"})
    assert sub.questions[0]["explanation"] == "当年集中投入中试线"


def test_submit_revenue_jump_against_last_year_register_is_soft(enterprise_user, window):
    EnterpriseYearFactory(enterprise=enterprise_user.enterprise, year=2024, operating_revenue=Decimal(200))
    with pytest.raises(services.ExplanationNeeded):
        _submit(enterprise_user, window)


def test_save_other_enterprise_is_refused(enterprise_user, window, other_county_official):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    other = EnterpriseFactory(county_id="430602")
    with pytest.raises(DomainError, match="无权"):
        services.submission_save(actor=enterprise_user, window=window, enterprise=other, values=GOOD, today=IN_WINDOW)


def test_accept_writes_register_and_triggers_refresh(enterprise_user, county_official, window):
    EnterpriseYearFactory(enterprise=enterprise_user.enterprise, year=2025, total_assets=Decimal(5000))
    sub = _submit(enterprise_user, window)
    with mock.patch("breakzero.enterprises.services.data_changed") as changed:
        services.submission_accept(actor=county_official, submission=sub)
    row = EnterpriseYear.objects.get(enterprise=enterprise_user.enterprise, year=2025)
    assert row.rd_expense == Decimal(50) and row.employees == 80 and row.total_assets == Decimal(5000)
    changed.assert_called_once()


def test_accept_by_other_county_is_refused(enterprise_user, other_county_official, window):
    sub = _submit(enterprise_user, window)
    with pytest.raises(DomainError, match="所在县市区"):
        services.submission_accept(actor=other_county_official, submission=sub)


def test_return_needs_reason_and_enterprise_resubmits(enterprise_user, county_official, window):
    sub = _submit(enterprise_user, window)
    with pytest.raises(ValidationError):
        services.submission_return(actor=county_official, submission=sub, reason=" ")
    services.submission_return(actor=county_official, submission=sub, reason="研发人员数与社保人数不符")
    assert Submission.objects.get(pk=sub.pk).status == Submission.Status.RETURNED
    assert _submit(enterprise_user, window).status == Submission.Status.SUBMITTED


def test_reopen_after_close_only_by_county_and_recorded(enterprise_user, county_official, city_official, window):
    with pytest.raises(DomainError, match="县市区"):
        services.submission_reopen(actor=city_official, window=window, enterprise=enterprise_user.enterprise,
                                   until=dt.date(2026, 6, 10), reason="系统故障")
    services.submission_reopen(actor=county_official, window=window, enterprise=enterprise_user.enterprise,
                               until=dt.date(2026, 6, 10), reason="系统故障")
    sub = _submit(enterprise_user, window, today=CLOSED)
    assert sub.is_late and SubmissionEvent.objects.filter(submission=sub, action="reopen").exists()


def test_locked_period_refuses_changes(enterprise_user, county_official, city_official, window):
    sub = _submit(enterprise_user, window)
    services.period_lock(actor=city_official, window=window, region=Region.objects.get(code="430100"))
    with pytest.raises(DomainError, match="锁定"):
        services.submission_accept(actor=county_official, submission=sub)
    with pytest.raises(DomainError, match="锁定"):
        _submit(enterprise_user, window)


def test_lock_other_region_is_refused(county_official, window):
    with pytest.raises(DomainError, match="无权"):
        services.period_lock(actor=county_official, window=window, region=Region.objects.get(code="430602"))


def test_correction_approved_one_level_up_changes_register(enterprise_user, county_official, city_official,
                                                           other_city_official, window):
    sub = services.submission_accept(actor=county_official, submission=_submit(enterprise_user, window))
    services.period_lock(actor=county_official, window=window, region=Region.objects.get(code="430104"))
    request = services.correction_request(actor=county_official, submission=sub,
                                          values={**GOOD, "rd_expense": "60"}, reason="企业更正审计数")
    with pytest.raises(DomainError, match="上一级"):
        services.correction_decide(actor=county_official, correction=request, approve=True)
    with pytest.raises(DomainError, match="上一级"):
        services.correction_decide(actor=other_city_official, correction=request, approve=True)
    services.correction_decide(actor=city_official, correction=request, approve=True)
    assert EnterpriseYear.objects.get(enterprise=enterprise_user.enterprise, year=2025).rd_expense == Decimal(60)
    event = SubmissionEvent.objects.get(submission=sub, action="correct")
    assert event.before["rd_expense"] == "50" and event.actor == city_official
    assert CorrectionRequest.objects.get().status == CorrectionRequest.Status.APPROVED


def test_official_entry_is_marked(county_official, window):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    sub = _submit(county_official, window, enterprise=EnterpriseFactory(county_id="430104"))
    assert sub.is_entered_by_official


def test_parse_values_types_and_errors(window):
    fields = list(window.dataset.fields.all())
    assert services.parse_values(fields, {"operating_revenue": "1,000.5", "employees": ""})["operating_revenue"] == "1000.5"
    with pytest.raises(ValidationError) as exc:
        services.parse_values(fields, {"operating_revenue": "abc", "employees": "3.5", "has_rd_institution": "也许"})
    assert set(exc.value.message_dict) == {"operating_revenue", "employees", "has_rd_institution"}


def test_seeded_yearly_dataset_rules_are_valid_and_name_its_fields(db):
    from breakzero.reporting.models import DataSet
    from breakzero.reporting.selectors import as_check

    dataset = DataSet.objects.get(code="annual-innovation")
    codes = {f.code for f in dataset.fields.all()}
    rules = list(dataset.rules.all())
    assert len(rules) >= 10
    for rule in rules:
        as_check(rule)  # raises on an invalid stored rule
        assert {rule.field, rule.per_field or rule.field, rule.other_field or rule.field} <= codes


def test_two_first_submissions_at_once_end_as_one_report(enterprise_user, window, monkeypatch):
    """Two first submissions of one enterprise at the same moment (two of its users, a double click):
    the one that loses the insert goes on as an update of the other's row, not as a server error.
    The race is reproduced by letting the look-up miss the row another request has just stored."""
    draft = services.submission_save(actor=enterprise_user, window=window, enterprise=enterprise_user.enterprise,
                                     values={**GOOD, "employees": "70"}, today=IN_WINDOW)
    real = services._locked_submission
    calls = []

    def miss_once(w, e):
        calls.append(1)
        return None if len(calls) == 1 else real(w, e)

    monkeypatch.setattr(services, "_locked_submission", miss_once)
    sub = _submit(enterprise_user, window)
    assert len(calls) == 2
    assert sub.pk == draft.pk and Submission.objects.filter(window=window).count() == 1
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED and sub.values["employees"] == "80"
    assert SubmissionEvent.objects.filter(submission=sub, action="submit").count() == 1
