"""The service system's money: approved post-subsidy plans become fund projects; service vouchers are
redeemed at a body for a recorded service and paid to the body; both show in the support view."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import selectors, services
from breakzero.funds.models import FundProject
from breakzero.funds.tests.factories import finance, fund_with_budget
from breakzero.service_bodies.models import EvaluationResult, EvaluationScheme, ServiceBodyMember, SubsidyPlan
from breakzero.service_bodies.services.evaluation import subsidy_plan_approve, subsidy_plan_create
from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceRecordFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


def test_approved_post_subsidy_plan_becomes_projects_in_yuan(province_official):
    fund, _, _ = fund_with_budget(province_official)
    scheme = EvaluationScheme.objects.create(name="2026年度评价", year=2026)
    a, b = ServiceBodyFactory(), ServiceBodyFactory()
    EvaluationResult.objects.create(scheme=scheme, body=a, score=Decimal("90"), rank=1)
    EvaluationResult.objects.create(scheme=scheme, body=b, score=Decimal("60"), rank=2)
    plan = subsidy_plan_create(scheme=scheme, user=province_official, budget=Decimal("100.00"), threshold=Decimal("0"), cap=None)
    with pytest.raises(DomainError, match="尚未批准"):
        services.project_from_subsidy_plan(actor=province_official, plan=plan, fund=fund)
    plan = subsidy_plan_approve(plan=plan, user=province_official)
    projects = services.project_from_subsidy_plan(actor=province_official, plan=plan, fund=fund)
    assert sorted(p.approved_amount for p in projects) == [Decimal("400000.00"), Decimal("600000.00")]
    assert services.project_from_subsidy_plan(actor=province_official, plan=SubsidyPlan.objects.get(pk=plan.pk), fund=fund) == projects
    services.payment_record(actor=finance(), project=projects[0], amount="100000", budget_document="湘财企指〔2026〕3号",
                            paid_on=dt.date(2026, 9, 1), payee_account="4300000000001234")
    rows = selectors.support_of(user=province_official, service_body_id=projects[0].service_body_id)
    assert [(r.kind, r.paid) for r in rows] == [("后补助", Decimal("100000.00"))]


def test_voucher_issued_redeemed_at_body_and_paid_to_body(province_official):
    fund, _, _ = fund_with_budget(province_official)
    enterprise = EnterpriseFactory(county_id="430104")
    voucher = services.voucher_issue(actor=province_official, fund=fund, year=2026, enterprise=enterprise,
                                     face_value="20000", issued_on=dt.date(2026, 3, 1), expires_on=dt.date(2026, 12, 31))
    body = ServiceBodyFactory()
    member = make_user("t-body", "service_body")
    ServiceBodyMember.objects.create(user=member, body=body)
    stranger = make_user("t-body-2", "service_body")
    record = ServiceRecordFactory(body=body, enterprise=enterprise, served_on=dt.date(2026, 5, 1))
    with pytest.raises(DomainError, match="提供服务的机构"):
        services.voucher_redeem(actor=stranger, voucher=voucher, service_record=record)
    late = ServiceRecordFactory(body=body, enterprise=enterprise, served_on=dt.date(2027, 1, 2))
    with pytest.raises(DomainError, match="有效期"):
        services.voucher_redeem(actor=member, voucher=voucher, service_record=late)
    voucher = services.voucher_redeem(actor=member, voucher=voucher, service_record=record)
    project = FundProject.objects.get(voucher=voucher)
    assert (project.service_body, project.approved_amount, project.support_mode) == (body, Decimal("20000.00"), "voucher")
    with pytest.raises(DomainError, match="已兑付"):
        services.voucher_redeem(actor=member, voucher=voucher, service_record=record)
    services.payment_record(actor=finance(), project=project, amount="20000", budget_document="x",
                            paid_on=dt.date(2026, 6, 1), payee_account="4300000000001234")
    kinds = [r.kind for r in selectors.support_of(user=province_official, enterprise_id=enterprise.pk)]
    assert kinds == ["服务券（企业受益）"]
