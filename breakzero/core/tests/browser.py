"""Headless Chromium for browser tests (Playwright driving Debian's /usr/bin/chromium).

Use: `from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401` in a test
module, mark tests `@pytest.mark.browser`; they skip cleanly when Chromium is not installed.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 15_000
# axe-core from npm (package.json, scripts/vendor_assets.sh), injected only into test pages.
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core.min.js"
# WCAG 2.1 levels A and AA: what GB/T 37668-2019 asks of web content, in axe's rule tags.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@pytest.fixture
def browser_page(live_server) -> Iterator:
    """A fresh Playwright page against pytest-django's live_server (transactional database)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to
    # run unless told that this synchronous use is intended.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            page.set_default_timeout(TIMEOUT_MS)
            yield page
        finally:
            browser.close()


def log_in(page, live_server, username: str, password: str) -> None:
    """Log in through the real login form (CSRF, session cookie) and wait for the home page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def axe_violations(page, *, tags: tuple[str, ...] = AXE_TAGS) -> list[str]:
    """Run axe-core on the page as it is now; one line per violated rule with its first targets.

    The script is evaluated through the DevTools protocol, so the page's own CSP (no inline
    script) stays as it is and is still what the page is tested under.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags),
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]]
