"""Chinese patent application numbers (CNIPA): parse, check, build, and 专利类型 labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from breakzero.rules.errors import InvalidCode
from breakzero.rules.text import ascii_upper, remove_invisible, to_halfwidth

# Source for everything below: shared/reference/codes.md §2 (new format §2.1,
# old formats §2.2, mod-11 check §2.3, normalisation §2.4).
#
# UNCONFIRMED / decisions (one place for this module):
# * 1985-1988 numbers carry no check character (§2.2). We accept them with or
#   without one; the normalised ``number`` is the 8 digits alone (as printed
#   then), and ``check`` is still computed because §2.3 says "the same rule
#   works for the 8-digit old format". A check given on such a number is
#   verified.
# * Years 2003-2099 are accepted in the 12-digit format without reading the
#   clock (rules never read it); 2-digit years 85-99 and 00-03 in the old one.
# * The 专利类型 label mapping (``kind_from_label``) is a heuristic over the
#   column values seen in enterprise sheets, not an official vocabulary.

KIND_BY_TYPE_DIGIT: dict[str, str] = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "pct_invention",
    "9": "pct_utility_model",
}
_TYPE_DIGIT_BY_KIND = {kind: digit for digit, kind in KIND_BY_TYPE_DIGIT.items()}

KIND_LABELS_ZH: dict[str, str] = {
    "invention": "发明",
    "utility_model": "实用新型",
    "design": "外观设计",
    "pct_invention": "PCT发明",
    "pct_utility_model": "PCT实用新型",
}

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
_PREFIXES = ("CN", "ZL")
_KIND_CODE_TAIL = re.compile(r"[0-9.]+X?(?P<kind>[ABCDSUY][0-9]?)")
_LABEL_SUFFIXES = ("专利申请", "专利", "申请", "授权", "公开", "公布", "PATENT")
_LABEL_NOISE = re.compile(r"[()\[\]【】〔〕\-_]")
_LABEL_KINDS = {
    "发明": "invention",
    "INVENTION": "invention",
    "实用新型": "utility_model",
    "实用": "utility_model",
    "新型": "utility_model",
    "UTILITYMODEL": "utility_model",
    "外观设计": "design",
    "外观": "design",
    "DESIGN": "design",
}


@dataclass(frozen=True)
class ApplicationNumber:
    """A checked CNIPA application number (codes.md §2.1-§2.3)."""

    number: str  # '202010123456.7', '02112345.4', or 8 digits for 1985-1988
    year: int  # filing year (PCT: year of national-phase entry)
    kind: str  # one of KIND_BY_TYPE_DIGIT's values
    check: str  # '0'-'9' or 'X' (computed for 1985-1988 numbers)
    is_old_format: bool  # 8-digit body (before October 2003)

    @property
    def patent_number(self) -> str:
        """The granted patent's 专利号: ``ZL`` + application number (codes.md §2.4)."""
        return "ZL" + self.number


def parse_application_number(text: str) -> ApplicationNumber:
    """Parse any printed form of an application number (codes.md §2.4).

    Accepts ``CN``/``ZL`` prefixes, spaces anywhere, full-width characters,
    ``．``/``。`` as the dot, lower-case ``x``, the dot omitted, and a missing
    check character on a 12-digit body (then computed). Raises
    ``InvalidCode``: ``empty``, ``charset`` (stray letters), ``format``
    (unknown shape, year or type digit; kind codes A/B/U... which belong to
    publication numbers) or ``patent_check`` (wrong check character, §2.3).
    """
    cleaned = ascii_upper(remove_invisible(to_halfwidth(text).replace("。", ".")))
    core = cleaned[2:] if cleaned.startswith(_PREFIXES) else cleaned
    if not core:
        raise InvalidCode("empty", "专利申请号为空", "the patent application number is empty")
    _reject_kind_code(core)
    _reject_stray_characters(core)
    body, given = _split_check(core)
    year, is_old = _year_of(body, has_check=given is not None)
    kind = _kind_of(body[2] if is_old else body[4])
    check = patent_check_character(body)
    if given is not None and given != check:
        raise InvalidCode(
            "patent_check",
            f"校验位错误：申请号 {body} 的校验位应为 {check}，实为 {given}",
            f"check character wrong: for {body} it should be {check}, got {given}",
        )
    number = body if is_old and year <= 1988 else f"{body}.{check}"
    return ApplicationNumber(number, year, kind, check, is_old)


def is_valid_application_number(text: str) -> bool:
    """True when ``parse_application_number`` accepts the text; never raises."""
    try:
        parse_application_number(text)
    except (InvalidCode, TypeError):
        return False
    return True


def patent_check_character(body: str) -> str:
    """Mod-11 check character of an 8- or 12-digit body (codes.md §2.3).

    Digits times the repeating weights 2..9, summed, mod 11; 10 is ``X``.
    Raises ``InvalidCode`` (``format``) for any other body.
    """
    if len(body) not in (8, 12) or not (body.isascii() and body.isdigit()):
        raise InvalidCode(
            "format",
            f"申请号本体应为 8 位或 12 位数字，实为 {body!r}",
            f"the body must be 8 or 12 digits, got {body!r}",
        )
    total = sum(int(d) * _WEIGHTS[i % 8] for i, d in enumerate(body))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def patent_check_character_of(body: int) -> str:
    """patent_check_character of a 12-digit body given as an integer (0 ≤ body < 10**12).

    For million-row imports: each 4-digit part's weighted sum is looked up in a table
    (built once from the same weights), no text is sliced. Tests compare the two."""
    first, rest = divmod(body, 100_000_000)
    middle, last = divmod(rest, 10_000)
    return _CHECK_CHARACTERS[(_PART_SUMS[0][first] + _PART_SUMS[1][middle] + _PART_SUMS[2][last]) % 11]


def _part_sums(weights: tuple[int, ...]) -> list[int]:
    return [sum(int(d) * w for d, w in zip(f"{n:04d}", weights, strict=True)) for n in range(10_000)]


_BODY_WEIGHTS = (*_WEIGHTS, *_WEIGHTS[:4])  # a 12-digit body: the weights 2..9 repeat
_PART_SUMS = tuple(_part_sums(_BODY_WEIGHTS[i : i + 4]) for i in (0, 4, 8))
_CHECK_CHARACTERS = "0123456789X"


def make_application_number(year: int, kind: str, serial: int) -> str:
    """Build a normalised application number (for demo data; codes.md §2.1-§2.3).

    2003-2099: ``YYYY T NNNNNNN . C`` (serial 0..9999999); 1985-2002: the old
    ``YY T NNNNN . C`` (serial 0..99999), without check for 1985-1988.
    Raises ``InvalidCode`` (``format``) on an unknown kind or out-of-range input.
    """
    if kind not in _TYPE_DIGIT_BY_KIND:
        raise InvalidCode("format", f"未知的专利类型 {kind!r}", f"unknown patent kind {kind!r}")
    digit = _TYPE_DIGIT_BY_KIND[kind]
    if 2003 <= year <= 2099 and 0 <= serial <= 9_999_999:
        body = f"{year}{digit}{serial:07d}"
    elif 1985 <= year <= 2002 and 0 <= serial <= 99_999:
        body = f"{year % 100:02d}{digit}{serial:05d}"
    else:
        raise InvalidCode(
            "format",
            f"年份 {year} 或流水号 {serial} 超出范围",
            f"year {year} or serial {serial} out of range",
        )
    return body if year <= 1988 else f"{body}.{patent_check_character(body)}"


def kind_from_label(label: str) -> str | None:
    """Map a 专利类型 column value to a kind, or None when not recognised.

    Understands 发明/发明专利/发明申请/发明授权/发明专利申请, 实用新型(专利),
    外观设计(专利)/外观, a ``PCT`` mark (PCT发明, 发明(PCT), PCT实用新型) and the
    English words. Heuristic over sheet values (see UNCONFIRMED above); the number's
    type digit stays authoritative, compare with ``kind_agrees``.
    """
    cleaned = _LABEL_NOISE.sub("", ascii_upper(remove_invisible(to_halfwidth(label))))
    is_pct = "PCT" in cleaned
    cleaned = cleaned.replace("PCT", "")
    stripped = True
    while stripped:
        stripped = False
        for suffix in _LABEL_SUFFIXES:
            if cleaned.endswith(suffix) and cleaned != suffix:
                cleaned, stripped = cleaned.removesuffix(suffix), True
    kind = _LABEL_KINDS.get(cleaned)
    if kind is None or not is_pct:
        return kind
    return {"invention": "pct_invention", "utility_model": "pct_utility_model"}.get(kind)


def kind_agrees(label_kind: str, number_kind: str) -> bool:
    """True when a sheet's kind label is consistent with the number's type digit.

    A plain "发明" label also covers a PCT national-phase invention (type 8),
    and "实用新型" a PCT utility model (type 9): sheets rarely say PCT. A PCT
    label on a non-PCT number does not agree.
    """
    if label_kind == number_kind:
        return True
    return (label_kind, number_kind) in {
        ("invention", "pct_invention"),
        ("utility_model", "pct_utility_model"),
    }


def _reject_kind_code(core: str) -> None:
    match = _KIND_CODE_TAIL.fullmatch(core)
    if match:
        kind = match.group("kind")
        raise InvalidCode(
            "format",
            f"申请号不带文献种类代码 {kind}：以 A/B/U/S 等结尾的是公开号或公告号，请填写申请号",
            f"an application number carries no kind code ({kind}): numbers ending in "
            "A/B/U/S... are publication numbers, give the application number",
        )


def _reject_stray_characters(core: str) -> None:
    for char in core:
        if not (char.isascii() and (char.isdigit() or char in ".X")):
            raise InvalidCode(
                "charset",
                f"字符 {char!r} 不允许：申请号只含数字、小数点和校验位 X",
                f"character {char!r} is not allowed: only digits, the dot and the check X",
            )


def _split_check(core: str) -> tuple[str, str | None]:
    """Split into body and given check character (None when absent)."""
    if "." in core:
        body, _, check = core.partition(".")
    elif len(core) in (9, 13):
        body, check = core[:-1], core[-1]
    else:
        body, check = core, ""
    if (
        len(body) not in (8, 12)
        or len(check) > 1
        or "X" in body
        or "." in check
        or ("." in core and not check)
    ):
        raise InvalidCode(
            "format",
            f"无法识别的申请号 {core}：应为 12 位数字加校验位（如 202010123456.7）"
            "或 8 位数字加校验位（如 02112345.4）",
            f"unrecognised application number {core}: expected 12 digits plus a check "
            "character (202010123456.7) or 8 digits plus one (02112345.4)",
        )
    return body, check or None


def _kind_of(type_digit: str) -> str:
    """Kind from the type digit: 5th character (new format) or 3rd (old), codes.md §2.1."""
    if type_digit not in KIND_BY_TYPE_DIGIT:
        raise InvalidCode(
            "format",
            f"专利类型位为 {type_digit}，应为 1、2、3、8 或 9",
            f"type digit is {type_digit}, must be 1, 2, 3, 8 or 9",
        )
    return KIND_BY_TYPE_DIGIT[type_digit]


def _year_of(body: str, *, has_check: bool) -> tuple[int, bool]:
    """Filing year and whether the body is the old 8-digit format (codes.md §2.2)."""
    if len(body) == 12:
        year = int(body[:4])
        if not 2003 <= year <= 2099:
            raise InvalidCode(
                "format",
                f"12 位申请号的年份 {year} 无效：新格式用于 2003-2099 年",
                f"year {year} is invalid for the 12-digit format (2003-2099)",
            )
        return year, False
    two_digits = int(body[:2])
    if not (85 <= two_digits <= 99 or two_digits <= 3):
        raise InvalidCode(
            "format",
            f"8 位申请号的年份 {body[:2]} 无效：旧格式只用于 1985-2003 年",
            f"year {body[:2]} is invalid for the 8-digit format (1985-2003 only)",
        )
    year = 1900 + two_digits if two_digits >= 85 else 2000 + two_digits
    if year > 1988 and not has_check:
        raise InvalidCode(
            "format",
            f"{year} 年的 8 位申请号缺少校验位（只有 1985-1988 年的申请号没有校验位）",
            f"an 8-digit number from {year} needs its check character (only 1985-1988 numbers have none)",
        )
    return year, True
