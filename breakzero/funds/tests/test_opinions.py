"""The city-level review chain of a fund call: the 工信 decision comes from the engine's move (on_move
hook), the 财政 opinion is recorded by city finance beside it, and the province reads both."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.calls import services as calls
from breakzero.calls.models import Application, Programme
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import services
from breakzero.funds.models import CityOpinion
from breakzero.funds.programme_types import FUND_CALL
from breakzero.funds.tests.factories import finance, fund_with_budget

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
FORM = {"legal_person": True, "finance": True, "in_scope": True, "project_name": "智能产线", "amount_requested": "300000",
        "targets": "新增产值|万元|500|2027-12-31"}


@pytest.fixture
def at_city(province_official, county_official):
    _, budget, category = fund_with_budget(province_official, year=TODAY.year)
    programme = calls.programme_create(name="省中小企业发展专项资金", owner_department="财务处", programme_type=FUND_CALL,
                                       grants=Programme.Grant.FUNDS)
    call = calls.call_create(programme=programme, actor=province_official, document_number="湘工信财务〔2026〕1号",
                             title="专项资金申报", year=TODAY.year, opens_on=TODAY - dt.timedelta(days=3),
                             enterprise_deadline=TODAY + dt.timedelta(days=5))
    services.fund_call_link(actor=province_official, call=call, budget=budget, category=category)
    enterprise = EnterpriseFactory(county_id="430104", founded_on=dt.date(2015, 1, 1))
    application = calls.application_create(call=call, enterprise=enterprise, actor=None, form_data=FORM)
    Application.objects.filter(pk=application.pk).update(state="at_city")
    application.refresh_from_db()
    return application


def _finance_agrees(application, agrees=True, opinion="资金安排合规"):
    from breakzero.accounts.models import User

    actor = User.objects.filter(username="t-fin-cs").first() or finance("t-fin-cs", "430100")
    return services.city_opinion_give(actor=actor, application=application, agrees=agrees, opinion=opinion)


def test_city_recommendation_records_industry_opinion_through_the_hook(at_city, city_official):
    _finance_agrees(at_city)
    calls.application_decide(application=at_city, actor=city_official, action="recommend", reason="项目成熟，同意推荐")
    opinion = CityOpinion.objects.get(application=at_city, department="industry")
    assert (opinion.department, opinion.agrees, opinion.opinion, opinion.given_by) == (
        "industry", True, "项目成熟，同意推荐", city_official)


def test_city_refusal_is_a_disagreeing_industry_opinion(at_city, city_official):
    calls.application_decide(application=at_city, actor=city_official, action="refuse", reason="材料不全")
    assert CityOpinion.objects.get(application=at_city).agrees is False


def test_city_cannot_recommend_without_city_finance_agreeing(at_city, city_official):
    with pytest.raises(DomainError, match="联合"):
        calls.application_decide(application=at_city, actor=city_official, action="recommend", reason="同意")
    _finance_agrees(at_city, agrees=False, opinion="资金来源不明")
    with pytest.raises(DomainError, match="不同意推荐"):
        calls.application_decide(application=at_city, actor=city_official, action="recommend", reason="同意")
    at_city.refresh_from_db()
    assert at_city.state == "at_city" and not CityOpinion.objects.filter(department="industry").exists()
    # refusing needs no finance agreement
    calls.application_decide(application=at_city, actor=city_official, action="refuse", reason="财政不同意")
    at_city.refresh_from_db()
    assert at_city.state == "refused"


def test_finance_opinion_is_fixed_once_the_city_has_decided(at_city, city_official):
    _finance_agrees(at_city)
    calls.application_decide(application=at_city, actor=city_official, action="recommend", reason="同意")
    at_city.refresh_from_db()
    with pytest.raises(DomainError, match="不能再填写或修改"):
        _finance_agrees(at_city, agrees=False, opinion="改变主意")
    assert CityOpinion.objects.get(department="finance").agrees is True


def test_province_move_records_no_city_opinion(at_city, province_official, city_official):
    _finance_agrees(at_city)
    calls.application_decide(application=at_city, actor=city_official, action="recommend", reason="同意")
    at_city.refresh_from_db()
    calls.application_decide(application=at_city, actor=province_official, action="recommend", reason="同意")
    assert sorted(CityOpinion.objects.values_list("department", flat=True)) == ["finance", "industry"]


def test_province_reads_both_opinions_on_the_application_page(client_for, at_city, city_official, province_official):
    _finance_agrees(at_city)
    calls.application_decide(application=at_city, actor=city_official, action="recommend", reason="工信同意")
    page = client_for(province_official).get(at_city.get_absolute_url()).content.decode()
    assert 'id="fund-opinions"' in page and "工信同意" in page and "资金安排合规" in page


def test_applicant_does_not_see_the_opinions_panel(client_for, at_city, city_official):
    from conftest import make_user

    _finance_agrees(at_city)
    calls.application_decide(application=at_city, actor=city_official, action="recommend", reason="工信同意")
    owner = make_user("t-owner", "enterprise", enterprise=at_city.enterprise)
    page = client_for(owner).get(at_city.get_absolute_url())
    assert page.status_code == 200 and 'id="fund-opinions"' not in page.content.decode()


def test_city_finance_finds_pending_applications_and_gives_opinion(client_for, at_city):
    client = client_for(finance("t-fin-cs", "430100"))
    listing = client.get(reverse("funds:opinion-list") + "?pending=1").content.decode()
    assert reverse("funds:opinions", args=[at_city.pk]) in listing
    client.post(reverse("funds:opinion-give", args=[at_city.pk]), {"agrees": "1", "opinion": "同意安排资金"})
    assert CityOpinion.objects.get(application=at_city, department="finance").given_by.username == "t-fin-cs"
    assert reverse("funds:opinions", args=[at_city.pk]) not in client.get(reverse("funds:opinion-list") + "?pending=1").content.decode()
    export = client.get(reverse("funds:opinion-list") + "?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_other_city_finance_does_not_see_the_application(client_for, at_city):
    client = client_for(finance("t-fin-yy", "430600"))
    assert reverse("funds:opinions", args=[at_city.pk]) not in client.get(reverse("funds:opinion-list")).content.decode()
    assert client.get(reverse("funds:opinions", args=[at_city.pk])).status_code == 404
