"""Browser test: a county official puts a university's technology into the achievements library (成果库); an
enterprise with a matching technology need sees it recommended, and the library's xlsx downloads."""

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


@pytest.mark.browser
def test_browser_achievement_listed_and_matched_to_a_need(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory
    from breakzero.service_bodies.models import TechNeed

    page = browser_page
    firm = EnterpriseFactory(county_id="430104", name="湖南成果浏览器科技有限公司", industry_section="C")
    TechNeed.objects.create(enterprise=firm, title="铝合金焊接变形控制", keywords="铝合金 焊接", industry_section="C")
    make_user("lib-county", Role.COUNTY_OFFICIAL, "430104")
    make_user("lib-firm", Role.ENTERPRISE, enterprise=firm)

    log_in(page, live_server, "lib-county", PASSWORD)
    page.goto(f"{live_server.url}/ipfinance/achievements/")
    page.click("text=登记成果")
    page.fill("input[name=title]", "高强铝合金焊接工艺")
    page.select_option("select[name=kind]", "technology")
    page.select_option("select[name=holder_kind]", "university")
    page.fill("input[name=holder]", "中南大学")
    page.select_option("select[name=county_code]", "430104")
    page.fill("input[name=industry_section]", "C")
    page.fill("input[name=keywords]", "铝合金 焊接")
    page.fill("input[name=listed_on]", "2024-05-01")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert "高强铝合金焊接工艺" in page.content()

    page.context.clear_cookies()
    log_in(page, live_server, "lib-firm", PASSWORD)
    page.goto(f"{live_server.url}/ipfinance/achievements/")
    content = page.content()
    assert "铝合金焊接变形控制" in content and "高强铝合金焊接工艺（中南大学）" in content
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
