"""The Chinese interface shows no raw code: every page, as each role, in zh-hans.

Every GET route of the URLconf is requested with a real object (the side-B objects of the access
world, all of them built so that every list has rows) by a user of each role who may see it. The
visible text of each HTML page (text nodes, option labels, titles, placeholders, button values)
must not hold an internal enum value (a TextChoices value of any model field, an indicator id),
an UNCONFIRMED / LIKELY mark, a select placeholder "---------" or an untranslated English
message id. Rules that are unconfirmed show 待确认 / 很可能 (docs/CONTRACTS.md: UI text in Chinese).
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.utils import translation

from breakzero.accounts.models import Role
from breakzero.core.tests import sweep_known
from breakzero.core.tests.every_page import full_world, page_urls, viewer  # noqa: F401 (fixture)
from breakzero.core.tests.test_exports_numeric import EXPORTING_ROLES, export_findings, xlsx_content

# Words that are Chinese UI vocabulary even in Latin letters (file formats, standards, product names).
ALLOWED_WORDS = {
    "API", "PDF", "xlsx", "csv", "CSV", "Excel", "XLSX", "ISO", "Email", "E-mail", "ID", "OpenAPI", "Swagger",
    "Wagtail", "Django", "URL", "SMTP", "htmx", "MB", "KB", "GB", "QR", "App", "APP", "IP", "SaaS", "PaaS",
    "IaaS", "AI", "B2B", "CMMI", "GB/T", "ERP", "MES", "CRM", "PLM", "OA", "SCM", "WMS", "R&D",
}
MARKS = ("UNCONFIRMED", "LIKELY", "---------")
ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,'][A-Za-z][a-z]+){2,}\b")
URL = re.compile(r"https?://\S+")
# A site path inside a sentence (the audit trail names the address a file came from): not words.
SITE_PATH = re.compile(r"(?<![\w/])/[\w.%?=&/-]+")
CJK = re.compile(r"[\u4e00-\u9fff]")


class _VisibleText(HTMLParser):
    """The strings a user reads: text outside script/style, and the attributes browsers show."""

    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        a = dict(attrs)
        for name in self.SHOWN_ATTRIBUTES:
            if a.get(name):
                self.strings.append(a[name])
        if tag == "input" and a.get("type") in {"submit", "button"} and a.get("value"):
            self.strings.append(a["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.strings.append(data.strip())


def internal_codes() -> set[str]:
    """Every TextChoices value of a model field that is a code rather than words, and every indicator id."""
    from breakzero.indicators.definitions import all_indicators

    codes = {i.id for i in all_indicators()}
    for model in apps.get_models():
        if not model.__module__.startswith("breakzero."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_\-]*", value) and len(value) > 2:
                    codes.add(value)
    return codes


def findings(html: str, codes: set[str]) -> list[str]:
    """The raw codes and English a page shows (empty when the page reads as Chinese)."""
    parser = _VisibleText()
    parser.feed(html)
    found = []
    for text in parser.strings:
        if URL.fullmatch(text):  # an address to copy (a check-in link): its path is not words
            continue
        for mark in MARKS:
            if mark in text:
                found.append(f"{mark!r} in {text[:80]!r}")
        for word in ASCII_WORD.findall(SITE_PATH.sub(" ", text)):
            if word in codes and word not in ALLOWED_WORDS:
                found.append(f"code {word!r} in {text[:80]!r}")
        if not CJK.search(text):
            for phrase in ENGLISH_PHRASE.findall(text):
                if not set(phrase.replace(",", " ").split()) <= ALLOWED_WORDS:
                    found.append(f"English {phrase!r}")
    return found


ROLES = list(Role)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_page_as_each_role_shows_no_raw_code_and_exports_typed_cells(role, full_world, client):
    """One walk per role (the machine is shared): each HTML page is read for raw codes and English,
    each xlsx download for text numbers and unmasked personal data (test_exports_numeric)."""
    codes = internal_codes()
    user = viewer(full_world, role)
    enterprise = full_world.get("enterprise")
    problems, export_problems, exports = [], [], 0
    with translation.override("zh-hans"):
        for url in page_urls(full_world):
            client.force_login(user)
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            content = xlsx_content(response)
            if content is not None:
                exports += 1
                export_problems += export_findings(url, content, user, enterprise)
                continue
            if response.status_code != 200 or response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            problems += [f"{url}: {f}" for f in findings(response.content.decode(errors="replace"), codes)]
    assert exports or role not in EXPORTING_ROLES, f"{role} reached no export at all"
    new, fixed = sweep_known.check("pages", role, problems)
    new_exports, fixed_exports = sweep_known.check("exports", role, export_problems)
    assert not new, f"{role} sees raw codes or English:\n" + "\n".join(new)
    assert not new_exports, f"{role}: exports with text numbers or unmasked data:\n" + "\n".join(new_exports)
    gone = [f"pages-{role}.txt: {f}" for f in fixed] + [f"exports-{role}.txt: {f}" for f in fixed_exports]
    if gone:  # a reminder, not a failure: what a page shows can differ a little between databases
        warnings.warn("fixed, delete these lines from sweep_known/:\n" + "\n".join(gone), stacklevel=1)


def test_findings_page_with_enum_value_reports_it():
    html = '<p>状态：pending</p><span class="badge">UNCONFIRMED</span><select><option>---------</option></select>'
    found = findings(html, {"pending"})
    assert any("pending" in f for f in found)
    assert any("UNCONFIRMED" in f for f in found)
    assert any("---------" in f for f in found)


def test_findings_chinese_page_reports_nothing():
    html = "<h1>破零企业数</h1><p>8.76 %</p><script>var pending = 'rd_intensity';</script><a title='导出 xlsx'>导出</a>"
    assert findings(html, {"pending", "rd_intensity"}) == []


def test_findings_site_path_is_not_read_as_words_but_a_code_beside_it_is():
    assert findings("<td>导出内容：/audit/export.xlsx；状态：200</td>", {"export"}) == []
    assert findings("<td>状态：export/audit</td>", {"export"}) != []


def test_findings_untranslated_english_message_reports_it():
    assert findings("<button>Save the changes</button>", set())
