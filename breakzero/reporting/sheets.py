"""The report form as an xlsx: a template with one column per field, and reading one filled row back."""

from __future__ import annotations

import io
from typing import IO

from breakzero.core.sheet_cells import cell_text
from breakzero.core.sheets import Column, SheetError, open_sheet, write_xlsx
from breakzero.reporting.models import DataField

MAX_BYTES = 1024 * 1024


def report_template(fields: list[DataField]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, [_header(f) for f in fields], [], sheet="填报")
    return buffer.getvalue()


def report_read(handle: IO[bytes], fields: list[DataField]) -> dict[str, str]:
    """The one data row as {field code: text}; SheetError (Chinese) for anything else."""
    columns = [Column(key=f.code, header=f.label, aliases=(_header(f),), required=False) for f in fields]
    sheet = open_sheet(handle, columns, max_bytes=MAX_BYTES, max_rows=10)
    if not sheet.mapping:
        raise SheetError("文件中没有可识别的数据项列，请使用下载的模板。")
    rows = [values for _number, values in sheet]
    if len(rows) != 1:
        raise SheetError(f"模板应只填写一行数据，实有 {len(rows)} 行。")
    return {key: cell_text(value) for key, value in rows[0].items()}


def _header(field: DataField) -> str:
    return f"{field.label}({field.unit})" if field.unit else field.label
