"""Single cells of a patent export: legal status, grant documents, credit-code lists, text.

Django-free; RowParser (parsing.py) combines them into rows.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from breakzero.core.sheets import cell_text
from breakzero.rules.errors import InvalidCode
from breakzero.rules.patent_numbers import KIND_BY_TYPE_DIGIT, kind_agrees, kind_from_label
from breakzero.rules.uscc import parse_uscc

# Chinese legal-status texts → our statuses; checked in this order (the first keyword found
# wins), so "发明专利申请公布后的驳回" is a rejection and "未缴年费专利权终止" a lapse.
# Partial invalidation (部分无效) leaves the patent in force.
STATUS_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("部分无效", "granted"),
    ("全部无效", "invalidated"),
    ("无效", "invalidated"),
    ("权利转移", "transferred"),
    ("转让", "transferred"),
    ("驳回", "rejected"),
    ("撤回", "withdrawn"),
    ("放弃", "lapsed"),
    ("未缴年费", "lapsed"),
    ("期限届满", "lapsed"),
    ("权利终止", "lapsed"),
    ("终止", "lapsed"),
    ("失效", "lapsed"),
    ("有效", "granted"),
    ("授权", "granted"),
    ("专利权维持", "granted"),
    ("维持", "granted"),
    ("审中", "pending"),
    ("实质审查", "pending"),
    ("实审", "pending"),
    ("公开", "pending"),
    ("公布", "pending"),
    ("受理", "pending"),
    ("在审", "pending"),
)
STATUS_CODES = frozenset(
    {"pending", "granted", "rejected", "withdrawn", "lapsed", "invalidated", "transferred", "other"}
)
# Document kind codes that announce a grant (codes.md §2.5): invention B (B8/B9 reprints) or
# pre-2010 C — but C1–C7 are partial invalidations; utility model U/Y; design S/D.
GRANT_DOC = re.compile(r"^CN\d{7,9}(?:B[89]?|C|U[89]?|Y|S9?|D)$")
APPLICANT_SEPARATORS = re.compile(r"\s*(?:[;；、|]|\r?\n)\s*")


def map_legal_status(raw: str) -> str:
    """Our status of a legal-status text (Chinese or our code); unknown text → 'other'."""
    lowered = raw.strip().lower()
    if lowered in STATUS_CODES:
        return lowered
    for keyword, status in STATUS_KEYWORDS:
        if keyword in raw:
            return status
    return "other"


def split_usccs(value: Any, count: int, errors: list) -> list[str]:
    """The credit codes of a row's applicants (same separators as the names); errors appended."""
    text = cell_text(value)
    if not text:
        return [""] * count
    parts = APPLICANT_SEPARATORS.split(text)
    if len(parts) != count:
        errors.append(("申请人统一社会信用代码", text, f"代码个数（{len(parts)}）与申请人个数（{count}）不一致"))
        return [""] * count
    result = []
    for index, part in enumerate(parts, start=1):
        if part in {"", "-", "—", "/", "无"}:
            result.append("")
            continue
        try:
            result.append(parse_uscc(part).code)
        except InvalidCode as exc:
            errors.append(("申请人统一社会信用代码", part, f"第 {index} 个申请人的代码无效：{exc.message_zh}"))
            result.append("")
    return result


def cell_str(value: Any) -> str:
    """cell_text, faster for the common case of a plain string cell."""
    if type(value) is str:
        return value.strip() if value.isascii() else unicodedata.normalize("NFKC", value).strip()
    return cell_text(value)


def agreeing_kinds(label: str) -> frozenset[str]:
    """The number kinds a 专利类型 label agrees with (none for a label we cannot read)."""
    label_kind = kind_from_label(label)
    if label_kind is None:
        return frozenset()
    return frozenset(kind for kind in KIND_BY_TYPE_DIGIT.values() if kind_agrees(label_kind, kind))


def compact(text: str) -> str:
    """No spaces, upper case (publication numbers, IPC classes)."""
    return text.replace(" ", "").upper()
