"""Browser test: a cultivation application on the engine (calls) — the enterprise applies from the cultivation
pages, county, city and province recommend on the engine's page, 公示, publication; the published list, its
export and the title follow."""

import datetime as dt

import pytest

from breakzero.accounts.models import Role
from breakzero.calls import services
from breakzero.calls.models import Application, Call
from breakzero.calls.tests.factories import make_call
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from breakzero.cultivation.models import Title
from breakzero.policies.tests.factories import DeclaredFactsFactory
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


def _as(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, username, PASSWORD)


def _recommend(page, live_server, username: str, application_id: int, expect: str) -> None:
    _as(page, live_server, username)
    page.goto(f"{live_server.url}/calls/applications/{application_id}/")
    # A reason every time: recommending against the platform's check-up (不符合) needs one on record.
    page.fill("#decision-form textarea[name=reason]", f"{username} 意见：同意推荐")
    page.click("#decision-form button:has-text('推荐')")
    page.wait_for_function(f"document.querySelector('#application-state').innerText.includes('{expect}')")


@pytest.mark.browser
def test_browser_application_county_city_province_to_published_list(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page, today = browser_page, dt.date.today()
    enterprise = EnterpriseFactory(county_id="430104", name="湖南培育浏览器科技有限公司")
    DeclaredFactsFactory(enterprise=enterprise, year=today.year - 1)
    make_user("b-ent", Role.ENTERPRISE, enterprise=enterprise)
    make_user("b-county", Role.COUNTY_OFFICIAL, "430104")
    make_user("b-city", Role.CITY_OFFICIAL, "430100")
    make_user("b-province", Role.PROVINCE_OFFICIAL, "430000")
    programme = services.programme_create(name="专精特新中小企业", owner_department="中小企业发展处",
                                          programme_type="tier_srdi_sme", has_expert_review=False)
    call = make_call(programme=programme, document_number="湘工信中小〔2026〕5号", title="2026年专精特新中小企业")

    _as(page, live_server, "b-ent")
    page.goto(f"{live_server.url}/cultivation/applications/new/")
    page.click("table.data a.btn:has-text('申报')")
    page.click("#start-application")
    page.wait_for_selector("#application-form")
    assert page.input_value("#application-form input[name=name]") == "湖南培育浏览器科技有限公司"
    page.fill("#application-form textarea[name=statement]", "专注液压件")
    page.click("#submit-application")
    page.wait_for_function("document.querySelector('#application-state').innerText.includes('待区县推荐')")
    application = Application.objects.get(call=call, enterprise=enterprise)

    _recommend(page, live_server, "b-county", application.pk, "待市州推荐")
    _recommend(page, live_server, "b-city", application.pk, "待省级审核")
    _recommend(page, live_server, "b-province", application.pk, "拟入选")
    page.goto(f"{live_server.url}/calls/{call.pk}/")
    page.click("#start-publicity")
    page.wait_for_selector("#call-status:has-text('公示中')")
    Call.objects.filter(pk=call.pk).update(publicity_end=today - dt.timedelta(days=1))
    page.reload()
    page.fill("input[name=document_number]", "湘工信中小〔2026〕9号")
    page.click("#publish")
    page.wait_for_selector("#call-status:has-text('已发布')")

    page.goto(f"{live_server.url}/cultivation/published/")
    assert "湖南培育浏览器科技有限公司" in page.locator("#results").inner_text()
    with page.expect_download() as download:
        page.click("#published-export")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto(f"{live_server.url}/cultivation/applications/")
    assert "湖南培育浏览器科技有限公司" in page.locator("#results").inner_text()
    assert Title.objects.filter(enterprise=enterprise, tier="srdi_sme", application=application).exists()
    application.refresh_from_db()
    recommendations = application.transitions.filter(action="recommend")
    assert recommendations.count() == 3
    # the decision against the check-up is on record exactly when the check-up said 不符合
    assert all(t.against_eligibility == (application.eligibility_passed is False) for t in recommendations)
