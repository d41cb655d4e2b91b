"""统一社会信用代码 (USCC, GB 32100-2015): normalise, validate, build."""

from __future__ import annotations

import string
from dataclasses import dataclass

from breakzero.rules.data.hunan_divisions import CURRENT_DIVISION_CODES, HISTORICAL_DIVISION_CODES
from breakzero.rules.errors import InvalidCode
from breakzero.rules.text import ascii_upper, remove_dashes, remove_invisible, to_halfwidth

# Source for everything below: GB 32100-2015 as described in
# shared/reference/codes.md §1 (structure §1.1, alphabet §1.2, mod-31 check
# §1.3, embedded GB 11714 mod-11 check §1.4, validation order §1.6).
#
# UNCONFIRMED (one place for this module):
# * Authority codes other than 1, 5, 9, Y (codes.md §1.5) are unverified, so
#   an unknown position-1 code is never rejected; anything but 91/92/93 only
#   produces an advisory warning (manual review), per §1.5 and §1.6 step 7.
# * The division warning uses the 2021-2022 Hunan snapshot plus the known
#   historical codes (data/hunan_divisions.py); it is advisory only because
#   registrars keep old codes alive (§1.7).
# * §1.6 lists "charset" (step 3) before "admin_code" (step 4). We read step 3
#   as "every character is an ASCII digit or capital, and positions 1-2 and
#   9-18 are in the 31-character alphabet", and step 4 as "positions 3-8 are
#   digits": so a letter inside the division code (914301O0...) is
#   "admin_code", any other stray character is "charset".
# * Legacy pilot codes that fail the checksums are legally valid (§1.7); the
#   caller offers "accept with manual confirmation" on reason uscc_check /
#   org_check, this module never silently accepts them.

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, ...
_ORG_VALUE = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)}  # A=10 .. Z=35
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_SME_PREFIXES = frozenset({"91", "92", "93"})  # 企业, 个体工商户, 农民专业合作社
_HUNAN_DIVISIONS = CURRENT_DIVISION_CODES | HISTORICAL_DIVISION_CODES
USCC_LENGTH = 18


@dataclass(frozen=True)
class Uscc:
    """A USCC that passed every hard rule of codes.md §1.6 (steps 1-6)."""

    code: str  # normalised, 18 characters
    authority: str  # position 1, 登记管理部门代码
    category: str  # position 2, 机构类别代码
    division_code: str  # positions 3-8, registering authority's GB/T 2260 code
    org_code: str  # positions 9-17, GB 11714 organisation code incl. its check
    warnings: tuple[str, ...] = ()  # advisory issues of §1.6 step 7, "中文 / English"


def normalize_uscc(text: str) -> str:
    """Normalise a USCC as codes.md §1.6 step 1 says.

    NFKC (full-width to half-width), drop all whitespace (incl. U+3000, U+00A0,
    zero-width characters) and every kind of hyphen or dash, upper-case ASCII.
    """
    return ascii_upper(remove_dashes(remove_invisible(to_halfwidth(text))))


def parse_uscc(text: str) -> Uscc:
    """Validate a USCC in the order of codes.md §1.6 and return its parts.

    Hard rules (raise ``InvalidCode``): empty, length 18 (``length``), allowed
    characters (``charset``), division code digits (``admin_code``), mod-31
    check at position 18 (``uscc_check``, §1.3), mod-11 check at position 17
    (``org_check``, §1.4). Advisory rules (§1.6 step 7) go to ``warnings``.
    """
    code = normalize_uscc(text)
    if not code:
        raise InvalidCode("empty", "统一社会信用代码为空", "the unified social credit code is empty")
    if len(code) != USCC_LENGTH:
        raise InvalidCode(
            "length",
            f"长度错误：应为 18 位，实为 {len(code)} 位",
            f"wrong length: expected 18 characters, got {len(code)}",
        )
    _check_charset(code)
    _check_division_digits(code)
    _check_character("uscc_check", 18, uscc_check_character(code[:17]), code[17])
    _check_character("org_check", 17, org_check_character(code[8:16]), code[16])
    return Uscc(
        code=code,
        authority=code[0],
        category=code[1],
        division_code=code[2:8],
        org_code=code[8:17],
        warnings=_advisory_warnings(code),
    )


def is_valid_uscc(text: str) -> bool:
    """True when ``parse_uscc`` accepts the text (codes.md §1.6); never raises."""
    try:
        parse_uscc(text)
    except (InvalidCode, TypeError):
        return False
    return True


def uscc_check_character(first17: str) -> str:
    """Mod-31 check character for positions 1-17 (codes.md §1.3, GB 32100-2015).

    Weights ``3^(i-1) mod 31``; ``check = (31 - S mod 31) mod 31`` mapped back
    through the 31-character alphabet. Raises ``InvalidCode`` on bad input.
    """
    if len(first17) != 17:
        raise InvalidCode(
            "length",
            f"计算校验码需要前 17 位，实为 {len(first17)} 位",
            f"the check needs the first 17 characters, got {len(first17)}",
        )
    for position, char in enumerate(first17, start=1):
        if char not in _VALUE:
            raise _charset_error(position, char)
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_check_character(body8: str) -> str:
    """GB 11714 organisation-code check character for 8 body characters (codes.md §1.4).

    Values 0-9 and A=10 .. Z=35, weights 3, 7, 9, 10, 5, 8, 4, 2;
    ``C = 11 - S mod 11``; 10 -> ``X``, 11 -> ``0``. Raises ``InvalidCode``.
    """
    if len(body8) != 8:
        raise InvalidCode(
            "length",
            f"组织机构代码本体应为 8 位，实为 {len(body8)} 位",
            f"the organisation code body must have 8 characters, got {len(body8)}",
        )
    for position, char in enumerate(body8, start=1):
        if char not in _ORG_VALUE:
            raise InvalidCode(
                "charset",
                f"组织机构代码第 {position} 位字符 {char!r} 不允许（只允许数字和大写字母）",
                f"organisation code position {position}: character {char!r} is not allowed "
                "(digits and capital letters only)",
            )
    remainder = 11 - sum(_ORG_VALUE[c] * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def make_uscc(authority_category: str, division_code: str, body8: str) -> str:
    """Build a fully valid USCC from its parts (for demo data).

    ``authority_category`` is positions 1-2 (e.g. ``"91"``), ``division_code``
    the 6-digit GB/T 2260 code, ``body8`` the organisation-code body in the
    31-character alphabet; both check characters are computed (codes.md
    §1.3, §1.4). Raises ``InvalidCode`` on a malformed part.
    """
    parts = (normalize_uscc(authority_category), normalize_uscc(division_code), normalize_uscc(body8))
    labels = (
        ("登记管理部门和机构类别代码", "authority and category"),
        ("行政区划码", "division code"),
        ("主体标识码本体", "organisation code body"),
    )
    for part, size, (label_zh, label_en) in zip(parts, (2, 6, 8), labels, strict=True):
        if len(part) != size:
            raise InvalidCode(
                "length",
                f"{label_zh}应为 {size} 位，实为 {len(part)} 位",
                f"{label_en} must have {size} characters, got {len(part)}",
            )
    without_checks = parts[0] + parts[1] + parts[2]
    _check_charset(without_checks)
    _check_division_digits(without_checks)
    first17 = without_checks + org_check_character(parts[2])
    return first17 + uscc_check_character(first17)


def _check_charset(code: str) -> None:
    """Step 3: ASCII digits/capitals everywhere; the 31-character alphabet outside 3-8."""
    for position, char in enumerate(code, start=1):
        in_division = 3 <= position <= 8
        allowed = char.isascii() and char.isalnum() if in_division else char in _VALUE
        if not allowed:
            raise _charset_error(position, char)


def _check_division_digits(code: str) -> None:
    """Step 4: positions 3-8 are the 6-digit division code."""
    for position in range(3, 9):
        char = code[position - 1]
        if not char.isdigit():
            raise InvalidCode(
                "admin_code",
                f"第 {position} 位应为数字（第 3-8 位是登记管理机关行政区划码），实为 {char}",
                f"position {position} must be a digit (positions 3-8 are the registering "
                f"authority's division code), got {char}",
            )


def _check_character(reason: str, position: int, expected: str, actual: str) -> None:
    if expected == actual:
        return
    if reason == "uscc_check":
        zh, en = "校验码错误", "check character wrong"
    else:
        zh, en = "组织机构代码校验码错误", "organisation code check character wrong"
    raise InvalidCode(
        reason,
        f"{zh}：第{position}位应为 {expected}，实为 {actual}",
        f"{en}: position {position} should be {expected}, got {actual}",
    )


def _charset_error(position: int, char: str) -> InvalidCode:
    hint_zh = "（字母 I、O、S、V、Z 不使用）" if char in "IOSVZ" else ""
    hint_en = " (I, O, S, V and Z are never used)" if char in "IOSVZ" else ""
    return InvalidCode(
        "charset",
        f"第 {position} 位字符 {char!r} 不允许{hint_zh}",
        f"position {position}: character {char!r} is not allowed{hint_en}",
    )


def _advisory_warnings(code: str) -> tuple[str, ...]:
    """Step 7 of codes.md §1.6: flag for manual review, never reject."""
    warnings: list[str] = []
    prefix, division = code[:2], code[2:8]
    if prefix not in _SME_PREFIXES:
        warnings.append(
            f"第 1-2 位为 {prefix}，不是市场监管部门登记的企业、个体工商户或农民专业合作社"
            f"（91/92/93），需人工审核 / positions 1-2 are {prefix}, not a company, sole "
            "proprietorship or farmers' cooperative registered by market regulation "
            "(91/92/93); review manually"
        )
    if not division.startswith("43"):
        warnings.append(
            f"登记机关行政区划码 {division} 不在湖南（43 开头），企业在省外登记 / registration "
            f"authority division {division} is outside Hunan (not 43): registered in another province"
        )
    elif division not in _HUNAN_DIVISIONS:
        warnings.append(
            f"行政区划码 {division} 不在湖南现行或历史区划表中 / division code {division} "
            "is in neither the current nor the historical Hunan division table"
        )
    return tuple(warnings)
