"""Accessibility of the portal's pages as served (GB/T 37668-2019 §5–§7: text equivalents, labels,
structure, keyboard entry), checked on the HTML without a browser so that it runs everywhere;
axe-core checks the rendered pages in test_browser_accessibility.py where Chromium is installed."""

from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from breakzero.portal.tests.portal_world import public_pages, setup_portal

pytestmark = pytest.mark.django_db
CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Audit(HTMLParser):
    """Collects what the checks need in one pass over a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = self.title = ""
        self.h1 = 0
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict] = []  # attrs plus whether inside a <label>
        self.images_without_alt: list[str] = []
        self.links: list[dict] = []  # attrs plus their text
        self.buttons: list[dict] = []
        self._stack: list[str] = []
        self._text_of: list[dict] = []  # open <a>/<button>/<title> collecting text

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        elif tag == "img" and "alt" not in a:
            self.images_without_alt.append(a.get("src", ""))
        elif tag in CONTROLS and a.get("type", "text") not in UNLABELLED_INPUT_TYPES:
            self.controls.append({**a, "tag": tag, "in_label": "label" in self._stack})
        if tag in ("a", "button", "title"):
            item = {**a, "tag": tag, "text": ""}
            {"a": self.links, "button": self.buttons}.get(tag, []).append(item)
            self._text_of.append(item)
        if tag not in ("input", "img", "br", "meta", "link", "hr"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag in ("a", "button", "title") and self._text_of:
            item = self._text_of.pop()
            if tag == "title":
                self.title = item["text"].strip()

    def handle_data(self, data: str) -> None:
        for item in self._text_of:
            item["text"] += data


def audit(html: str) -> list[str]:
    """The page's accessibility problems, in words (empty: none found)."""
    page = _Audit()
    page.feed(html)
    problems = []
    if not page.lang.startswith("zh"):
        problems.append(f"<html lang> is {page.lang!r}, not Chinese")
    if not page.title:
        problems.append("no <title>")
    if page.h1 != 1:
        problems.append(f"{page.h1} <h1> headings (one expected)")
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    if duplicates:
        problems.append(f"duplicate ids {sorted(duplicates)}")
    problems += [f"image without alt: {src}" for src in page.images_without_alt]
    for control in page.controls:
        labelled = (control.get("id") in page.label_for or control["in_label"] or control.get("aria-label")
                    or control.get("aria-labelledby") or control.get("title"))
        if not labelled:
            problems.append(f"<{control['tag']} name={control.get('name')!r}> has no label")
    for item in page.links + page.buttons:
        if not (item["text"].strip() or item.get("aria-label")):
            problems.append(f"<{item['tag']} {item.get('href', '')}> has no accessible name")
    skip = [link for link in page.links if link.get("class") == "skip"]
    if not skip or skip[0] is not page.links[0] or skip[0].get("href", "")[1:] not in page.ids:
        problems.append("the first link is not a skip link to an element of the page")
    if not any(b.get("data-font") for b in page.buttons):
        problems.append("no font-size control")
    return problems


@pytest.fixture
def pages(province_official):
    cache.clear()
    setup_portal()
    yield public_pages(province_official)
    cache.clear()


def test_every_public_page_passes_the_html_accessibility_checks(client, pages):
    failures = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        problems = audit(response.content.decode())
        if problems:
            failures[url] = problems
    assert not failures, failures


def test_objection_form_with_errors_stays_accessible(client, pages):
    notice = next(url for url in pages if url.startswith("/portal/publicity/") and url.rstrip("/")[-1].isdigit())
    response = client.post(notice, {"name": "", "contact": "", "reason": "", "captcha_answer": "x"})
    body = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in body
    assert audit(body) == []


@pytest.mark.parametrize("html, problem", [
    ('<html lang="zh-hans"><title>t</title><a class="skip" href="#m">跳</a><main id="m"><h1>x</h1>'
     '<img src="a.png"><button data-font="1">A</button></main></html>', "image without alt"),
    ('<html lang="zh-hans"><title>t</title><a class="skip" href="#m">跳</a><main id="m"><h1>x</h1>'
     '<input name="q"><button data-font="1">A</button></main></html>', "has no label"),
    ('<html lang="zh-hans"><title>t</title><a class="skip" href="#m">跳</a><main id="m"><h1>x</h1><h1>y</h1>'
     '<button data-font="1">A</button></main></html>', "2 <h1>"),
    ('<html lang="zh-hans"><title>t</title><a href="/">首页</a><a class="skip" href="#m">跳</a><main id="m">'
     '<h1>x</h1><button data-font="1">A</button></main></html>', "skip link"),
    ('<html lang="en"><title>t</title><a class="skip" href="#m">跳</a><main id="m"><h1>x</h1>'
     '<a href="/x"><span></span></a><button data-font="1">A</button></main></html>', "accessible name"),
    ('<html lang="zh-hans"><title>t</title><a class="skip" href="#m">跳</a><main id="m"><h1>x</h1></main></html>',
     "font-size"),
])
def test_audit_finds_each_kind_of_problem(html, problem):
    assert any(problem in p for p in audit(html)), audit(html)


def test_audit_accepts_a_labelled_page():
    html = ('<html lang="zh-hans"><title>门户</title><a class="skip" href="#m">跳到正文</a><main id="m"><h1>标题</h1>'
            '<img src="a.png" alt="证书"><label>年度 <input name="year"></label><label for="q">词</label>'
            '<input id="q" name="q"><input type="hidden" name="t"><button data-font="1" aria-label="增大字号">A+</button>'
            '</main></html>')
    assert audit(html) == []
