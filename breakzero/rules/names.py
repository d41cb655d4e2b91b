"""Company and applicant names: a comparison key, branch parents, applicant kinds."""

from __future__ import annotations

import functools
import re
import string

from breakzero.rules.text import ascii_upper, remove_invisible, to_halfwidth

# Source: naming practice of 《企业名称登记管理规定》 (administrative division +
# trade name + industry + organisational form, branches named "<parent><place>
# 分公司") and the applicant fields of CNIPA patent records; no single
# shared/reference file covers names, so every rule here is a documented
# design decision.
#
# UNCONFIRMED (one place for this module): ``classify_applicant`` is a
# suffix heuristic. Short organisation names (≤ 4 CJK characters) ending in a
# one-character suffix other than 局/厅 are read as personal names, and an
# organisation whose name ends in 中心 without 公司 is "other". Review the
# result where it drives a decision (e.g. break-zero attribution).
#
# Canonical form (``normalize_company_name``): a comparison key, not a display
# name. NFKC half-width; every bracket kind -> ASCII "(" and ")"; no whitespace
# or zero-width characters; ASCII letters upper-case; middle dots -> "·"
# (U+00B7); no leading/trailing sentence punctuation or quotes. Store and show
# the registered name as entered; match on the key.

_OPEN_BRACKETS = "(（[［【〔〖{｛"
_CLOSE_BRACKETS = ")）]］】〕〗}｝"
_BRACKETS = str.maketrans(
    _OPEN_BRACKETS + _CLOSE_BRACKETS, "(" * len(_OPEN_BRACKETS) + ")" * len(_CLOSE_BRACKETS)
)
_MIDDLE_DOTS = str.maketrans(dict.fromkeys("·•・‧∙⋅･", "·"))
# Brackets, middle dots and ASCII upper-casing in one pass (their inputs and outputs are
# disjoint, so one table gives what the three translations in a row give).
_KEY_TABLE = {**_BRACKETS, **_MIDDLE_DOTS, **str.maketrans(string.ascii_lowercase, string.ascii_uppercase)}
_EDGE_PUNCTUATION = "。.,，;；、:：!！?？\"'“”‘’「」『』`"
_PARENT_SUFFIXES = ("有限责任公司", "有限公司")  # also ends 股份有限公司 and 集团有限公司
_BRANCH = "分公司"

_ENTERPRISE_SUFFIXES = (
    "公司", "(有限合伙)", "(普通合伙)", "有限合伙", "厂", "集团", "企业", "合作社",
    "商行", "经营部", "门市部", "店", "工作室", "事务所", "株式会社",
)  # fmt: skip
_ENTERPRISE_INFIXES = ("株式会社", "有限会社")
_INSTITUTE_SUFFIXES = (
    "研究院", "研究所", "研究中心", "研究室", "科学院", "实验室", "设计院", "研究站",
)  # fmt: skip
_UNIVERSITY_SUFFIXES = ("大学", "学院", "学校", "中学", "小学")
_OTHER_SUFFIXES = (
    "医院", "卫生院", "委员会", "政府", "协会", "学会", "联合会", "基金会", "中心",
    "办公室", "管委会", "局", "厅",
)  # fmt: skip
_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebef]"
_CJK_PERSON = re.compile(rf"{_CJK}{{2,4}}|{_CJK}{{1,8}}(?:·{_CJK}{{1,8}})+")
_LATIN_UPPER = re.compile(r"[A-Z]")
_CJK_CHAR = re.compile(_CJK)
_LATIN_PERSON = re.compile(r"[^\W\d_](?:[^\W\d_]|['.\- ,])*")  # letters, spaces, ' . - ,
_LATIN_WORDS = {
    "enterprise": {
        "CO", "COMPANY", "LTD", "LIMITED", "INC", "CORP", "CORPORATION", "LLC", "LLP",
        "GMBH", "AG", "SA", "SAS", "SPA", "BV", "NV", "PLC", "KG", "AB", "OY", "PTY",
        "GROUP", "TECHNOLOGY", "TECHNOLOGIES", "INDUSTRIES", "INDUSTRY", "HOLDINGS",
    },
    "university": {"UNIVERSITY", "COLLEGE", "SCHOOL", "POLYTECHNIC"},
    "institute": {"INSTITUTE", "LABORATORY", "LABORATORIES", "ACADEMY", "RESEARCH", "CENTRE", "CENTER"},
    "other": {"HOSPITAL", "BUREAU", "COMMITTEE", "GOVERNMENT", "MINISTRY", "ASSOCIATION", "FOUNDATION"},
}  # fmt: skip


@functools.lru_cache(maxsize=8192)
def normalize_company_name(text: str) -> str:
    """Comparison key of a company name (canonical form documented at the top).

    Example: ``' 湖南某某（长沙）科技有限公司。'`` -> ``'湖南某某(长沙)科技有限公司'``.
    Returns ``''`` when nothing is left. Cached: importers ask for the same names
    again (classify_applicant and branch_parent_name normalise their argument too).
    """
    cleaned = remove_invisible(to_halfwidth(text)).translate(_KEY_TABLE)
    # NFKC again: removing spaces can leave a letter and a combining mark to compose.
    return to_halfwidth(cleaned).strip(_EDGE_PUNCTUATION)


def _normalize_company_name_reference(text: str) -> str:
    """The step-by-step definition ``normalize_company_name`` must agree with (tests)."""
    cleaned = remove_invisible(to_halfwidth(text)).translate(_BRACKETS).translate(_MIDDLE_DOTS)
    return to_halfwidth(ascii_upper(cleaned)).strip(_EDGE_PUNCTUATION)


def branch_parent_name(normalized: str) -> str | None:
    """Normalised parent name of a 分公司, or None when not a branch or not derivable.

    The parent is the text up to and including the last 有限公司 / 有限责任公司
    (so also 股份有限公司, 集团有限公司) before the final 分公司:
    ``'湖南某某科技有限公司岳麓分公司'`` -> ``'湖南某某科技有限公司'``. A parent
    without such a suffix (e.g. a bare ``…公司``) gives None.
    """
    name = normalize_company_name(normalized)
    if not name.endswith(_BRANCH):
        return None
    head = name.removesuffix(_BRANCH)
    ends = [head.rfind(suffix) + len(suffix) for suffix in _PARENT_SUFFIXES if suffix in head]
    if not ends:
        return None
    end = max(ends)
    parent = head[:end]
    return None if parent in _PARENT_SUFFIXES else parent


def classify_applicant(name: str, *, key: str | None = None) -> str:
    """Kind of a patent applicant: 'person' | 'university' | 'institute' | 'enterprise' | 'other'.

    Decided by the name's ending, checked in this order (heuristic, see
    UNCONFIRMED above): enterprise (公司, 厂, 集团, 企业, 合作社, (有限合伙) …;
    so 某某研究院有限公司 is an enterprise), institute (研究院, 研究所,
    研究中心, 科学院, 实验室 …; before university because 科学院 ends in 学院),
    university (大学, 学院, 学校 …), other (医院, 委员会, 局, 中心 without 公司 …),
    person (2-4 CJK characters, or CJK parts joined by "·", or Latin letters
    without corporate words), else other. `key`: the name's normalize_company_name, when
    the caller has it already.
    """
    if key is None:
        key = normalize_company_name(name)
    if not key:
        return "other"
    if _LATIN_UPPER.search(key) and not _CJK_CHAR.search(key):
        return _classify_latin(to_halfwidth(name))
    key = _drop_trailing_note(key)
    if key.endswith(_ENTERPRISE_SUFFIXES) or any(infix in key for infix in _ENTERPRISE_INFIXES):
        return "enterprise"
    for kind, suffixes in (
        ("institute", _INSTITUTE_SUFFIXES),
        ("university", _UNIVERSITY_SUFFIXES),
        ("other", _OTHER_SUFFIXES),
    ):
        if key.endswith(suffixes):
            return kind
    return "person" if _CJK_PERSON.fullmatch(key) else "other"


def _drop_trailing_note(key: str) -> str:
    """Drop one trailing "(...)" note, keeping partnership markers: "某某厂(原…)" -> "某某厂"."""
    if key.endswith(")") and not key.endswith(("(有限合伙)", "(普通合伙)")) and "(" in key:
        stripped = key[: key.rfind("(")]
        return stripped or key
    return key


def _classify_latin(name: str) -> str:
    words = set(re.findall(r"[A-Z]+", ascii_upper(name)))
    for kind in ("enterprise", "institute", "university", "other"):
        if words & _LATIN_WORDS[kind]:
            return kind
    if _LATIN_PERSON.fullmatch(ascii_upper(name).strip()):
        return "person"
    return "other"
