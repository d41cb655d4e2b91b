"""Row helpers shared by the service-system importers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakzero.core.sheets import RowError, cell_text, parse_date, parse_decimal
from breakzero.rules.errors import InvalidCode
from breakzero.rules.uscc import parse_uscc

NOW = "CURRENT_TIMESTAMP"  # portable SQL for created_at / updated_at in set-based writes


def date_cell(row: int, header: str, value: Any, errors: list[RowError], *, required: bool) -> dt.date | None:
    try:
        parsed = parse_date(value)
    except ValueError as exc:
        errors.append(RowError(row, header, cell_text(value), str(exc)))
        return None
    if parsed is None and required:
        errors.append(RowError(row, header, "", f"{header}不能为空"))
    return parsed


def decimal_cell(row: int, header: str, value: Any, errors: list[RowError]):
    try:
        return parse_decimal(value)
    except ValueError as exc:
        errors.append(RowError(row, header, cell_text(value), str(exc)))
        return None


def uscc_cell(row: int, header: str, value: Any, errors: list[RowError], *, required: bool) -> str:
    text = cell_text(value)
    if not text:
        if required:
            errors.append(RowError(row, header, "", f"{header}不能为空"))
        return ""
    try:
        return parse_uscc(text).code
    except InvalidCode as exc:
        errors.append(RowError(row, header, text, exc.message_zh))
        return ""


def is_authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))
