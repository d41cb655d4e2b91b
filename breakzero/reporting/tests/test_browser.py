"""Browser: register → county confirms → report → soft-rule question answered → county accepts →
period locked → the dashboard's completeness line and the register's figure change."""

import datetime as dt
import os

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from breakzero.accounts.models import User
from breakzero.core.tests.browser import CHROMIUM, CHROMIUM_ARGS
from breakzero.enterprises.models import EnterpriseYear
from breakzero.indicators.models import Participant
from breakzero.reporting.models import PeriodLock
from breakzero.reporting.tests.factories import WindowFactory
from breakzero.rules.uscc import make_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VALUES = {"operating_revenue": "1000", "rd_expense": "400", "new_product_revenue": "300", "employees": "80",
          "rd_staff": "8", "total_cost": "900"}


def _session_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith(".ModelBackend"))
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _figures(page) -> dict[str, str]:
    """The dashboard's actual value of the indicators resting on reported figures."""
    return {indicator: page.locator(f'tr[data-indicator="{indicator}"] td.num').first.inner_text().strip()
            for indicator in ("rd_intensity", "new_product_revenue")}


def test_reporting_flow_in_browser(live_server, county_official):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    today = timezone.localdate()
    window = WindowFactory(period=str(today.year - 1), year=today.year - 1, opens_on=today - dt.timedelta(days=3),
                           due_on=today + dt.timedelta(days=3), closes_on=today + dt.timedelta(days=9))
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def page_as(user=None):
            context = browser.new_context()
            if user is not None:
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": _session_for(user),
                                      "url": live_server.url}])
            return context.new_page()

        public = page_as()
        public.goto(f"{live_server.url}/reporting/register/")
        for name, value in {"uscc": make_uscc("91", "430104", "B0000009"), "name": "湖南浏览器科技有限公司",
                            "county_code": "430104", "industry_code": "3911", "contact_person": "陈七", "contact_phone": "13700000000",
                            "username": "browser-firm", "password": "Pw-for-tests-2020"}.items():
            public.fill(f"input[name={name}]", value)
        public.click("#register-form button[type=submit]")
        public.wait_for_selector("text=注册申请已提交")

        county = page_as(county_official)
        county.goto(f"{live_server.url}/reporting/registrations/")
        county.click("button[value=confirm]")
        county.wait_for_selector("text=没有待确认的注册申请")
        firm_user = User.objects.get(username="browser-firm")
        Participant.objects.create(enterprise=firm_user.enterprise, year=window.year)

        firm = page_as(firm_user)
        firm.goto(f"{live_server.url}/reporting/windows/{window.pk}/report/")
        for name, value in VALUES.items():
            firm.fill(f"#report-form input[name={name}]", value)
        firm.click("#report-form button[name=submit]")
        firm.wait_for_selector("textarea[name=explain_intensity]")
        firm.fill("textarea[name=explain_intensity]", "当年建设中试线，研发投入集中")
        firm.click("#report-form button[name=submit]")
        firm.wait_for_selector("text=已提交，等待所在县市区审核")

        county.goto(f"{live_server.url}/progress/?year={window.year}")
        county.wait_for_selector("text=已通过 0，待审核 1")
        before = _figures(county)
        assert "40.00 %" not in before["rd_intensity"] and "300" not in before["new_product_revenue"]
        county.goto(f"{live_server.url}/reporting/windows/{window.pk}/review/")
        county.click("text=湖南浏览器科技有限公司")
        county.wait_for_selector("text=当年建设中试线，研发投入集中")
        county.click("button[value=accept]")
        county.wait_for_selector("text=已审核通过")
        county.goto(f"{live_server.url}/reporting/windows/{window.pk}/completeness/")
        county.click("text=锁定岳麓区本报告期")
        county.wait_for_selector("text=本地区已锁定")
        county.goto(f"{live_server.url}/progress/?year={window.year}")
        county.wait_for_selector("text=已通过 1，待审核 0")
        after = _figures(county)  # accepted figures feed the indicators: 400 / 1000, and 300 万元
        assert after["rd_intensity"] == "40.00 %" and after["new_product_revenue"].startswith("300")
        browser.close()
    assert PeriodLock.objects.filter(window=window, region_id="430104").exists()
    assert EnterpriseYear.objects.get(enterprise=firm_user.enterprise, year=window.year).rd_expense == 400
