"""The application state machine: chain, deadlines, quotas, reasons, eligibility beside decisions, history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from breakzero.calls import services
from breakzero.calls.models import Application, State, Transition
from breakzero.calls.tests.factories import make_call, make_programme
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory

pytestmark = pytest.mark.django_db


def _applicant(rd="400", county="430104"):
    enterprise = EnterpriseFactory(county_id=county)
    EnterpriseYearFactory(enterprise=enterprise, year=timezone.localdate().year - 1, rd_expense=Decimal(rd))
    return enterprise


def _submitted(call, enterprise, user):
    application = services.application_create(call=call, enterprise=enterprise, actor=user,
                                              form_data={"summary": "智能装备"})
    return services.application_submit(application=application, actor=user)


@pytest.fixture
def applicant_user(enterprise_user):
    EnterpriseYearFactory(enterprise=enterprise_user.enterprise, year=timezone.localdate().year - 1,
                          rd_expense=Decimal("400"))
    return enterprise_user


def test_application_create_prefills_register_and_facts_and_evaluates(applicant_user):
    call = make_call()
    application = services.application_create(call=call, enterprise=applicant_user.enterprise, actor=applicant_user)
    assert application.form_data["name"] == applicant_user.enterprise.name
    assert application.prefilled["rd"] == "400.00" or application.prefilled["rd"].startswith("400")
    assert application.eligibility_passed is True
    assert application.eligibility["items"][0]["code"] == "rd"


def test_application_submit_missing_required_field_refused(applicant_user):
    call = make_call()
    application = services.application_create(call=call, enterprise=applicant_user.enterprise, actor=applicant_user)
    with pytest.raises(DomainError, match="项目简介"):
        services.application_submit(application=application, actor=applicant_user)


def test_full_chain_county_city_province_to_expert_review(applicant_user, county_official, city_official,
                                                           province_official):
    call = make_call()
    application = _submitted(call, applicant_user.enterprise, applicant_user)
    assert application.state == State.AT_COUNTY
    with pytest.raises(DomainError):  # the city cannot act before the county
        services.application_decide(application=application, actor=city_official, action="recommend")
    services.application_decide(application=application, actor=county_official, action="recommend", rank=1)
    services.application_decide(application=application, actor=city_official, action="recommend")
    application = services.application_decide(application=application, actor=province_official, action="recommend")
    assert application.state == State.EXPERT_REVIEW
    steps = list(Transition.objects.filter(application=application).values_list("action", "level", "to_state"))
    assert steps == [("submit", "enterprise", "at_county"), ("recommend", "county", "at_city"),
                     ("recommend", "city", "at_province"), ("recommend", "province", "expert_review")]
    assert Transition.objects.get(action="recommend", level="county").rank == 1


def test_chain_without_county_goes_to_city(applicant_user, city_official):
    call = make_call(programme=make_programme(name="跳过区县", review_chain=["city", "province"]))
    application = _submitted(call, applicant_user.enterprise, applicant_user)
    assert application.state == State.AT_CITY


def test_other_county_cannot_decide(applicant_user, other_county_official):
    call = make_call()
    application = _submitted(call, applicant_user.enterprise, applicant_user)
    with pytest.raises(DomainError, match="无权"):
        services.application_decide(application=application, actor=other_county_official, action="recommend")


def test_return_needs_reason_and_resubmit_goes_back_to_first_level(applicant_user, county_official):
    call = make_call()
    application = _submitted(call, applicant_user.enterprise, applicant_user)
    with pytest.raises(DomainError, match="理由"):
        services.application_decide(application=application, actor=county_official, action="return")
    application = services.application_decide(application=application, actor=county_official, action="return",
                                              reason="补充材料")
    assert application.state == State.RETURNED
    application = services.application_submit(application=application, actor=applicant_user)
    assert application.state == State.AT_COUNTY


def test_recommend_against_failed_eligibility_needs_reason(enterprise_user, county_official):
    EnterpriseYearFactory(enterprise=enterprise_user.enterprise, year=timezone.localdate().year - 1,
                          rd_expense=Decimal("299.99"))
    call = make_call()
    application = _submitted(call, enterprise_user.enterprise, enterprise_user)
    assert application.eligibility_passed is False
    with pytest.raises(DomainError, match="未通过平台条件核验"):
        services.application_decide(application=application, actor=county_official, action="recommend")
    services.application_decide(application=application, actor=county_official, action="recommend", reason="专利成果突出")
    step = Transition.objects.get(action="recommend")
    assert step.against_eligibility is True and step.eligibility_passed is False


def test_submit_after_enterprise_deadline_refused(applicant_user):
    today = timezone.localdate()
    call = make_call(opens_on=today - dt.timedelta(days=10), enterprise_deadline=today - dt.timedelta(days=1),
                     county_deadline=today + dt.timedelta(days=5), city_deadline=today + dt.timedelta(days=6))
    application = services.application_create(call=call, enterprise=applicant_user.enterprise, actor=applicant_user,
                                              form_data={"summary": "x"})
    with pytest.raises(DomainError, match="申报期"):
        services.application_submit(application=application, actor=applicant_user)


def test_county_recommend_after_county_deadline_refused(applicant_user, county_official):
    call = make_call()
    application = _submitted(call, applicant_user.enterprise, applicant_user)
    call.county_deadline = timezone.localdate() - dt.timedelta(days=1)
    call.save(update_fields=["county_deadline"])
    with pytest.raises(DomainError, match="截止"):
        services.application_decide(application=application, actor=county_official, action="recommend")


def test_county_quota_enforced(applicant_user, county_official, enterprise_user):
    call = make_call(quotas={"430104": 1})
    first = _submitted(call, applicant_user.enterprise, applicant_user)
    from conftest import make_user

    second_enterprise = _applicant()
    second_user = make_user("t-second", "enterprise", enterprise=second_enterprise)
    second = _submitted(call, second_enterprise, second_user)
    services.application_decide(application=first, actor=county_official, action="recommend")
    with pytest.raises(DomainError, match="名额"):
        services.application_decide(application=second, actor=county_official, action="recommend")
    services.application_decide(application=second, actor=county_official, action="refuse", reason="名额已满")


def test_withdraw_and_duplicate(applicant_user):
    call = make_call()
    application = _submitted(call, applicant_user.enterprise, applicant_user)
    with pytest.raises(DomainError, match="已在本批次"):
        services.application_create(call=call, enterprise=applicant_user.enterprise, actor=applicant_user)
    application = services.application_withdraw(application=application, actor=applicant_user)
    assert application.state == State.WITHDRAWN


def test_invite_creates_application_at_first_level_only_when_eligible(county_official):
    call = make_call(programme=make_programme(name="免申", allows_invitation=True))
    eligible, not_eligible = _applicant("500"), _applicant("10")
    application = services.application_invite(call=call, enterprise=eligible, actor=county_official)
    assert application.state == State.AT_COUNTY and application.is_invited
    with pytest.raises(DomainError, match="未通过"):
        services.application_invite(call=call, enterprise=not_eligible, actor=county_official)
    assert not Application.objects.filter(enterprise=not_eligible).exists()


def test_rank_only_own_level(applicant_user, county_official, other_county_official):
    call = make_call()
    application = _submitted(call, applicant_user.enterprise, applicant_user)
    assert services.applications_rank(call=call, actor=county_official, ordered_ids=[application.pk]) == 1
    with pytest.raises(DomainError):
        services.applications_rank(call=call, actor=other_county_official, ordered_ids=[application.pk])
