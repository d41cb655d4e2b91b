"""Browser test: a 创客中国 edition from publication to results — the province publishes it, a county registers an
enterprise, judges' totals are entered and averaged, the entry advances, the province awards it and records its
national result."""

import datetime as dt

import pytest

from breakzero.accounts.models import Role
from breakzero.contests.models import Entry
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


def _as(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username, PASSWORD)


def _post(page, selector):
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.browser
def test_browser_maker_china_edition_registration_to_results(browser_page, live_server, transactional_db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    page, year = browser_page, dt.date.today().year
    firm = EnterpriseFactory(county_id="430104", name="湖南创客浏览器科技有限公司")
    make_user("c-county", Role.COUNTY_OFFICIAL, "430104")
    make_user("c-province", Role.PROVINCE_OFFICIAL, "430000")

    _as(page, live_server, "c-province")
    page.goto(f"{live_server.url}/contests/")
    page.fill("input[name=year]", str(year))
    page.fill("input[name=name]", f"{year}年创客中国湖南省大赛（浏览器）")
    page.fill("input[name=registration_opens_on]", f"{year}-01-01")
    page.fill("input[name=registration_closes_on]", f"{year}-12-31")
    _post(page, "form.form button[type=submit]")
    assert f"{year}年创客中国湖南省大赛（浏览器）" in page.content()

    _as(page, live_server, "c-county")
    page.goto(f"{live_server.url}/contests/")
    page.click(f"text={year}年创客中国湖南省大赛（浏览器）")
    page.click("text=登记报名")
    page.select_option("select[name=group]", "enterprise")
    page.fill("input[name=uscc]", firm.uscc)
    page.fill("input[name=project]", "高精度减速器")
    page.fill("input[name=registered_on]", f"{year}-03-01")
    page.select_option("select[name=is_registered_online]", "true")
    _post(page, "form.form button[type=submit]")
    entry = Entry.objects.get(enterprise=firm)
    _post(page, "text=晋级下一阶段")  # → 初赛
    for judge, total in (("甲", "80"), ("乙", "91")):
        page.fill("input[name=judge]", judge)
        page.fill("input[name=total]", total)
        _post(page, "text=录入本阶段评分")
    assert "85.50" in page.content()
    _post(page, "text=晋级下一阶段")  # → 复赛

    _as(page, live_server, "c-province")
    page.goto(f"{live_server.url}/contests/entries/{entry.pk}/")
    _post(page, "text=晋级下一阶段")  # → 决赛 (the province's)
    page.select_option("select[name=award]", "first")
    _post(page, "text=记录奖项")
    entry.refresh_from_db()
    assert (entry.stage, entry.award) == ("final", "first")
    assert "一等奖" in page.content()
    page.select_option("select[name=national_result]", "top500")  # recommended on to the national contest
    _post(page, "text=记录全国赛结果")
    entry.refresh_from_db()
    assert entry.national_result == "top500" and "全国500强" in page.content()
