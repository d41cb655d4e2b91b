"""The manual: one per role, the header's 帮助 opens the current page's section, screenshots, PDF."""

import base64

import pytest
from django.urls import get_resolver, reverse

from breakzero.accounts.models import Role
from breakzero.manual.content import ENTERPRISE, MANUALS, OFFICIAL
from breakzero.manual.selectors import manual_for, section_for
from conftest import make_user

# a 1×1 PNG
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_section_for_exact_url_name_wins_over_area():
    assert section_for(OFFICIAL, "indicators:target-list").key == "targets"
    assert section_for(OFFICIAL, "indicators:dashboard").key == "progress"


def test_section_for_unknown_page_opens_start():
    assert section_for(ENTERPRISE, "funds:fund-list").key == "start"
    assert section_for(ENTERPRISE, "").key == "start"


def test_manual_for_every_role_has_exactly_one_manual():
    for role in Role.values:
        assert sum(role in m.roles for m in MANUALS) == 1, role


def _route_names(patterns, prefix=""):
    names = set()
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _route_names(pattern.url_patterns, namespace)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_manual_sections_name_only_routes_that_exist():
    names = _route_names(get_resolver().url_patterns)
    areas = {name.split(":", 1)[0] for name in names if ":" in name}
    for manual in MANUALS:
        assert len({s.key for s in manual.sections}) == len(manual.sections), manual.key
        for section in manual.sections:
            for page in section.pages:
                assert (page[:-2] in areas) if page.endswith(":*") else (page in names), (manual.key, page)


@pytest.mark.django_db
def test_header_help_link_opens_the_current_pages_section(client_for, province_official):
    html = client_for(province_official).get(reverse("indicators:target-list")).content.decode()
    assert 'href="/manual/#targets"' in html


@pytest.mark.django_db
def test_manual_page_enterprise_gets_its_own_manual_only(client_for, enterprise_user):
    html = client_for(enterprise_user).get(reverse("manual:index")).content.decode()
    assert "企业用户操作手册" in html and 'id="applications"' in html
    assert "各级管理员操作手册" not in html and 'id="targets"' not in html


@pytest.mark.django_db
def test_manual_screenshot_own_served_other_manuals_404(client_for, enterprise_user, settings, tmp_path):
    settings.MANUAL_SCREENSHOT_DIR = str(tmp_path)
    (tmp_path / "enterprise-start.png").write_bytes(PNG)
    (tmp_path / "official-progress.png").write_bytes(PNG)
    client = client_for(enterprise_user)
    own = client.get(reverse("manual:screenshot", args=["enterprise-start.png"]))
    assert own.status_code == 200 and own.content == PNG
    assert client.get(reverse("manual:screenshot", args=["official-progress.png"])).status_code == 404
    assert client.get(reverse("manual:screenshot", args=["enterprise-policies.png"])).status_code == 404  # not taken
    assert 'src="/manual/shots/enterprise-start.png"' in client.get(reverse("manual:index")).content.decode()


@pytest.mark.django_db
def test_manual_pdf_per_role_is_a_pdf_with_the_screenshots_taken(client_for, enterprise_user, settings, tmp_path):
    settings.MANUAL_SCREENSHOT_DIR = str(tmp_path)
    client = client_for(enterprise_user)
    without = client.get(reverse("manual:pdf"))
    assert without.status_code == 200 and without["Content-Type"] == "application/pdf"
    assert without.content.startswith(b"%PDF") and b"/Subtype /Image" not in without.content
    (tmp_path / "enterprise-start.png").write_bytes(PNG)
    assert b"/Subtype /Image" in client.get(reverse("manual:pdf")).content


@pytest.mark.django_db
def test_manual_pdf_official_and_enterprise_differ(client_for, enterprise_user, province_official):
    enterprise_pdf = client_for(enterprise_user).get(reverse("manual:pdf")).content
    official_pdf = client_for(province_official).get(reverse("manual:pdf")).content
    assert len(official_pdf) > len(enterprise_pdf)  # the officials' manual has more sections


def test_manual_for_anonymous_is_none():
    from django.contrib.auth.models import AnonymousUser

    assert manual_for(AnonymousUser()) is None


@pytest.mark.django_db
def test_manual_for_finance_user_is_the_finance_manual():
    assert manual_for(make_user("t-fin", Role.FINANCE, "430000")).key == "finance"
