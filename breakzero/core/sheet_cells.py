"""Cell values as officials' sheets hold them: text, numbers with separators, Excel serial dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

EXCEL_EPOCH = dt.date(1899, 12, 30)


def cell_text(value: Any) -> str:
    """A cell as trimmed text; numbers that are whole print without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_decimal(value: Any, *, allow_negative: bool = False) -> Decimal | None:
    """A number from a cell: '1,234.5', full-width digits, blanks and '-' (= empty)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = cell_text(value).replace(",", "").replace("，", "").replace(" ", "")
        if text in {"", "-", "—", "/", "无", "NULL", "null", "N/A", "n/a"}:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"不是有效的数字：{text}") from exc
    if not number.is_finite():
        raise ValueError("不是有效的数字")
    if number < 0 and not allow_negative:
        raise ValueError(f"不能为负数：{number}")
    return number


def parse_int(value: Any) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(f"应为整数：{number}")
    return int(number)


DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:[ T].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> dt.date | None:
    """A date from Excel serials, '2021-03-05', '2021.03.05', '2021/3/5', '20210305', '2021年3月5日'."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = cell_text(value)
    if not text or text in {"-", "—", "/"}:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"日期不存在：{text}") from exc
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _from_serial(float(text))
    raise ValueError(f"无法识别的日期：{text}（应为 2021-03-05 格式）")


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise ValueError(f"无法识别的日期：{serial}")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


