"""Browser tests: each role's home (to-do list, badge, tiles), a menu walk, and the notice centre."""

import datetime as dt

import pytest

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from breakzero.notifications.models import Notice, NoticeKind
from breakzero.notifications.services import notify
from breakzero.regions.models import Region
from breakzero.reports.services.supervision import task_create
from conftest import make_user

PASSWORD = "Pw-for-tests-2020"


@pytest.mark.browser
def test_browser_home_todo_badge_and_one_click_to_act(browser_page, live_server, transactional_db):
    page = browser_page
    city = make_user("h-city", Role.CITY_OFFICIAL, "430100")
    make_user("h-county", Role.COUNTY_OFFICIAL, "430104")
    task_create(user=city, region=Region.objects.get(code="430104"), title="浏览器督办",
                description="请说明破零进展", due_date=dt.date.today() + dt.timedelta(days=2))
    log_in(page, live_server, "h-county", PASSWORD)
    page.goto(f"{live_server.url}/")
    row = page.locator("tr[data-todo=supervision-answer]")
    assert row.locator("td.num").inner_text().strip() == "1"
    # the badge counts the task and the unread notice that announced it
    assert page.locator(".todo-badge .count").inner_text().strip() == "2"
    row.locator("a.btn").click()
    page.wait_for_url("**/reports/tasks/**")
    assert "浏览器督办" in page.content()


@pytest.mark.browser
def test_browser_menu_walk_expert_and_county_every_link_opens(browser_page, live_server, transactional_db):
    page = browser_page
    make_user("h-expert", Role.EXPERT)
    make_user("h-county2", Role.COUNTY_OFFICIAL, "430104")
    for username, absent in (("h-expert", "企业"), ("h-county2", "系统管理")):
        page.context.clear_cookies()
        log_in(page, live_server, username, PASSWORD)
        labels = page.locator("nav.mainnav a").all_inner_texts()
        assert absent not in labels
        hrefs = page.locator("nav.mainnav a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            response = page.goto(f"{live_server.url}{href}")
            assert response.status == 200, (username, href, response.status)
            assert page.locator("nav.mainnav").count() == 1


@pytest.mark.browser
def test_browser_notice_centre_open_and_mark_all_read(browser_page, live_server, transactional_db):
    page = browser_page
    user = make_user("h-notice", Role.COUNTY_OFFICIAL, "430104")
    notify(users=[user], kind=NoticeKind.OTHER, title="第一条通知", url="/reports/")
    notify(users=[user], kind=NoticeKind.TASK_ISSUED, title="第二条通知")
    log_in(page, live_server, "h-notice", PASSWORD)
    page.click("header .userbox a:has-text('站内信')")
    page.wait_for_url("**/notices/")
    assert page.locator("tr.unread").count() == 2
    page.click("a:has-text('第一条通知')")
    page.wait_for_url("**/reports/")
    page.goto(f"{live_server.url}/notices/")
    assert page.locator("tr.unread").count() == 1
    page.click("button.mark-all")
    page.wait_for_selector("text=已将 1 条标为已读")
    assert page.locator("tr.unread").count() == 0
    assert not Notice.objects.filter(user=user, read_at__isnull=True).exists()
