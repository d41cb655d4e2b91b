"""Masking personal data for lists, exports and API responses (个人信息保护法).

Pure functions; showing the unmasked value is a deliberate, audited action
(core.signals.personal_data_revealed) for roles that need it.
"""

import re

MASK = "*"


def mask_phone(value: str | None) -> str:
    """Mobile 13812345678 → 138****5678; landline 0731-88881234 → 0731-****1234."""
    text = (value or "").strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    if len(digits) <= 4:
        return MASK * len(digits)
    if re.fullmatch(r"(\+?86)?1\d{10}", re.sub(r"[\s-]", "", text)):
        mobile = digits[-11:]
        return f"{mobile[:3]}{MASK * 4}{mobile[-4:]}"
    if "-" in text:
        area, _, rest = text.partition("-")
        rest_digits = re.sub(r"\D", "", rest)
        return f"{area}-{MASK * max(0, len(rest_digits) - 4)}{rest_digits[-4:]}"
    return f"{MASK * (len(digits) - 4)}{digits[-4:]}"


def mask_id_number(value: str | None) -> str:
    """Resident ID 430104199001011234 → 4301**********1234 (region prefix and last four kept)."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) <= 8:
        return MASK * len(text)
    return f"{text[:4]}{MASK * (len(text) - 8)}{text[-4:]}"


def mask_email(value: str | None) -> str:
    """zhang.san@example.com → z*******@example.com."""
    text = (value or "").strip()
    if "@" not in text:
        return MASK * len(text) if text else ""
    local, _, domain = text.rpartition("@")
    if not local:
        return f"{MASK}@{domain}"
    return f"{local[0]}{MASK * max(1, len(local) - 1)}@{domain}"
