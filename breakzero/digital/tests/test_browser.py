"""Browser test: a county official records a pilot enterprise's on-site 2024 assessment and sees its acceptance;
the level then appears in the list and the xlsx export downloads."""

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user


@pytest.mark.browser
def test_browser_pilot_assessment_recorded_and_accepted(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page = browser_page
    firm = EnterpriseFactory(county_id="430104", name="湖南数字浏览器科技有限公司")
    make_user("d-county", Role.COUNTY_OFFICIAL, "430104")
    log_in(page, live_server, "d-county", "Pw-for-tests-2020")
    page.goto(f"{live_server.url}/digital/assessments/new/")
    page.fill("input[name=uscc]", firm.uscc)
    page.select_option("select[name=version]", "2024")
    page.fill("input[name=assessed_on]", "2024-11-05")
    page.select_option("select[name=mode]", "on_site")
    page.fill("input[name=level]", "3")
    page.check("input[name=is_pilot]")
    page.select_option("select[name=is_evaluation_passed]", "true")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    page.click("text=湖南数字浏览器科技有限公司")
    assert "试点企业评测验收：符合" in page.content()
    page.goto(f"{live_server.url}/digital/assessments/")
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
