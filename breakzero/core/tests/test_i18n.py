"""English translation: the switcher turns it on, Chinese stays the default, and the catalogue is complete.

Refresh the catalogue after adding UI text (then translate the new entries and commit both files):
    .venv/bin/python manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*' --ignore 'node_modules/*' --ignore 'bench/*'
    .venv/bin/python manage.py compilemessages -l en --ignore '.venv/*'
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
CHINESE_NAV = ["首页", "专利与破零", "调度进度", "梯度培育", "政策体检", "服务体系"]
ENGLISH_NAV = ["Home", "Patents and break-zero", "Progress", "Tiered cultivation", "Policy check-up", "Service system"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]|\{\w*\}")  # printf-style and str.format-style


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests activate English in this thread; later tests must start in Chinese again."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _choose_english(client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def _page(client, name: str, **headers) -> str:
    response = client.get(reverse(name), **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_login_page_english_chosen_renders_english(client):
    _choose_english(client)
    html = _page(client, "accounts:login")
    assert "Sign in" in html
    assert "登录" not in html
    assert "Hunan SME Technological Innovation Platform" in html


@pytest.mark.django_db
def test_home_english_chosen_renders_english_nav(client_for, province_official):
    client = client_for(province_official)
    _choose_english(client)
    html = _page(client, "core:home")
    for label in ENGLISH_NAV:
        assert label in html
    for label in CHINESE_NAV + ["退出", "账户"]:
        assert f">{label}<" not in html
    assert "Sign out" in html


@pytest.mark.django_db
def test_home_no_choice_english_browser_renders_chinese(client_for, province_official):
    html = _page(client_for(province_official), "core:home", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    for label in CHINESE_NAV:
        assert f">{label}<" in html
    assert "Policy check-up" not in html


@pytest.mark.django_db
def test_login_no_choice_english_browser_renders_chinese(client):
    html = _page(client, "accounts:login", HTTP_ACCEPT_LANGUAGE="en")
    assert "登录" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_login_switch_back_to_chinese_renders_chinese(client):
    _choose_english(client)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "登录" in _page(client, "accounts:login")


def test_catalogue_every_msgid_has_translation():
    entries = _read_po(CATALOGUE / "django.po")
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"])]
    assert untranslated == [], "untranslated entries in django.po"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == [], "fuzzy entries in django.po: check and remove the flag"


def test_catalogue_translations_keep_placeholders():
    wrong = [
        (e["msgid"], s)
        for e in _read_po(CATALOGUE / "django.po")
        for n, s in enumerate(e["msgstr"])
        if _placeholders(s) != _placeholders(e["msgid_plural"] if n and e["msgid_plural"] else e["msgid"])
    ]
    assert wrong == []


def test_placeholders_reads_printf_and_format_styles():
    assert _placeholders("共 %(n)s 条，%d 页，{name} 与 45%%") == ["%%", "%(n)s", "%d", "{name}"]
    assert _placeholders("%(n)s entries") != _placeholders("%(count)s entries")


def test_catalogue_compiled_mo_matches_po():
    """The committed .mo is what Django loads; a forgotten compilemessages shows up here."""
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e["msgid"]
        for e in _read_po(CATALOGUE / "django.po")
        if (compiled.ngettext(e["msgid"], e["msgid_plural"], 1) if e["msgid_plural"] else compiled.gettext(e["msgid"]))
        != e["msgstr"][0]
    ]
    assert stale == [], "run compilemessages: django.mo is older than django.po"


def test_read_po_parses_multiline_plural_and_flags():
    text = '#, fuzzy\nmsgid ""\nmsgstr "Header: x\\n"\n\n#, python-format\nmsgid "共 %(n)s 条"\nmsgid_plural "共 %(n)s 条"\nmsgstr[0] "%(n)s entry"\nmsgstr[1] ""\n\nmsgid ""\n"长"\n"句"\nmsgstr "Long "\n"sentence"\n\n#~ msgid "旧"\n#~ msgstr "Old"\n'
    entries = _parse_po(text)
    assert [e["msgid"] for e in entries] == ["共 %(n)s 条", "长句"]
    assert entries[0]["msgstr"] == ["%(n)s entry", ""]
    assert entries[0]["flags"] == {"python-format"}
    assert entries[1]["msgstr"] == ["Long sentence"]


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _read_po(path: Path) -> list[dict]:
    return _parse_po(path.read_text(encoding="utf-8"))


def _parse_po(text: str) -> list[dict]:
    """A tiny .po reader: entries (header and obsolete `#~` ones skipped) with msgid, msgid_plural,
    msgstr list and flags."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        key = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            elif not line.startswith("#") and line.strip():
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            msgstr = [fields[k] for k in sorted(fields) if k.startswith("msgstr")]
            entries.append({"msgid": fields["msgid"], "msgid_plural": fields.get("msgid_plural"), "msgstr": msgstr, "flags": flags})
    return entries


@pytest.mark.parametrize(
    "message",
    [
        "The page could not be created due to validation errors.",
        "The page could not be saved due to validation errors.",
        "The %(model_name)s could not be saved due to errors.",
    ],
)
def test_wagtail_admin_errors_chinese_interface_read_chinese(message):
    """Wagtail's own zh_Hans catalogue lacks these; ours (LOCALE_PATHS, read first) supplies them."""
    with translation.override("zh-hans"):
        translated = translation.gettext(message)
    assert translated != message and re.search(r"[\u4e00-\u9fff]", translated)
    assert ("%(model_name)s" in translated) == ("%(model_name)s" in message)
