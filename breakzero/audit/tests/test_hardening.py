"""Web hardening: deploy checks, CSP-safe templates, cookies, escaping of user text."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROOT = Path(settings.BASE_DIR)
XSS = "<script>alert(1)</script>"


def test_check_deploy_production_env_reports_nothing():
    # The environment production has: not the async-unsafe switch the browser tests set in this process.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
        "SECRET_KEY": "k" * 20 + "-Zq8#vN2!pL5@xR7$wT1%yU4^bM6&cJ9*hG3-real-production-key",
        "ALLOWED_HOSTS": "breakzero.example.gov.cn", "DATABASE_URL": "sqlite:////tmp/bz-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings as s; import django; django.setup(); "
         "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.REQUIRE_2FA)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert probe.stdout.split() == ["True", "31536000", "True", "True"], probe.stderr


def _templates() -> list[Path]:
    return [p for p in ROOT.joinpath("breakzero").rglob("templates/**/*.html")]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
HANDLER_ATTR = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_TAG = re.compile(r"<style[\s>]", re.I)


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, STYLE_ATTR, HANDLER_ATTR, STYLE_TAG], ids=["script", "style=", "on*=", "style-tag"])
def test_templates_have_no_inline_script_or_style(pattern):
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in _templates() for m in pattern.finditer(p.read_text("utf-8"))]
    assert not offenders, offenders


def test_cookie_and_header_settings_are_hardened():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"} and settings.CSRF_COOKIE_SAMESITE in {"Lax", "Strict"}
    assert settings.X_FRAME_OPTIONS == "DENY" and settings.SECURE_CONTENT_TYPE_NOSNIFF
    assert "'unsafe-inline'" not in str(settings.SECURE_CSP.get("script-src"))


@pytest.mark.django_db
def test_pages_send_csp_and_enforce_csrf(client, city_official):
    response = client.get(reverse("accounts:login"))
    assert "script-src" in response["Content-Security-Policy"] and "unsafe-inline" not in response["Content-Security-Policy"]
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(city_official)
    assert strict.post(reverse("accounts:password-change"), {}).status_code == 403
    page = strict.get("/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def _reversible(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, dict]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in {"admin", "api"} or str(entry.pattern).startswith(("portal-admin/", "portal-documents/")):
                continue  # Django admin, the API (schema-tested), Wagtail's editors' admin (portal tests)
            found += _reversible(entry, prefix, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            found.append((f"{namespace}{entry.name}", {n: type(converters.get(n)).__name__ for n in entry.pattern.regex.groupindex}))
    return found


@pytest.mark.django_db
def test_user_text_escaped_on_every_page(client_for, province_official):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(county_id="430104", name=f"湘{XSS}科技有限公司", contact_person=XSS)
    client = client_for(province_official)
    checked = 0
    for name, params in _reversible(get_resolver()):
        kwargs = {key: enterprise.pk for key in params} if params in ({}, {"pk": "IntConverter"}) else None
        if kwargs is None or name in {"accounts:logout", "set_language"}:
            continue
        url = reverse(name, kwargs=kwargs)
        for response in (client.get(url), client.get(url, HTTP_HX_REQUEST="true")):
            body = response.content if response.get("Content-Type", "").startswith("text/") else b""
            assert XSS.encode() not in body, url
        checked += 1
    assert checked >= 5
    api = client.get("/api/v1/enterprises")  # JSON is data, never HTML: served as JSON with nosniff
    assert api["Content-Type"].startswith("application/json") and api["X-Content-Type-Options"] == "nosniff"
