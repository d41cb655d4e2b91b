"""Browser: a service-body user logs in, adds an event, and sees this month marked compliant."""

import datetime as dt
import os
import shutil

import pytest
from django.utils import timezone

from breakzero.accounts.models import Role, User
from breakzero.service_bodies.models import ServiceBodyMember
from breakzero.service_bodies.tests.factories import ServiceBodyFactory

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian chromium not installed"),
]
PASSWORD = "Pw-for-tests-2020"


def test_service_user_adds_event_month_marked_compliant_in_browser(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    today = timezone.localdate()
    body = ServiceBodyFactory(name="浏览器测试平台", recognized_on=today - dt.timedelta(days=400))
    user = User.objects.create_user("t-browser-service", password=PASSWORD, role=Role.SERVICE_BODY)
    ServiceBodyMember.objects.create(user=user, body=body)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{live_server.url}/accounts/login/?next=/service/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url(f"**/service/bodies/{body.pk}/**")
        cell = page.locator(f'#calendar-table td[data-month="{today.month}"]')
        assert cell.get_attribute("data-status") == "pending"
        page.click("text=登记活动")
        page.fill("input[name=title]", "破零专利挖掘培训")
        page.fill("input[name=held_on]", today.isoformat())
        page.select_option("select[name=topic]", "patent_training")
        page.click("form.card button[type=submit]")
        page.wait_for_url(f"**/service/bodies/{body.pk}/?year={today.year}")
        assert cell.get_attribute("data-status") == "met"
        assert "达标" in cell.inner_text()
        assert "破零专利挖掘培训" in page.content()
        assert errors == []
        browser.close()
