"""Browser test: a county official filters the enterprise list in headless Chromium."""

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


@pytest.mark.browser
def test_browser_county_official_filters_list_by_size_and_search(browser_page, live_server, transactional_db):
    page = browser_page
    make_user("b-county", Role.COUNTY_OFFICIAL, "430104")
    small = EnterpriseFactory(county_id="430104", name="湖南小型浏览器科技有限公司", latest_size="small")
    EnterpriseYearFactory(enterprise=small, year=2021, size="small")
    EnterpriseFactory(county_id="430104", name="湖南中型浏览器科技有限公司", latest_size="medium")
    EnterpriseFactory(county_id="430602", name="岳阳楼外地科技有限公司", latest_size="small")
    log_in(page, live_server, "b-county", PASSWORD)

    page.goto(f"{live_server.url}/enterprises/")
    results = page.locator("#results")
    assert "湖南中型浏览器科技有限公司" in results.inner_text()
    assert "岳阳楼外地科技有限公司" not in page.content()

    page.select_option("select[name=size]", "small")  # htmx swaps #results on change
    page.wait_for_url("**size=small**")
    page.wait_for_function("!document.querySelector('#results').innerText.includes('中型浏览器')")
    assert "湖南小型浏览器科技有限公司" in page.locator("#results").inner_text()

    page.fill("input[name=q]", small.uscc.lower())
    page.click("#enterprise-filters button[type=submit]")
    page.wait_for_url("**q=**")
    page.locator("#results a", has_text="湖南小型浏览器科技有限公司").click()
    page.wait_for_url(f"**/enterprises/{small.pk}/")
    assert page.locator("h1").first.inner_text() == "湖南小型浏览器科技有限公司"


@pytest.mark.browser
def test_browser_detail_chart_draws_without_csp_errors(browser_page, live_server, transactional_db):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "404" not in msg.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    make_user("b-county2", Role.COUNTY_OFFICIAL, "430104")
    e = EnterpriseFactory(county_id="430104", name="<b>图表</b>科技有限公司")
    EnterpriseYearFactory(enterprise=e, year=2020)
    EnterpriseYearFactory(enterprise=e, year=2021)
    log_in(page, live_server, "b-county2", PASSWORD)
    page.goto(f"{live_server.url}{e.get_absolute_url()}")
    page.wait_for_selector("#enterprise-chart canvas")
    assert page.locator("h1").first.inner_text() == "<b>图表</b>科技有限公司"
    # the lazy sections of apps that are not there yet answer 404 and stay empty; nothing else may fail
    assert not [text for text in errors if "responseError" not in text], errors
