"""Browser test: a county official records a leading talent of an enterprise; it is listed and the xlsx downloads."""

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user


@pytest.mark.browser
def test_browser_leading_talent_recorded_and_listed(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page = browser_page
    firm = EnterpriseFactory(county_id="430104", name="湖南人才浏览器科技有限公司")
    make_user("tl-county", Role.COUNTY_OFFICIAL, "430104")
    log_in(page, live_server, "tl-county", "Pw-for-tests-2020")
    page.goto(f"{live_server.url}/talent/talents/new/")
    page.fill("input[name=uscc]", firm.uscc)
    page.select_option("select[name=kind]", "team")
    page.fill("input[name=name]", "星火浏览器团队")
    page.fill("input[name=programme]", "芙蓉计划")
    page.fill("input[name=year]", "2024")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    page.goto(f"{live_server.url}/talent/talents/")
    assert "星火浏览器团队" in page.content()
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
