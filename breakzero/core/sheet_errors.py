"""What a spreadsheet that cannot be read is told (Chinese first): the error and its messages.

Django-free; core.sheets re-exports SheetError and csv_error_message for the importers.
"""

from __future__ import annotations

import csv


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is for the user (Chinese first)."""


def too_large_message(size: int, limit: int) -> str:
    return f"文件过大（{size / 1048576:.1f} MB），上限为 {limit / 1048576:.0f} MB。/ File too large."


def csv_error_message(exc: csv.Error, line: int) -> str:
    """A csv the csv module cannot read (a cell past its field limit, a stray NUL byte)."""
    where = f"第 {line} 行附近" if line else "文件中"
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit()
        return (f"{where}有单元格超过 {limit} 个字符，无法作为表格读取（请检查该行的引号是否成对）。"
                f"/ A cell is longer than {limit} characters.")  # fmt: skip
    return f"{where}的内容无法按 CSV 读取（{exc}）。/ Malformed csv."
