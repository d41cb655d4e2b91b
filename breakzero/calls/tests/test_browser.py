"""Browser test: one call end to end — created by the province, eligible enterprises listed, an enterprise
applies with prefilled data, county and city recommend, experts score (one conflict excluded), 公示 with one
objection handled, the list published and the title created."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.accounts.models import Role
from breakzero.calls import services
from breakzero.calls.models import Application, Assignment, Call, Expert, Objection
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


def _as(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username, PASSWORD)


def _decide(page, live_server, username, application, button, expect, reason="同意推荐"):
    _as(page, live_server, username)
    page.goto(f"{live_server.url}/calls/applications/{application.pk}/")
    page.fill("#decision-form textarea[name=reason]", reason)
    page.click(f"#decision-form button:has-text('{button}')")
    page.wait_for_function(f"document.querySelector('#application-state').innerText.includes('{expect}')")


@pytest.mark.browser
def test_browser_call_end_to_end(browser_page, live_server, transactional_db):
    from breakzero.cultivation.models import Title
    from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory

    page, today = browser_page, dt.date.today()
    enterprise = EnterpriseFactory(county_id="430104", name="湖南引擎浏览器科技有限公司")
    EnterpriseYearFactory(enterprise=enterprise, year=today.year - 1, operating_revenue=Decimal("8000"))
    make_user("b-ent", Role.ENTERPRISE, enterprise=enterprise)
    make_user("b-county", Role.COUNTY_OFFICIAL, "430104")
    make_user("b-city", Role.CITY_OFFICIAL, "430100")
    province = make_user("b-province", Role.PROVINCE_OFFICIAL, "430000")
    services.programme_create(name="创新型中小企业评价（浏览器）", owner_department="中小企业发展处",
                              programme_type="tier_innovative_sme")
    expert_user = make_user("b-expert", Role.EXPERT)
    services.expert_create(user=expert_user, name="李专家", fields=["智能制造"], employer="中南大学", region_id="430600")
    conflicted = services.expert_create(user=make_user("b-expert-2", Role.EXPERT), name="王专家", fields=["智能制造"],
                                        employer="湖南引擎浏览器科技有限公司", region_id="430600")

    # The province creates the call from the programme's template.
    _as(page, live_server, "b-province")
    page.goto(f"{live_server.url}/calls/new/")
    page.select_option("select[name=programme]", label="创新型中小企业评价（浏览器）")
    page.fill("input[name=document_number]", "湘工信中小〔2026〕1号")
    page.fill("input[name=title]", "2026年创新型中小企业评价（浏览器）")
    page.fill("input[name=year]", str(today.year))
    page.fill("input[name=opens_on]", f"{today - dt.timedelta(days=1):%Y-%m-%d}")
    page.fill("input[name=enterprise_deadline]", f"{today + dt.timedelta(days=10):%Y-%m-%d}")
    page.fill("textarea[name=quotas]", "430104=2")
    page.click("#call-form button[type=submit]")
    page.wait_for_url("**/calls/*/")
    call = Call.objects.get(document_number="湘工信中小〔2026〕1号")

    # Eligible enterprises listed (the run is immediate in tests).
    page.goto(f"{live_server.url}/calls/{call.pk}/eligibility/")
    page.click("#run-eligibility")
    page.wait_for_selector("#progress:has-text('已完成')")
    page.select_option("select[name=passed]", "all")
    page.wait_for_selector("#results:has-text('湖南引擎浏览器科技有限公司')")

    # The enterprise applies: prefilled from the register.
    _as(page, live_server, "b-ent")
    page.goto(f"{live_server.url}/calls/{call.pk}/")
    page.click("#apply")
    page.click("#start-application")
    page.wait_for_selector("#application-form")
    assert page.input_value("#application-form input[name=name]") == "湖南引擎浏览器科技有限公司"
    assert page.input_value("#application-form input[name=revenue]").startswith("8000")
    page.fill("#application-form textarea[name=statement]", "我们申报")
    page.click("#submit-application")
    page.wait_for_function("document.querySelector('#application-state').innerText.includes('待区县推荐')")
    application = Application.objects.get(call=call, enterprise=enterprise)

    _decide(page, live_server, "b-county", application, "推荐", "待市州推荐")
    _decide(page, live_server, "b-city", application, "推荐", "待省级审核")
    _decide(page, live_server, "b-province", application, "推荐", "专家评审")

    # Panel: the expert from the applicant's own company is excluded.
    page.goto(f"{live_server.url}/calls/{call.pk}/panel/")
    page.fill("#panel-form input[name=field]", "智能制造")
    page.fill("#panel-form input[name=size]", "2")
    page.click("#panel-form button[type=submit]")
    page.wait_for_selector("text=与申报企业同一单位")
    assert not Assignment.objects.filter(member__expert=conflicted).exists()

    _as(page, live_server, "b-expert")
    page.goto(f"{live_server.url}/calls/{call.pk}/sheet/")
    assignment = Assignment.objects.get(member__expert__user=expert_user)
    for key in [c["key"] for c in call.scoring.get("criteria", [])]:
        page.fill(f"input[name=s-{assignment.pk}-{key}]", "10")
    page.click("#submit-sheet")
    page.wait_for_selector("text=评分表已提交")

    _decide(page, live_server, "b-province", application, "拟入选", "拟入选")
    page.goto(f"{live_server.url}/calls/{call.pk}/")
    page.click("#start-publicity")
    page.wait_for_selector("#call-status:has-text('公示中')")

    # Anyone objects on the public notice page (no login).
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/calls/notices/{call.pk}/")
    assert "湖南引擎浏览器科技有限公司" in page.content() and "我们申报" not in page.content()
    page.fill("#objection-form input[name=name]", "张三")
    page.fill("#objection-form input[name=contact]", "13900000000")
    page.fill("#objection-form textarea[name=reason]", "请核实研发投入")
    page.click("#objection-form button[type=submit]")
    page.wait_for_selector("#objection-reference")
    assert Objection.objects.get().reference == page.inner_text("#objection-reference")

    _as(page, live_server, "b-province")
    page.goto(f"{live_server.url}/calls/{call.pk}/")
    page.select_option("select[name=upheld]", "0")
    page.fill("textarea[name=resolution]", "经核实，研发投入真实")
    page.click("button:has-text('处理异议')")
    page.wait_for_selector("text=异议不成立")
    Call.objects.filter(pk=call.pk).update(publicity_end=today - dt.timedelta(days=1))
    page.reload()
    page.fill("input[name=document_number]", "湘工信中小〔2026〕9号")
    page.click("#publish")
    page.wait_for_selector("#call-status:has-text('已发布')")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/calls/published/{call.pk}/")
    assert "湖南引擎浏览器科技有限公司" in page.inner_text("#published-list")
    assert Title.objects.filter(enterprise=enterprise, tier="innovative_sme", batch="湘工信中小〔2026〕9号").exists()
    assert province.pk and Expert.objects.count() == 2
