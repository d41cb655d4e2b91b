"""GB/T 4754-2017 industry codes: normalise, and derive section and division."""

from __future__ import annotations

import re

from breakzero.rules.data.industry_gbt4754 import INDUSTRY_GBT4754
from breakzero.rules.text import ascii_upper, remove_invisible, to_halfwidth

# Source: GB/T 4754-2017 as summarised in shared/reference/codes.md §4 and the
# table shared/reference/industry-gbt4754.csv (copied into
# data/industry_gbt4754.py so this package reads no file at run time).
#
# UNCONFIRMED (one place for this module): only sections and divisions are
# shipped, so a 3-digit group or 4-digit class is checked only for a known
# division, not against the full class list (the 2019 amendment changed some
# classes, codes.md §4).

SECTION_RANGES: tuple[tuple[str, int, int], ...] = (
    ("A", 1, 5), ("B", 6, 12), ("C", 13, 43), ("D", 44, 46), ("E", 47, 50),
    ("F", 51, 52), ("G", 53, 60), ("H", 61, 62), ("I", 63, 65), ("J", 66, 69),
    ("K", 70, 70), ("L", 71, 72), ("M", 73, 75), ("N", 76, 79), ("O", 80, 82),
    ("P", 83, 83), ("Q", 84, 85), ("R", 86, 90), ("S", 91, 96), ("T", 97, 97),
)  # fmt: skip
SECTION_NAMES: dict[str, str] = {code: name for code, (name, _) in INDUSTRY_GBT4754.items() if code.isalpha()}
DIVISION_NAMES: dict[str, str] = {
    code: name for code, (name, _) in INDUSTRY_GBT4754.items() if code.isdigit()
}
_SHAPE = re.compile(r"(?P<section>[A-Z])?(?P<digits>[0-9]{2,4})?")


def normalize_industry_code(text: str) -> str:
    """Normalise a GB/T 4754-2017 code to a section letter or 2-4 digits (codes.md §4).

    Accepts ``'C'``, ``'c'``, ``'13'``, ``'131'``, ``'1311'``, ``'C13'``,
    ``'C1311'``, full-width characters and spaces. A section-letter prefix is
    dropped after checking that it is the division's section. Raises
    ``ValueError`` (Chinese / English) on an empty text, an unknown shape, an
    unknown section or division, or a prefix of the wrong section.
    """
    cleaned = ascii_upper(remove_invisible(to_halfwidth(text)))
    match = _SHAPE.fullmatch(cleaned)
    if not cleaned or match is None:
        raise _error(
            f"无法识别的行业代码 {text!r}：应为门类字母或 2-4 位数字（如 C、13、C1311）",
            f"unrecognised industry code {text!r}: expected a section letter or 2-4 digits (C, 13, C1311)",
        )
    section, digits = match.group("section"), match.group("digits")
    if digits is None:
        if section not in SECTION_NAMES:
            raise _error(f"未知的行业门类 {section}", f"unknown industry section {section}")
        return section
    actual = _section_of_division(digits[:2])
    if section is not None and section != actual:
        raise _error(
            f"行业代码 {cleaned} 前缀错误：大类 {digits[:2]} 属于门类 {actual}，不是 {section}",
            f"industry code {cleaned} has the wrong prefix: division {digits[:2]} is in "
            f"section {actual}, not {section}",
        )
    return digits


def section_of(code: str) -> str:
    """Section letter (门类) of any accepted code, from the division ranges of codes.md §4."""
    normalised = normalize_industry_code(code)
    return normalised if normalised.isalpha() else _section_of_division(normalised[:2])


def division_of(code: str) -> str:
    """Two-digit division (大类) of a 2-4 digit code (GB/T 4754-2017, codes.md §4).

    A class code starts with its division code. Raises ``ValueError`` for a
    bare section letter, which spans several divisions.
    """
    normalised = normalize_industry_code(code)
    if normalised.isalpha():
        raise _error(
            f"门类 {normalised} 包含多个大类，请给出 2-4 位行业代码",
            f"section {normalised} spans several divisions: give a 2-4 digit code",
        )
    return normalised[:2]


def industry_name(code: str) -> str:
    """Name of the code's division, or of the section for a bare letter (industry-gbt4754.csv)."""
    normalised = normalize_industry_code(code)
    if normalised.isalpha():
        return SECTION_NAMES[normalised]
    return DIVISION_NAMES[normalised[:2]]


def _section_of_division(division: str) -> str:
    if division in DIVISION_NAMES:
        number = int(division)
        for section, low, high in SECTION_RANGES:
            if low <= number <= high:
                return section
    raise _error(
        f"未知的行业大类 {division}（GB/T 4754-2017 大类为 01-97）",
        f"unknown industry division {division} (GB/T 4754-2017 divisions are 01-97)",
    )


def _error(message_zh: str, message_en: str) -> ValueError:
    return ValueError(f"{message_zh} / {message_en}")
