"""Bans of service bodies after a clawback (post-subsidies and 服务券 are paid to bodies, programme-rules-2.md
§6.4; clawback and ban length are per-fund settings, §6.1): the amount to recover is recorded, the body gets
no new post-subsidy project and redeems no voucher of the fund during the ban (both edge dates included),
and the ban shows on the credit page and the body's support view."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import services
from breakzero.funds.models import Ban, Clawback, FundProject, SupportMode, Voucher
from breakzero.funds.tests.factories import finance, fund_with_budget
from breakzero.service_bodies.models import EvaluationResult, EvaluationScheme, ServiceBodyMember
from breakzero.service_bodies.services.evaluation import subsidy_plan_approve, subsidy_plan_create
from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceRecordFactory
from conftest import make_user

pytestmark = pytest.mark.django_db
START, END = dt.date(2027, 3, 1), dt.date(2030, 2, 28)  # a 3-year ban decided on 2027-03-01


def _banned_body(province_official):
    """A body paid a post-subsidy of 10万 and found to have misused it on 2027-03-01."""
    fund, _, _ = fund_with_budget(province_official)
    body = ServiceBodyFactory(name="长沙示范服务中心", region_id="430104", city_id="430100")
    member = make_user("t-body-member", "service_body")
    ServiceBodyMember.objects.create(user=member, body=body)
    project = services.project_create(fund=fund, year=2026, service_body=body, support_mode=SupportMode.POST_SUBSIDY,
                                      name="2026年度后补助", approved_amount="100000", approved_on=dt.date(2026, 3, 1))
    services.payment_record(actor=finance(), project=project, amount="100000", budget_document="湘财企指〔2026〕3号",
                            paid_on=dt.date(2026, 4, 1), payee_account="4300000000001234")
    clawback = services.clawback_record(actor=province_official, project=project, reason="misuse",
                                        amount_to_recover="60000", decided_on=START)
    return fund, body, member, clawback


def _voucher(province_official, fund, body, served_on):
    enterprise = EnterpriseFactory(county_id="430104")
    voucher = services.voucher_issue(actor=province_official, fund=fund, year=2026, enterprise=enterprise,
                                     face_value="20000", issued_on=dt.date(2026, 1, 1), expires_on=dt.date(2031, 12, 31))
    return voucher, ServiceRecordFactory(body=body, enterprise=enterprise, served_on=served_on)


def test_body_clawback_records_the_amount_and_bans_the_body_for_the_configured_years(province_official):
    fund, body, _, clawback = _banned_body(province_official)
    ban = Ban.objects.get(clawback=clawback)
    assert (ban.service_body, ban.enterprise, ban.starts_on, ban.ends_on) == (body, None, START, END)
    assert clawback.amount_to_recover == Decimal("60000.00") and "挪用" in ban.reason
    assert FundProject.objects.get(service_body=body).status == FundProject.Status.RECOVERED
    assert ban.in_force_on(START) and ban.in_force_on(END) and not ban.in_force_on(END + dt.timedelta(days=1))


@pytest.mark.parametrize(("on", "refused"), [
    (START - dt.timedelta(days=1), False), (START, True), (END, True), (END + dt.timedelta(days=1), False),
])
def test_voucher_redemption_refused_on_the_bans_edge_dates(province_official, on, refused):
    fund, body, member, _ = _banned_body(province_official)
    voucher, record = _voucher(province_official, fund, body, served_on=dt.date(2026, 5, 1))
    if refused:
        with pytest.raises(DomainError, match=f"禁止期 {START} 至 {END}，禁止期内不能兑付本专项资金的服务券"):
            services.voucher_redeem(actor=member, voucher=voucher, service_record=record, on=on)
        assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.ISSUED
    else:
        assert services.voucher_redeem(actor=member, voucher=voucher, service_record=record, on=on).status == "redeemed"


def test_voucher_for_a_service_given_during_the_ban_refused_after_it(province_official):
    fund, body, member, _ = _banned_body(province_official)
    voucher, record = _voucher(province_official, fund, body, served_on=END)
    with pytest.raises(DomainError, match="长沙示范服务中心因“挪用"):
        services.voucher_redeem(actor=member, voucher=voucher, service_record=record, on=END + dt.timedelta(days=30))


@pytest.mark.parametrize(("approved_on", "refused"), [
    (START - dt.timedelta(days=1), False), (START, True), (END, True), (END + dt.timedelta(days=1), False),
])
def test_new_post_subsidy_project_refused_on_the_bans_edge_dates(province_official, approved_on, refused):
    fund, body, _, _ = _banned_body(province_official)

    def create():
        return services.project_create(fund=fund, year=approved_on.year, service_body=body, name="新一年度后补助",
                                       support_mode=SupportMode.POST_SUBSIDY, approved_amount="50000",
                                       approved_on=approved_on)
    if refused:
        with pytest.raises(DomainError, match="禁止期内不能获得新的后补助或服务券资金项目"):
            create()
    else:
        assert create().service_body == body


def test_post_subsidy_plan_skips_the_banned_body_and_says_why(province_official):
    today = dt.date.today()
    fund, _, _ = fund_with_budget(province_official)
    scheme = EvaluationScheme.objects.create(name="本年度评价", year=today.year)
    banned, other = ServiceBodyFactory(name="被禁止的服务机构"), ServiceBodyFactory(name="正常服务机构")
    EvaluationResult.objects.create(scheme=scheme, body=banned, score=Decimal("90"), rank=1)
    EvaluationResult.objects.create(scheme=scheme, body=other, score=Decimal("60"), rank=2)
    Ban.objects.create(fund=fund, service_body=banned, starts_on=today, ends_on=today + dt.timedelta(days=365),
                       reason="弄虚作假（上年度后补助）")
    plan = subsidy_plan_approve(plan=subsidy_plan_create(scheme=scheme, user=province_official, budget=Decimal("100.00"),
                                                         threshold=Decimal("0"), cap=None), user=province_official)
    refusals = services.subsidy_plan_refusals(plan=plan, fund=fund)
    assert list(refusals) == [banned.pk] and "方案金额 60.00 万元未转入" in refusals[banned.pk]
    projects = services.project_from_subsidy_plan(actor=province_official, plan=plan, fund=fund)
    assert [p.service_body for p in projects] == [other]
    assert not FundProject.objects.filter(service_body=banned).exists()


def test_post_subsidy_plan_of_banned_bodies_only_is_refused_on_the_page(province_official, client_for):
    today = dt.date.today()
    fund, _, _ = fund_with_budget(province_official)
    scheme = EvaluationScheme.objects.create(name="本年度评价", year=today.year)
    banned = ServiceBodyFactory(name="被禁止的服务机构")
    EvaluationResult.objects.create(scheme=scheme, body=banned, score=Decimal("90"), rank=1)
    Ban.objects.create(fund=fund, service_body=banned, starts_on=today - dt.timedelta(days=400), ends_on=today,
                       reason="挪用、截留资金")
    plan = subsidy_plan_approve(plan=subsidy_plan_create(scheme=scheme, user=province_official, budget=Decimal("100.00"),
                                                         threshold=Decimal("0"), cap=None), user=province_official)
    page = client_for(province_official).post(fund.get_absolute_url(), {"action": "subsidy_plan", "plan": plan.pk},
                                              follow=True).content.decode()
    assert "禁止期内不能获得后补助资金项目（方案金额 100.00 万元未转入）" in page and "被禁止的服务机构" in page
    assert not FundProject.objects.exists()


def test_ban_shows_on_the_credit_page_and_the_bodys_support_view(province_official, client_for):
    _, body, member, _ = _banned_body(province_official)
    credit = client_for(province_official).get(reverse("funds:credit-list")).content.decode()
    assert "长沙示范服务中心" in credit and f"{START} 至 {END}" in credit and "6.00" in credit
    support = client_for(member).get(reverse("funds:support", args=["body", body.pk])).content.decode()
    assert 'id="bans"' in support and "不得兑付服务券" in support and f"{START} 至 {END}" in support
    other_city = make_user("t-city-430600", "city_official", "430600")
    assert "长沙示范服务中心" not in client_for(other_city).get(reverse("funds:credit-list")).content.decode()
    own_city = make_user("t-city-430100", "city_official", "430100")
    assert "长沙示范服务中心" in client_for(own_city).get(reverse("funds:credit-list")).content.decode()


def test_bans_export_amounts_numeric(province_official, client_for):
    import io

    from python_calamine import CalamineWorkbook

    _banned_body(province_official)
    response = client_for(province_official).get(reverse("funds:credit-list"), {"format": "xlsx", "list": "bans"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "长沙示范服务中心" and rows[1][1] == "服务机构" and rows[1][6] == 60000.0
    assert Clawback.objects.count() == 1
