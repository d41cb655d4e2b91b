"""/api/v1/docs works offline: Swagger UI from the project's static files, no inline script."""

import re

import pytest

from breakzero.core.tests.browser import browser_page, log_in  # noqa: F401  (fixture)
from conftest import make_user


@pytest.mark.django_db
def test_api_docs_page_uses_only_local_assets_and_no_inline_script(client_for, province_official):
    response = client_for(province_official).get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    inline = [s for s in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S) if s[1].strip()]
    assert all('type="application/json"' in attrs for attrs, _ in inline)


@pytest.mark.browser
def test_browser_api_docs_render_operations_under_csp(browser_page, live_server, transactional_db):
    from breakzero.accounts.models import Role

    make_user("d-province", Role.PROVINCE_OFFICIAL, "430000")
    page = browser_page
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, "d-province", "Pw-for-tests-2020")
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#swagger-ui .opblock", timeout=30_000)
    assert "破零倍增平台 API" in page.inner_text("#swagger-ui .info")
    assert not [e for e in errors if "Content Security Policy" in e], errors
