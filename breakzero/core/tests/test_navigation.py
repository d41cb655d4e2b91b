"""Navigation by role: every link on each role's home page and menu pages opens (status 200)."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from breakzero.accounts.models import User
from breakzero.core import nav
from breakzero.demo.users import DEMO_USERS

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)(?:#[^"]*)?"')
SKIP = ("/accounts/logout/", "/static/", "/media/", "/i18n/")
DOWNLOAD = re.compile(r"(\.xlsx|\.csv|\.pdf|\.svg|\.docx|/export/|/file/|export=)")


@pytest.fixture
def demo_db(db, django_capture_on_commit_callbacks):
    """A small demo world inside the test's transaction (rolled back: other tests never see it);
    the refreshes it queues after commit run now."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", enterprises=40, seed=7, verbosity=0)


def _links(html: str, base: str) -> set[str]:
    found = set()
    for href in HREF.findall(html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("username", [spec.username for spec in DEMO_USERS])
def test_navigation_walk_every_link_of_home_and_menus_opens(demo_db, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    client.raise_request_exception = False
    home = client.get("/")
    assert home.status_code == 200
    menus = [link.url for link in nav.links_for(user)]
    pages = {"/": home.content.decode()}
    for url in menus:
        response = client.get(url, follow=True)
        assert response.status_code == 200, (username, url, response.status_code)
        pages[url] = response.content.decode()
    broken = []
    for base, html in pages.items():
        for url in sorted(_links(html, base)):
            if url in pages or DOWNLOAD.search(url):
                continue
            response = client.get(url, follow=True)
            if response.status_code != 200:
                broken.append((base, url, response.status_code))
    assert not broken, broken


@pytest.mark.django_db
def test_navigation_expert_menu_has_no_official_pages(demo_db):
    expert = User.objects.get(username="demo-expert")
    keys = {link.key for link in nav.links_for(expert)}
    assert "enterprises" not in keys and "progress" not in keys and "patents" not in keys
    assert "home" in keys
