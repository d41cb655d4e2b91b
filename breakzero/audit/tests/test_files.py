"""Upload safety: content sniffing, zip bombs, row limits; formula injection on export."""

import csv
import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from breakzero.core.sheets import Column, SheetError, open_sheet, safe_cell, write_csv, write_xlsx

COLUMNS = (Column("name", "企业名称"),)


def _open(data: bytes, *, max_rows: int = 1000):
    return list(open_sheet(io.BytesIO(data), COLUMNS, max_bytes=10 * 1024 * 1024, max_rows=max_rows))


def test_open_sheet_zip_bomb_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(SheetError, match="压缩炸弹"):
        _open(buffer.getvalue())


def test_open_sheet_zip_that_is_not_a_workbook_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", b"MZ" + b"x" * 100)
    with pytest.raises(SheetError, match="不是有效的 Excel"):
        _open(buffer.getvalue())


@pytest.mark.parametrize("data", [b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_open_sheet_binary_disguised_as_csv_refused(data):
    with pytest.raises(SheetError):
        _open(data)


def test_open_sheet_too_many_rows_refused():
    data = ("企业名称\n" + "".join(f"企业{i}\n" for i in range(11))).encode()
    with pytest.raises(SheetError, match="行数超过上限"):
        _open(data, max_rows=10)


def test_open_sheet_too_large_refused():
    with pytest.raises(SheetError, match="文件过大"):
        open_sheet(io.BytesIO(b"a" * 2048), COLUMNS, max_bytes=1024, max_rows=10)


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"])
def test_safe_cell_formula_prefix_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_plain_and_numbers_untouched():
    assert safe_cell("湘江科技") == "湘江科技" and safe_cell(-5) == -5


def test_write_xlsx_and_csv_neutralise_formulas():
    rows = [["=HYPERLINK(\"http://x\")", -3, "@SUM(1)"]]
    buffer = io.BytesIO()
    write_xlsx(buffer, ["a", "b", "c"], rows)
    cells = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0).to_python()[1]
    assert cells[0].startswith("'=") and cells[1] == -3 and cells[2] == "'@SUM(1)"
    text = io.StringIO()
    write_csv(text, ["a", "b", "c"], rows)
    line = list(csv.reader(io.StringIO(text.getvalue())))[1]
    assert line == ["'=HYPERLINK(\"http://x\")", "-3", "'@SUM(1)"]
