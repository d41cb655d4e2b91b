"""PostgreSQL COPY text format (tab-separated, \\N for NULL, backslash escapes). Django-free.

Used where rows are formatted away from the database connection (parallel parsing
workers) and written to COPY as ready text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

NULL = "\\N"
# Backslash, tab, newline and carriage return are escaped; NUL cannot be stored in PostgreSQL
# text at all and is dropped (it is never meaningful in an exported cell).
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": None})
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_UNESCAPE = re.compile(r"\\([\\tnr])")


def copy_value(value: Any) -> str:
    """One value as COPY text."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return str(value).translate(_ESCAPES)


def copy_unescape(text: str) -> str:
    """A text field of a COPY line back to its value (the inverse of copy_value on strings)."""
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)], text)


def copy_line(values: Sequence[Any]) -> str:
    """One row as a COPY text line (with its newline)."""
    return "\t".join(map(copy_value, values)) + "\n"
