"""Writing spreadsheets: xlsx (xlsxwriter, constant memory) and csv, formula injection neutralised."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise formula injection: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_xlsx(target: str | Path | IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1") -> None:
    """Stream rows into an xlsx file with xlsxwriter's constant-memory mode."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": not isinstance(target, (str, Path)), "strings_to_formulas": False, "strings_to_urls": False})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7"})
    formats = _Formats(workbook)
    worksheet.write_row(0, 0, list(headers), bold)
    worksheet.freeze_panes(1, 0)
    for index, header in enumerate(headers):
        worksheet.set_column(index, index, max(10, min(40, len(str(header)) * 2 + 2)))
    for row_index, row in enumerate(rows, start=1):
        for col_index, value in enumerate(row):
            _write_cell(worksheet, row_index, col_index, value, formats)
    workbook.close()


class _Formats:
    """One xlsxwriter format per number format, made on first use (a workbook caps formats)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.made: dict[str, Any] = {}

    def __call__(self, num_format: str) -> Any:
        if num_format not in self.made:
            self.made[num_format] = self.workbook.add_format({"num_format": num_format})
        return self.made[num_format]


def number_format(value: int | float | Decimal) -> str:
    """Thousands separators and the decimals the value carries (an amount 1234.50 → #,##0.00)."""
    if isinstance(value, Decimal) and value.is_finite():
        places = min(max(-value.as_tuple().exponent, 0), 6)
        return "#,##0" + ("." + "0" * places if places else "")
    if isinstance(value, float):
        return "#,##0.00##"
    return "#,##0"


def _write_cell(worksheet: Any, row: int, col: int, value: Any, formats: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        worksheet.write_string(row, col, "是" if value else "否")
    elif isinstance(value, (int, float, Decimal)):
        worksheet.write_number(row, col, float(value), formats(number_format(value)))
    elif isinstance(value, dt.datetime):
        # Aware times are shown in China Standard Time (settings.TIME_ZONE), as on the pages.
        if value.tzinfo is not None:
            value = value.astimezone(CHINA).replace(tzinfo=None)
        worksheet.write_datetime(row, col, value, formats("yyyy-mm-dd hh:mm"))
    elif isinstance(value, dt.date):
        worksheet.write_datetime(row, col, value, formats("yyyy-mm-dd"))
    else:
        worksheet.write_string(row, col, safe_cell(str(value)))


def write_csv(target: IO[str], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """CSV with formula-injection protection; dates as ISO strings."""
    writer = csv.writer(target)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return safe_cell(value)
    return value
