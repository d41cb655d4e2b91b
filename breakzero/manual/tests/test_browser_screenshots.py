"""Browser: the manual's screenshots are taken from the demo data as each role's demo user, written to
the folder the manual serves (var/manual/ by default), and shown in the manual; 帮助 opens the section."""

import pytest
from django.conf import settings
from django.core.management import call_command

from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from breakzero.manual.content import MANUALS
from breakzero.manual.selectors import screenshot_dir

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
def test_browser_manual_screenshots_taken_from_demo_data_and_shown(browser_page, live_server, transactional_db):
    call_command("seed_demo", enterprises=40, seed=7, verbosity=0)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for manual in (m for m in MANUALS if m.demo_user):
        page.context.clear_cookies()
        log_in(page, live_server, manual.demo_user, settings.DEMO_PASSWORD)
        shots = [s for s in manual.sections if s.shot]
        for section in shots:
            response = page.goto(f"{live_server.url}{section.shot}")
            assert response.status == 200, (manual.key, section.shot, response.status)
            page.screenshot(path=str(folder / manual.shot_name(section)))
            assert (folder / manual.shot_name(section)).read_bytes().startswith(PNG_MAGIC)
        page.goto(f"{live_server.url}/manual/")
        images = page.locator("img.manual-shot")
        assert images.count() == len(shots), manual.key
        for src in images.evaluate_all("imgs => imgs.map(i => i.getAttribute('src'))"):
            served = page.request.get(f"{live_server.url}{src}")
            assert served.status == 200 and served.body().startswith(PNG_MAGIC), src


@pytest.mark.browser
def test_browser_help_link_opens_the_manual_at_the_current_pages_section(browser_page, live_server, transactional_db):
    from conftest import make_user

    make_user("m-province", "province_official", "430000")
    page = browser_page
    log_in(page, live_server, "m-province", "Pw-for-tests-2020")
    page.goto(f"{live_server.url}/progress/targets/")
    page.click("header a.help-link")
    page.wait_for_url("**/manual/#targets")
    assert page.locator("#targets h2").inner_text().endswith("目标分解")
    assert page.locator("#manual-pdf").get_attribute("href") == "/manual/manual.pdf"
