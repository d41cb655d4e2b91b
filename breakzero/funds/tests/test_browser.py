"""Browser test: a fund year end to end — budget entered, allocation simulated and approved, a blacklisting
recorded, a fund call run on the engine with one excluded applicant, the city's joint review (财政 opinion
before the 工信 recommendation), the project approved with targets,
two tranches paid by finance, acceptance, the self-evaluation report (page, xlsx and PDF), and one clawback
with its ban (shown on the credit page)."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.accounts.models import Role
from breakzero.calls import services as calls
from breakzero.calls.models import Application, Call, Programme
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from breakzero.funds import services
from breakzero.funds.models import Allocation, Ban, Budget, Clawback, CreditRecord, Fund, FundProject, Payment
from breakzero.funds.programme_types import FUND_CALL
from breakzero.indicators.models import Participant
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


def _as(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username, PASSWORD)


def _open_call(province, today):
    """The engine's call (its own browser test covers creating one); it is linked to the fund on the budget page."""
    programme = calls.programme_create(name="省中小企业发展专项资金（浏览器）", owner_department="财务处",
                                       programme_type=FUND_CALL, grants=Programme.Grant.FUNDS, has_expert_review=False)
    return calls.call_create(programme=programme, actor=province, document_number="湘工信财务〔2026〕1号",
                             title="专项资金申报", year=today.year, opens_on=today - dt.timedelta(days=1),
                             enterprise_deadline=today + dt.timedelta(days=5))


def _apply_and_county(call, county, good, excluded):
    """The engine's chain (its own browser test covers those pages): apply, county decides."""
    form = {"project_name": "智能产线改造", "content": "产线数字化", "total_budget": "2000000", "self_funding": "1500000",
            "amount_requested": "500000", "targets": "新增产值|万元|500|2027-06-30", "legal_person": True,
            "finance": True, "in_scope": True}
    applications = {}
    for enterprise in (good, excluded):
        application = calls.application_create(call=call, enterprise=enterprise, actor=None, form_data=form)
        applications[enterprise.pk] = calls.application_submit(application=application, actor=enterprise.users.get())
    refused = calls.application_decide(application=applications[excluded.pk], actor=county, action="refuse",
                                       reason="列入“信用湖南”黑名单")
    chosen = calls.application_decide(application=applications[good.pk], actor=county, action="recommend", reason="同意")
    return chosen, refused


def _city_province_publish(call, city, province, chosen, today):
    """The city's joint recommendation (its 财政 opinion is already given), the province, 公示, publication."""
    for actor in (city, province):
        chosen = calls.application_decide(application=chosen, actor=actor, action="recommend", reason="同意")
    calls.call_publicity_start(call=call, actor=province)
    Call.objects.filter(pk=call.pk).update(publicity_end=today - dt.timedelta(days=1))
    calls.call_publish(call=Call.objects.get(pk=call.pk), actor=province, document_number="湘工信财务〔2026〕9号")
    return chosen


@pytest.mark.browser
def test_browser_fund_year_end_to_end(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page, today = browser_page, dt.date.today()
    province = make_user("b-province", Role.PROVINCE_OFFICIAL, "430000")
    county, city = make_user("b-county", Role.COUNTY_OFFICIAL, "430104"), make_user("b-city", Role.CITY_OFFICIAL, "430100")
    make_user("b-finance-cs", Role.FINANCE, "430100")
    make_user("b-finance", Role.FINANCE, "430000")
    good = EnterpriseFactory(county_id="430104", name="湖南资金浏览器科技有限公司", founded_on=dt.date(2015, 1, 1))
    excluded = EnterpriseFactory(county_id="430104", name="湖南失信测试有限公司", founded_on=dt.date(2015, 1, 1))
    make_user("b-good", Role.ENTERPRISE, enterprise=good)
    make_user("b-bad", Role.ENTERPRISE, enterprise=excluded)
    for county_code, n in (("430104", 3), ("430602", 1)):
        for _ in range(n):
            Participant.objects.create(enterprise=EnterpriseFactory(county_id=county_code), year=today.year - 1)
    fund = services.fund_create(actor=province, name="湖南省中小企业发展专项资金", code="sme")

    # Budget entered, with its budget document and a category.
    _as(page, live_server, "b-province")
    page.goto(f"{live_server.url}{fund.get_absolute_url()}")
    assert "待确认" in page.content()
    page.fill("input[name=year]", str(today.year))
    page.fill("input[name=total]", "10000000")
    page.fill("input[name=province_kept]", "4000000")
    page.click("button:has-text('创建年度预算')")
    page.wait_for_selector("#budgets:has-text('1,000.00')")
    budget = Budget.objects.get(fund=fund, year=today.year)
    page.goto(f"{live_server.url}{budget.get_absolute_url()}")
    page.fill("input[name=document_number]", "湘财企指〔2026〕1号")
    page.fill("input[name=issued_on]", f"{today:%Y-%m-%d}")
    page.fill("form:has(input[name=document_number]) input[name=amount]", "10000000")
    page.click("button:has-text('登记')")
    page.wait_for_selector("text=湘财企指〔2026〕1号")
    page.select_option("select[name=kind]", "transformation")
    page.fill("form:has(select[name=kind]) input[name=name]", "转型升级类")
    page.fill("form:has(select[name=kind]) input[name=amount]", "3000000")
    page.click("button:has-text('保存类别')")
    page.wait_for_selector("#categories:has-text('转型升级类')")

    # Allocation simulated (participants 3:1 → 450万 : 150万) and approved.
    page.fill("#simulate input[name=w_participants]", "1")
    page.click("#simulate button")
    page.wait_for_selector("#allocations:has-text('v1')")
    page.click("#allocations a:has-text('v1')")
    page.wait_for_selector("#lines:has-text('450.00')")
    page.click("#approve")
    page.wait_for_selector("text=已批准")
    assert Allocation.objects.get().status == Allocation.Status.APPROVED

    # The province records the blacklisting (信用湖南) the call's check reads.
    page.goto(f"{live_server.url}/funds/credit/")
    page.fill("#credit-add input[name=enterprise]", excluded.uscc)
    page.select_option("#credit-add select[name=kind]", "blacklist")
    page.fill("#credit-add input[name=listed_on]", "2025-01-01")
    page.fill("#credit-add input[name=source]", "信用湖南公示")
    page.click("#credit-add button")
    page.wait_for_selector("#credit-records:has-text('湖南失信测试有限公司')")
    assert CreditRecord.objects.filter(enterprise=excluded, kind=CreditRecord.Kind.BLACKLIST).exists()

    # The fund call: the blacklisted applicant is excluded by the platform's check and refused.
    call = _open_call(province, today)
    page.goto(f"{live_server.url}{budget.get_absolute_url()}")
    page.select_option("#link-call select[name=call]", str(call.pk))
    page.click("#link-call button")
    page.wait_for_selector("#fund-calls:has-text('湘工信财务〔2026〕1号')")
    assert call.fund_call.category == budget.categories.get()
    chosen, refused = _apply_and_county(call, county, good, excluded)
    assert refused.eligibility_passed is False and chosen.eligibility_passed is not False

    # The city's joint review: 财政 gives its opinion in the browser, then 工信 recommends.
    _as(page, live_server, "b-finance-cs")
    page.goto(f"{live_server.url}/funds/applications/{chosen.pk}/opinions/")
    page.fill("input[name=opinion]", "资金用途符合规定")
    page.click("button:has-text('保存意见')")
    page.wait_for_selector("#opinions:has-text('资金用途符合规定')")
    chosen = _city_province_publish(call, city, province, chosen, today)
    project = FundProject.objects.get(application=chosen)
    assert project.approved_amount == Decimal("500000.00") and project.targets.count() == 1

    # Two tranches by city finance; a third that would exceed the approved amount is refused.
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    for amount, number in (("300000", "湘财企指〔2026〕1号"), ("200000", "湘财企指〔2026〕2号"), ("1", "湘财企指〔2026〕3号")):
        page.fill("#pay input[name=amount]", amount)
        page.fill("#pay input[name=budget_document]", number)
        page.fill("#pay input[name=paid_on]", f"{today:%Y-%m-%d}")
        page.fill("#pay input[name=payee_account]", "6222000011112345")
        page.click("#pay button")
        page.wait_for_load_state()
    page.wait_for_selector("text=超过批准金额")
    assert page.inner_text("#paid") == "50.00" and Payment.objects.count() == 2

    # The enterprise reports the actual; the province accepts; the self-evaluation report is produced.
    _as(page, live_server, "b-good")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.fill("#targets input[name=actual_value]", "520")
    page.click("#targets button")
    page.wait_for_selector("#targets:has-text('520')")
    _as(page, live_server, "b-province")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.fill("#accept input[name=note]", "各项指标完成")
    page.click("#accept button")
    page.wait_for_selector("#status:has-text('验收通过')")
    page.goto(f"{live_server.url}{budget.get_absolute_url()}")
    with page.expect_download() as download:
        page.click("text=绩效自评报告（xlsx）")
    assert download.value.suggested_filename.endswith("绩效自评.xlsx")
    page.click("#self-evaluation-page")
    page.wait_for_selector("#self-evaluation-summary:has-text('100.00%')")  # target met, 50万 of 50万 paid
    assert "智能产线改造" in page.inner_text("#self-evaluation-targets")
    with page.expect_download() as download:
        page.click("#self-evaluation-pdf")
    assert download.value.suggested_filename.endswith("绩效自评报告.pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # A later finding of misuse: one clawback, with the ban the next call's check refuses.
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.select_option("#clawback select[name=reason]", "misuse")
    page.fill("#clawback input[name=amount]", "100000")
    page.fill("#clawback input[name=decided_on]", f"{today:%Y-%m-%d}")
    page.click("#clawback button")
    page.wait_for_selector("#clawbacks:has-text('挪用')")
    assert Clawback.objects.get().amount_to_recover == Decimal("100000.00")
    assert Ban.objects.filter(enterprise=good, fund=fund).exists()
    page.goto(f"{live_server.url}/funds/credit/")
    page.wait_for_selector("#bans:has-text('湖南资金浏览器科技有限公司')")
    assert "禁止中" in page.inner_text("#bans")
    assert Application.objects.filter(pk=refused.pk, state="refused").exists() and Fund.objects.count() == 1
