"""Browser test: a county official records a 民参军 unit's qualification; it is listed and the xlsx downloads."""

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user


@pytest.mark.browser
def test_browser_defence_qualification_recorded_and_listed(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page = browser_page
    firm = EnterpriseFactory(county_id="430104", name="湖南军民浏览器科技有限公司")
    make_user("df-county", Role.COUNTY_OFFICIAL, "430104")
    log_in(page, live_server, "df-county", "Pw-for-tests-2020")
    page.goto(f"{live_server.url}/defence/qualifications/new/")
    page.fill("input[name=uscc]", firm.uscc)
    page.select_option("select[name=kind]", "secrecy")
    page.fill("input[name=number]", "BM-BROWSER-1")
    page.fill("input[name=valid_from]", "2024-01-01")
    page.fill("input[name=valid_until]", "2027-12-31")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    page.goto(f"{live_server.url}/defence/qualifications/")
    assert "BM-BROWSER-1" in page.content()
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
