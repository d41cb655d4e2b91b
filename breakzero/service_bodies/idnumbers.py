"""Chinese resident ID numbers (GB 11643-1999): check digit, validation, masking. Pure Python."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # index = weighted sum mod 11 (GB 11643-1999 §8.2)
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalize_id_number(text: object) -> str:
    """Half-width, no spaces, upper-case X (people type 'x' and full-width digits)."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+", "", value).upper()


def id_check_character(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def validate_id_number(text: object) -> str:
    """Return the normalised number or raise ValueError with a Chinese reason."""
    value = normalize_id_number(text)
    if not value:
        raise ValueError("身份证号为空")
    if len(value) != 18:
        raise ValueError(f"身份证号应为 18 位，实为 {len(value)} 位")
    if not _SHAPE.match(value):
        raise ValueError("身份证号只能由数字和末位 X 组成")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValueError(f"身份证号中的出生日期 {value[6:14]} 不存在") from exc
    expected = id_check_character(value[:17])
    if value[17] != expected:
        raise ValueError(f"身份证号校验码错误（末位应为 {expected}）")
    return value


def is_valid_id_number(text: object) -> bool:
    try:
        validate_id_number(text)
    except ValueError:
        return False
    return True


def mask_id_number(value: str) -> str:
    """430***********1234: keep the first 3 and last 4 characters."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def make_id_number(first17: str) -> str:
    """Complete 17 digits with their check character (tests and demo data)."""
    return first17 + id_check_character(first17)
