"""Browser: the province dashboard shows the map and ranking; a click drills into a city."""

import datetime as dt
import os

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from breakzero.core.tests.browser import CHROMIUM, CHROMIUM_ARGS
from breakzero.indicators.summaries import summaries_refresh
from breakzero.indicators.tests import fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith(".ModelBackend"))
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def test_dashboard_browser_province_drills_into_city_with_map_and_ranking(live_server, province_official):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    fixtures.build()
    summaries_refresh(today=dt.date(2023, 1, 15))
    session_key = _session_for(province_official)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_server.url}])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{live_server.url}/progress/?year=2022&indicator=sme_invention_grants")
        page.wait_for_selector("#map-chart[data-map-ready='1']", timeout=15000)
        assert page.locator("#ranking-chart canvas").count() == 1
        assert page.locator("#ranking-table").inner_text().startswith("排名")
        page.locator("#ranking-table a", has_text="长沙市").click()
        page.wait_for_url("**region=430100**")
        page.wait_for_selector("#map-chart[data-map-ready='1']", timeout=15000)
        assert "长沙市" in page.locator("h1").inner_text()
        assert "岳麓区" in page.locator("#ranking-table").inner_text()
        assert errors == []
        browser.close()
