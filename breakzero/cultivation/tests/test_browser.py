"""Browser test: an enterprise applies, county, city and province officials carry it to the published list."""

import datetime as dt

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from breakzero.cultivation.models import Application, Title
from breakzero.cultivation.workflow import check_failed
from breakzero.policies.tests.factories import DeclaredFactsFactory
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


def _act(page, live_server, username: str, application_id: int, button: str, expect: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}/cultivation/applications/{application_id}/")
    page.fill("#transition-form textarea[name=comment]", f"{username} 意见：同意")
    if button == "审核通过" and page.locator("#transition-form textarea[name=override_reason]").count():
        # This enterprise's own check-up says 不符合: approving needs a recorded reason.
        page.fill("#transition-form textarea[name=override_reason]", f"{username}：经核实可以通过")
    page.click(f"#transition-form button:has-text('{button}')")
    page.wait_for_function(f"document.querySelector('#application-status').innerText.includes('{expect}')")


@pytest.mark.browser
def test_browser_application_county_city_province_to_published_list(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page = browser_page
    enterprise = EnterpriseFactory(county_id="430104", name="湖南培育浏览器科技有限公司")
    DeclaredFactsFactory(enterprise=enterprise, year=dt.date.today().year - 1)
    make_user("b-ent", Role.ENTERPRISE, enterprise=enterprise)
    make_user("b-county", Role.COUNTY_OFFICIAL, "430104")
    make_user("b-city", Role.CITY_OFFICIAL, "430100")
    make_user("b-province", Role.PROVINCE_OFFICIAL, "430000")

    log_in(page, live_server, "b-ent", PASSWORD)
    page.goto(f"{live_server.url}/cultivation/applications/new/")
    page.select_option("select[name=programme]", "tier_srdi")
    page.fill("input[name=batch]", "2026年第一批")
    page.click("button[name=submit-application]")
    page.wait_for_url("**/cultivation/applications/*/")
    assert "待区县审核" in page.locator("#application-status").inner_text()
    application = Application.objects.get(enterprise=enterprise)

    _act(page, live_server, "b-county", application.pk, "审核通过", "待市州审核")
    _act(page, live_server, "b-city", application.pk, "审核通过", "待省级决定")
    _act(page, live_server, "b-province", application.pk, "审核通过", "公示中")
    Application.objects.filter(pk=application.pk).update(publicity_end=dt.date.today() - dt.timedelta(days=1))
    _act(page, live_server, "b-province", application.pk, "公示期满，发布", "已发布")

    page.goto(f"{live_server.url}/cultivation/published/")
    assert "湖南培育浏览器科技有限公司" in page.locator("#results").inner_text()
    with page.expect_download() as download:
        page.click("#published-export")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert Title.objects.filter(enterprise=enterprise, tier="srdi_sme").exists()
    assert application.steps.count() == 5
    overridden = application.steps.exclude(override_reason="").exists()
    assert overridden == check_failed(application)  # reason recorded exactly when the check-up said 不符合
    if overridden:
        page.goto(f"{live_server.url}/cultivation/applications/{application.pk}/")
        assert "不符合仍通过" in page.content()
