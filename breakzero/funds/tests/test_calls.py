"""The fund call on the engine: eligibility from the platform (bans, support history, other funds),
city opinions, and publication creating the fund project with its targets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from breakzero.accounts.models import User
from breakzero.calls import services as calls
from breakzero.calls.models import Application, Programme, State
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import services
from breakzero.funds.models import FundProject
from breakzero.funds.programme_types import FUND_CALL
from breakzero.funds.services.projects import project_from_application
from breakzero.funds.tests.factories import finance, fund_with_budget

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _fund_call(actor, budget, category, *, year, number="湘工信财务〔2026〕1号", programme=None):
    programme = programme or calls.programme_create(name="省中小企业发展专项资金", owner_department="财务处",
                                                    programme_type=FUND_CALL, grants=Programme.Grant.FUNDS)
    call = calls.call_create(programme=programme, actor=actor, document_number=number, title=f"{year}年度专项资金申报",
                             year=year, opens_on=TODAY - dt.timedelta(days=3), enterprise_deadline=TODAY + dt.timedelta(days=5))
    services.fund_call_link(actor=actor, call=call, budget=budget, category=category)
    return call


def _items(application):
    return {i["code"]: i for i in application.eligibility["items"]}


def _enterprise():
    return EnterpriseFactory(county_id="430104", founded_on=dt.date(2015, 1, 1))


FORM = {"legal_person": True, "finance": True, "in_scope": True, "project_name": "智能产线", "amount_requested": "300000",
        "targets": "新增产值|万元|500|2027-12-31\n研发投入|万元|80|2027-12-31"}


def test_banned_enterprise_is_refused_by_the_next_calls_eligibility(province_official):
    fund, budget, category = fund_with_budget(province_official, year=TODAY.year)
    enterprise = _enterprise()
    project = services.project_create(fund=fund, year=TODAY.year - 1, enterprise=enterprise, name="旧项目",
                                      approved_amount="100000", approved_on=TODAY - dt.timedelta(days=200))
    services.payment_record(actor=finance(), project=project, amount="100000", budget_document="x",
                            paid_on=TODAY - dt.timedelta(days=100), payee_account="6222000011112345")
    call = _fund_call(province_official, budget, category, year=TODAY.year)
    before = calls.application_create(call=call, enterprise=enterprise, actor=None, form_data=FORM)
    assert _items(before)["ban"]["status"] == "met"
    services.clawback_record(actor=province_official, project=project, reason="misuse", amount_to_recover="100000",
                             decided_on=TODAY - dt.timedelta(days=1))
    calls.application_update(application=before, actor=None, form_data={})
    before.refresh_from_db()
    assert before.eligibility_passed is False and _items(before)["ban"]["status"] == "unmet"
    assert "禁止申报期" in _items(before)["ban"]["reason"]


def test_support_in_both_previous_years_and_other_fund_application_exclude(province_official):
    fund, budget, category = fund_with_budget(province_official, year=TODAY.year)
    enterprise = _enterprise()
    for year in (TODAY.year - 2, TODAY.year - 1):
        services.project_create(fund=fund, year=year, enterprise=enterprise, name=f"{year}项目", approved_amount="1",
                                approved_on=dt.date(year, 6, 1), category=category)  # kind 转型升级类
    other = calls.programme_create(name="制造强省专项资金", owner_department="规划处", programme_type=FUND_CALL,
                                   grants=Programme.Grant.FUNDS)
    other_call = _fund_call(province_official, budget, category, year=TODAY.year, number="湘工信规划〔2026〕9号", programme=other)
    other_application = calls.application_create(call=other_call, enterprise=enterprise, actor=None, form_data=FORM)
    Application.objects.filter(pk=other_application.pk).update(state=State.AT_CITY)
    call = _fund_call(province_official, budget, category, year=TODAY.year)
    application = calls.application_create(call=call, enterprise=enterprise, actor=None, form_data=FORM)
    items = _items(application)
    assert items["x2.both_years"]["status"] == "unmet" and items["x1.other_fund"]["status"] == "unmet"
    assert items["x3.transformation"]["status"] == "unmet"  # 转型升级类 of this fund last year
    assert application.eligibility_passed is False


def test_clean_applicant_passes_with_declared_facts(province_official):
    _, budget, category = fund_with_budget(province_official, year=TODAY.year)
    call = _fund_call(province_official, budget, category, year=TODAY.year)
    application = calls.application_create(call=call, enterprise=_enterprise(), actor=None, form_data=FORM)
    unmet = [i for i in application.eligibility["items"] if i["status"] != "met"]
    assert unmet == [] or all(i["code"] == "x4.bad_record" for i in unmet), unmet


def test_publication_creates_project_with_targets_within_category_budget(province_official):
    _, budget, category = fund_with_budget(province_official, year=TODAY.year)
    call = _fund_call(province_official, budget, category, year=TODAY.year)
    application = calls.application_create(call=call, enterprise=_enterprise(), actor=None, form_data=FORM)
    call.published_on, call.published_document_number = TODAY, "湘工信财务〔2026〕88号"
    application.call = call
    project = project_from_application(application)
    assert project.approved_amount == Decimal("300000.00") and project.city_id == "430100"
    assert [(t.indicator, t.target_value) for t in project.targets.all()] == [("新增产值", 500), ("研发投入", 80)]
    assert project_from_application(application) == project  # idempotent
    application2 = calls.application_create(call=call, enterprise=_enterprise(), actor=None,
                                            form_data={**FORM, "amount_requested": "2700000.01"})
    with pytest.raises(DomainError, match="超过类别预算"):
        project_from_application(application2)
    assert FundProject.objects.count() == 1


def test_city_opinions_by_industry_and_finance_of_the_applicants_city(province_official, city_official,
                                                                         other_city_official):
    _, budget, category = fund_with_budget(province_official, year=TODAY.year)
    call = _fund_call(province_official, budget, category, year=TODAY.year)
    application = calls.application_create(call=call, enterprise=_enterprise(), actor=None, form_data=FORM)
    with pytest.raises(DomainError, match="审核环节"):  # a draft is not before the city yet
        services.city_opinion_give(actor=finance("t-fin-cs", "430100"), application=application, agrees=True, opinion="x")
    Application.objects.filter(pk=application.pk).update(state=State.AT_CITY)
    application.refresh_from_db()
    assert services.city_opinion_give(actor=city_official, application=application, agrees=True, opinion="同意").department == "industry"
    assert services.city_opinion_give(actor=User.objects.get(username="t-fin-cs"), application=application, agrees=True,
                                      opinion="资金使用合规").department == "finance"
    with pytest.raises(DomainError):
        services.city_opinion_give(actor=other_city_official, application=application, agrees=True, opinion="x")


def test_2022_call_uses_its_own_rules_and_later_years_carry_them_forward(province_official):
    _, budget, category = fund_with_budget(province_official, year=TODAY.year)
    enterprise = EnterpriseFactory(county_id="430104", founded_on=dt.date(2020, 11, 1))  # after the 2020-10-31 cutoff
    call_2022 = _fund_call(province_official, budget, category, year=2022, number="湘工信财务〔2021〕509号")
    application = calls.application_create(call=call_2022, enterprise=enterprise, actor=None, form_data=FORM)
    assert _items(application)["established"]["status"] == "unmet"
    assert not any("顺延" in n for n in application.eligibility.get("notes", []))
    call_now = _fund_call(province_official, budget, category, year=TODAY.year, programme=call_2022.programme)
    later = calls.application_create(call=call_now, enterprise=enterprise, actor=None, form_data=FORM)
    assert _items(later)["established"]["status"] == "met"  # founded long before the carried-forward cutoff
