"""Unicode clean-up shared by the identifier and company-name normalisers."""

from __future__ import annotations

import string
import unicodedata

_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
# Dash-like characters outside Unicode category Pd that people paste into codes.
_EXTRA_DASHES = frozenset("\u2212\u2043\u02d7\u2796")


def to_halfwidth(text: str) -> str:
    """Apply NFKC: full-width letters, digits and punctuation become half-width.

    NFKC also turns U+3000 and U+00A0 into ordinary spaces, which
    ``remove_invisible`` then drops.
    """
    return unicodedata.normalize("NFKC", text)


def remove_invisible(text: str) -> str:
    """Drop every whitespace character and every format character (Cf).

    Cf covers zero-width space U+200B, joiners U+200C/U+200D, word joiner
    U+2060, BOM U+FEFF and soft hyphen U+00AD, all common in copied text.
    """
    if text.isprintable():
        # Fast path (same result): every Cf and every whitespace character except the
        # ASCII space is non-printable, so a printable text has at most spaces to drop.
        return text.replace(" ", "") if " " in text else text
    return _remove_invisible_slow(text)


def _remove_invisible_slow(text: str) -> str:
    """Reference implementation of ``remove_invisible``: a per-character scan."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def remove_dashes(text: str) -> str:
    """Drop hyphens and dashes of every kind (Unicode Pd plus minus signs)."""
    return "".join(c for c in text if unicodedata.category(c) != "Pd" and c not in _EXTRA_DASHES)


def ascii_upper(text: str) -> str:
    """Upper-case ASCII letters only; other scripts are left as they are.

    ``str.upper`` would change lengths (``'ß'`` -> ``'SS'``) and confuse the
    length checks of the code parsers.
    """
    return text.translate(_ASCII_UPPER)
