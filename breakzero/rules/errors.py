"""The one error type the rules raise for a malformed identifier or code."""

from __future__ import annotations

REASONS: frozenset[str] = frozenset(
    {
        "empty",  # nothing left after normalisation
        "length",  # wrong number of characters
        "charset",  # a character outside the allowed alphabet
        "admin_code",  # USCC positions 3-8 are not six digits
        "uscc_check",  # USCC mod-31 check character (position 18) wrong
        "org_check",  # embedded organisation-code mod-11 check (position 17) wrong
        "patent_check",  # patent application number mod-11 check character wrong
        "format",  # any other unrecognised shape
    }
)


class InvalidCode(ValueError):
    """An identifier that fails a format or check rule.

    ``reason`` is machine-readable (one of ``REASONS``) so callers such as the
    sheet importer can group errors; ``message_zh`` and ``message_en`` say
    exactly what is wrong. ``str(exc)`` is ``"中文说明 / English explanation"``.
    """

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown InvalidCode reason {reason!r}")
        self.reason = reason
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{message_zh} / {message_en}")
