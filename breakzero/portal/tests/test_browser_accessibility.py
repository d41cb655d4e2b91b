"""Accessibility of the portal in a real browser (GB/T 37668-2019; WCAG 2.1 A/AA rules of axe-core):
every public page passes axe-core, the keyboard reaches the content through the skip link, the
font-size control enlarges the text and is remembered, and phone-width pages need no sideways scroll."""

import pytest
from django.core.cache import cache

from breakzero.accounts.models import Role
from breakzero.core.tests.browser import axe_violations, browser_page  # noqa: F401  (fixture)
from breakzero.portal.tests.portal_world import public_pages, setup_portal
from conftest import make_user

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def pages(transactional_db):
    cache.clear()
    setup_portal()
    yield public_pages(make_user("b-a11y-province", Role.PROVINCE_OFFICIAL, "430000"))
    cache.clear()


@pytest.mark.browser
def test_browser_every_portal_page_passes_axe(browser_page, live_server, pages):
    page = browser_page
    failures = {}
    for url in pages:
        response = page.goto(f"{live_server.url}{url}")
        assert response.ok, url
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    # The objection form after a wrong submission: errors announced, fields still labelled.
    notice = next(url for url in pages if url.startswith("/portal/publicity/") and url.rstrip("/")[-1].isdigit())
    page.goto(f"{live_server.url}{notice}")
    page.click("#objection-form button[type=submit]")  # empty required fields: the browser's own check
    page.fill("#objection-form input[name=name]", "张三")
    page.fill("#objection-form input[name=contact]", "13900000000")
    page.fill("#objection-form textarea[name=reason]", "请核实")
    page.fill("#objection-form input[name=captcha_answer]", "99")  # never the sum of two digits 1–9
    page.click("#objection-form button[type=submit]")
    page.wait_for_selector("#objection-form .error")
    failures.update({f"{notice} (errors)": v for v in [axe_violations(page)] if v})
    assert not failures, failures


@pytest.mark.browser
def test_browser_keyboard_reaches_content_and_font_size_is_kept(browser_page, live_server, pages):
    page = browser_page
    page.goto(f"{live_server.url}/portal/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    assert page.evaluate("() => getComputedStyle(document.activeElement).left") != "-999px"  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    root_size = "() => getComputedStyle(document.documentElement).fontSize"
    default = float(page.evaluate(root_size).removesuffix("px"))
    page.click("button[data-font='1']")
    page.click("button[data-font='1']")
    assert float(page.evaluate(root_size).removesuffix("px")) == pytest.approx(default * 1.25)
    page.goto(f"{live_server.url}/portal/policies/")  # kept on the next page
    assert float(page.evaluate(root_size).removesuffix("px")) == pytest.approx(default * 1.25)
    page.focus("button[data-font='0']")
    page.keyboard.press("Enter")  # the control works from the keyboard too
    assert float(page.evaluate(root_size).removesuffix("px")) == pytest.approx(default)


@pytest.mark.browser
def test_browser_portal_pages_fit_a_phone(browser_page, live_server, pages):
    page = browser_page
    page.set_viewport_size(PHONE)
    too_wide = {}
    for url in pages:
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
    assert not too_wide, too_wide
