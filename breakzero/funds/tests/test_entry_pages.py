"""Data entry the call check and the allocation depend on: credit records (exclusion 4), managing measures,
budget changes, region performance scores (allocation factor), targets on projects not created by a call;
allocation lines in the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from breakzero.audit.models import AuditEntry
from breakzero.calls import services as calls
from breakzero.calls.models import Programme
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.funds import services
from breakzero.funds.models import CreditRecord, FundPeriod, PerformanceTarget, RegionScore
from breakzero.funds.programme_types import FUND_CALL
from breakzero.funds.tests.factories import finance, fund_with_budget, project
from breakzero.regions.models import Region

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_credit_record_entered_on_the_page_excludes_at_the_next_check(client_for, province_official):
    _, budget, category = fund_with_budget(province_official, year=TODAY.year)
    enterprise = EnterpriseFactory(county_id="430104", founded_on=dt.date(2015, 1, 1))
    client = client_for(province_official)
    url = reverse("funds:credit-list")
    refused = client.post(url, {"action": "add", "enterprise": "不存在的企业", "kind": "blacklist",
                                "listed_on": "2026-01-01", "source": "信用湖南"}, follow=True).content.decode()
    assert "未找到该企业" in refused and 'value="不存在的企业"' in refused and not CreditRecord.objects.exists()
    client.post(url, {"action": "add", "enterprise": enterprise.uscc, "kind": "blacklist",
                      "listed_on": f"{TODAY - dt.timedelta(days=30):%Y-%m-%d}", "source": "信用湖南公示"})
    record = CreditRecord.objects.get(enterprise=enterprise)
    assert enterprise.name in client.get(url).content.decode()
    programme = calls.programme_create(name="省中小企业发展专项资金", owner_department="财务处",
                                       programme_type=FUND_CALL, grants=Programme.Grant.FUNDS)
    call = calls.call_create(programme=programme, actor=province_official, document_number="湘工信财务〔2026〕1号",
                             title="专项资金申报", year=TODAY.year, opens_on=TODAY - dt.timedelta(days=3),
                             enterprise_deadline=TODAY + dt.timedelta(days=5))
    services.fund_call_link(actor=province_official, call=call, budget=budget, category=category)
    application = calls.application_create(call=call, enterprise=enterprise, actor=None, form_data={})
    items = {i["code"]: i for i in application.eligibility["items"]}
    assert application.eligibility_passed is False and items["x4.blacklist"]["status"] == "unmet"
    client.post(url, {"action": "remove", "record": record.pk, "removed_on": f"{TODAY - dt.timedelta(days=1):%Y-%m-%d}"})
    calls.application_update(application=application, actor=None, form_data={})
    application.refresh_from_db()
    assert {i["code"]: i for i in application.eligibility["items"]}["x4.blacklist"]["status"] == "met"


def test_credit_records_are_kept_by_the_province_and_read_by_their_own_region(client_for, city_official, province_official):
    from conftest import make_user

    enterprise = EnterpriseFactory(county_id="430104", name="长沙失信样本有限公司")
    services.credit_record_add(actor=province_official, enterprise=enterprise, kind="blacklist",
                               listed_on=dt.date(2026, 1, 1), source="信用湖南")
    url = reverse("funds:credit-list")
    own = client_for(city_official).get(url).content.decode()
    assert enterprise.name in own and 'id="credit-add"' not in own  # read-only for the city
    other_city = make_user("t-city-430600", "city_official", "430600")
    assert enterprise.name not in client_for(other_city).get(url).content.decode()
    client_for(city_official).post(url, {"action": "add", "enterprise": enterprise.uscc, "kind": "bad_record",
                                         "listed_on": "2026-02-01", "source": "x"})
    assert CreditRecord.objects.count() == 1
    with pytest.raises(DomainError):
        services.credit_record_add(actor=finance("t-fin-cs", "430100"), enterprise=enterprise, kind="blacklist",
                                   listed_on=dt.date(2026, 1, 1), source="x")
    with pytest.raises(DomainError, match="来源"):
        services.credit_record_add(actor=province_official, enterprise=enterprise, kind="blacklist",
                                   listed_on=dt.date(2026, 1, 1), source=" ")


def test_managing_measures_and_budget_change_on_the_pages(client_for, province_official, city_official):
    fund, budget, _ = fund_with_budget(province_official)
    client = client_for(province_official)
    client.post(fund.get_absolute_url(), {"action": "period", "document_number": "湘财企〔2020〕14号",
                                          "title": "湖南省中小企业发展专项资金管理办法", "first_year": "2020",
                                          "last_year": "2023"})
    assert FundPeriod.objects.filter(fund=fund, document_number="湘财企〔2020〕14号", last_year=2023).exists()
    bad = client.post(fund.get_absolute_url(), {"action": "period", "document_number": "x", "title": "x",
                                                "first_year": "20"}, follow=True).content.decode()
    assert "四位数字" in bad
    client.post(budget.get_absolute_url(), {"action": "update", "total": "12000000.00", "province_kept": "5000000.00"})
    budget.refresh_from_db()
    assert (budget.total, budget.allocated_down) == (Decimal("12000000.00"), Decimal("7000000.00"))
    entry = AuditEntry.objects.filter(object_type="funds.budget", action="update").latest("pk")
    assert entry.changes["allocated_down"] == ["6000000.00", "7000000.00"]
    client_for(city_official).post(budget.get_absolute_url(), {"action": "update", "total": "1.00", "province_kept": "0"})
    budget.refresh_from_db()
    assert budget.total == Decimal("12000000.00")


def test_region_scores_entered_on_the_budget_page_drive_the_performance_factor(client_for, province_official):
    _, budget, _ = fund_with_budget(province_official)
    client = client_for(province_official)
    for code, score in (("430100", "90"), ("430600", "30")):
        client.post(budget.get_absolute_url(), {"action": "score", "region": code, "score": score})
    assert RegionScore.objects.get(region_id="430100").year == budget.year - 1
    page = client.post(budget.get_absolute_url(), {"action": "score", "region": "999999", "score": "1"},
                       follow=True).content.decode()
    assert "未知的市州或区县代码" in page
    with pytest.raises(DomainError, match="有效数字"):
        services.region_score_set(actor=province_official, fund=budget.fund, year=2025, region_id="430100", score="九十")
    allocation = services.allocation_simulate(actor=province_official, budget=budget,
                                              parent=Region.objects.get(code="430000"), weights={"performance": "1"})
    amounts = dict(allocation.lines.values_list("region_id", "amount"))
    assert amounts["430100"] == Decimal("4500000.00") and amounts["430600"] == Decimal("1500000.00")
    # every allocated amount is in the audit trail (lines are saved one by one, not bulk-created)
    audited = AuditEntry.objects.filter(object_type="funds.allocationline", action="create")
    assert audited.count() == allocation.lines.count()
    assert any(e.changes.get("amount") == [None, "4500000.00"] for e in audited)


def test_targets_set_on_a_project_until_payment_starts(client_for, province_official):
    p = project(province_official, enterprise=EnterpriseFactory(county_id="430104"))
    client = client_for(province_official)
    form = {"action": "target", "indicator": "服务企业数", "unit": "家", "target_value": "120", "deadline": "2027-06-30"}
    client.post(p.get_absolute_url(), form)
    assert list(PerformanceTarget.objects.values_list("indicator", "target_value")) == [("服务企业数", Decimal("120"))]
    bad = client.post(p.get_absolute_url(), {**form, "target_value": "一百"}, follow=True).content.decode()
    assert "不是有效数字" in bad and PerformanceTarget.objects.count() == 1
    services.payment_record(actor=finance(), project=p, amount="1.00", budget_document="x", paid_on=dt.date(2026, 7, 1),
                            payee_account="6222000011112345")
    assert 'id="target-add"' not in client.get(p.get_absolute_url()).content.decode()
    with pytest.raises(DomainError, match="开始拨付"):
        services.target_add(actor=province_official, project=p, indicator="x", unit="个", target_value="1",
                            deadline=dt.date(2027, 1, 1))


def test_province_links_a_fund_call_to_the_budget_on_the_page(client_for, province_official, city_official):
    _, budget, category = fund_with_budget(province_official, year=TODAY.year)
    programme = calls.programme_create(name="省中小企业发展专项资金", owner_department="财务处",
                                       programme_type=FUND_CALL, grants=Programme.Grant.FUNDS)
    call = calls.call_create(programme=programme, actor=province_official, document_number="湘工信财务〔2026〕2号",
                             title="专项资金申报", year=TODAY.year, opens_on=TODAY - dt.timedelta(days=3),
                             enterprise_deadline=TODAY + dt.timedelta(days=5))
    client_for(city_official).post(budget.get_absolute_url(), {"action": "link_call", "call": call.pk,
                                                               "category": category.pk})
    assert not budget.calls.exists()
    client = client_for(province_official)
    assert 'id="link-call"' in client.get(budget.get_absolute_url()).content.decode()
    client.post(budget.get_absolute_url(), {"action": "link_call", "call": call.pk, "category": category.pk})
    assert budget.calls.get().call == call
    page = client.get(budget.get_absolute_url()).content.decode()
    assert "湘工信财务〔2026〕2号" in page and 'id="link-call"' not in page
    late = calls.call_create(programme=programme, actor=province_official, document_number="湘工信财务〔2026〕3号",
                             title="专项资金申报（二批）", year=TODAY.year, opens_on=TODAY - dt.timedelta(days=3),
                             enterprise_deadline=TODAY + dt.timedelta(days=5))
    calls.application_create(call=late, enterprise=EnterpriseFactory(county_id="430104"), actor=None, form_data={})
    with pytest.raises(DomainError, match="受理申报前"):
        services.fund_call_link(actor=province_official, call=late, budget=budget, category=category)


def test_allocation_page_names_the_factors_in_chinese(client_for, province_official):
    _, budget, _ = fund_with_budget(province_official)
    services.region_score_set(actor=province_official, fund=budget.fund, year=budget.year - 1, region_id="430100",
                              score="80")
    allocation = services.allocation_simulate(actor=province_official, budget=budget,
                                              parent=Region.objects.get(code="430000"), weights={"performance": "1"})
    page = client_for(province_official).get(allocation.get_absolute_url()).content.decode()
    assert "上年绩效评价得分 80" in page and "performance=" not in page
