"""Browser test: a county official records a pledge loan naming the enterprise by its name and the pledged
patent by application number; the loan and the pool's exposure appear in the list and the xlsx downloads."""

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user


@pytest.mark.browser
def test_browser_pledge_loan_recorded_by_enterprise_name_and_listed(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory
    from breakzero.patents.tests.factories import PatentFactory

    page = browser_page
    EnterpriseFactory(county_id="430104", name="湖南质押浏览器科技有限公司")
    patent = PatentFactory()
    make_user("ip-county", Role.COUNTY_OFFICIAL, "430104")
    log_in(page, live_server, "ip-county", "Pw-for-tests-2020")
    page.goto(f"{live_server.url}/ipfinance/loans/new/")
    page.fill("input[name=uscc]", "湖南质押浏览器科技有限公司")
    page.fill("textarea[name=patent_numbers]", patent.application_number)
    page.fill("input[name=bank]", "长沙银行")
    page.fill("input[name=amount]", "300")
    page.fill("input[name=term_months]", "12")
    page.fill("input[name=lent_on]", "2024-09-01")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    page.goto(f"{live_server.url}/ipfinance/loans/")
    content = page.content()
    assert "湖南质押浏览器科技有限公司" in content and patent.application_number in content
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
