"""A workbook read in pieces by worker processes (core.sheet_chunks) gives what the whole read gives:
the same header mapping, row numbers and cell values, blank rows and odd layouts included, and
the same refusals; whatever it cannot cut is read whole from the row it reached."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import time
import zipfile

import pytest
import xlsxwriter

from breakzero.core import sheet_chunks
from breakzero.core.sheets import Column, ReadLimits, SheetError, open_sheet
from breakzero.core.tests.test_file_limits import shared_string_bomb

COLUMNS = (
    Column("name", "企业名称"),
    Column("code", "代码"),
    Column("amount", "金额", required=False),
    Column("day", "日期", required=False),
    Column("flag", "标记", required=False),
    Column("late", "备注", required=False),
)
NAMES = (Column("name", "企业名称"),)


def limits(workers: int, *, max_cells: int = 10_000_000, max_expanded: int = 1 << 30) -> ReadLimits:
    return ReadLimits(max_bytes=None, max_rows=None, max_cells=max_cells, max_expanded_bytes=max_expanded,
                      workers=workers)  # fmt: skip


@pytest.fixture
def pieces(monkeypatch):
    """Chunking for any file, in pieces of a few rows; counts the pieces cut."""
    monkeypatch.setattr(sheet_chunks, "MIN_SHEET_BYTES", 0)
    monkeypatch.setattr(sheet_chunks, "CHUNK_XML_BYTES", 2048)
    cut: list[int] = []
    original = sheet_chunks._pieces

    def counted(*args):
        for piece in original(*args):
            cut.append(1)
            yield piece

    monkeypatch.setattr(sheet_chunks, "_pieces", counted)
    return cut


def odd_workbook(rows: int = 400) -> bytes:
    """Header at row 3 from column B, shared strings, dates, booleans, formulas with cached
    values, runs of blank rows, a column (备注) filled only near the end, and one late cell in
    column A (left of every other)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("名录")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(2, 1, ["企业名称", "代码", "金额", "日期", "标记", "备注"])
    for index in range(rows):
        row = 3 + index + (40 if index > 150 else 0)  # 40 blank rows in the middle
        sheet.write_string(row, 1, f"湖南{index % 37}号科技有限公司")
        sheet.write_number(row, 2, index) if index % 5 else sheet.write_string(row, 2, f"0{index}")
        if index % 3:
            sheet.write_number(row, 3, index * 1.25 - 7)
        sheet.write_datetime(row, 4, dt.datetime(2020, 1, 1) + dt.timedelta(days=index), dates)
        sheet.write_boolean(row, 5, index % 2 == 0)
        if index % 7 == 0:
            sheet.write_formula(row, 3, "=1+1", None, 2)
        if index > rows - 20:
            sheet.write_string(row, 6, f"备注{index}")
    sheet.write_string(3 + rows + 45, 0, "A 列的一个值")
    workbook.close()
    return buffer.getvalue()


def read(data: bytes, workers: int, *, columns: tuple = COLUMNS, **kwargs) -> tuple[dict, int, list]:
    sheet = open_sheet(io.BytesIO(data), columns, limits=limits(workers, **kwargs))
    return sheet.mapping, sheet.header_row, list(sheet)


def test_read_in_pieces_odd_layout_same_rows_as_whole_read(pieces):
    data = odd_workbook()
    whole_mapping, whole_header, whole_rows = read(data, 0)
    assert not pieces
    mapping, header, rows = read(data, 2)
    assert len(pieces) >= 10
    assert rows == whole_rows and header == whole_header == 3
    assert [key for key in mapping] == [key for key in whole_mapping]
    assert len(rows) == 401 and rows[-1][0] == 3 + 400 + 46  # the late cell in column A, its row number
    assert rows[-2][1]["late"] == "备注399" and rows[0][1]["day"] == dt.date(2020, 1, 1)


def test_read_in_pieces_plain_workbook_read_by_the_pieces_alone(pieces, monkeypatch):
    """No piece falls back to the whole read (the comparisons above cannot tell: it gives the same rows)."""
    data = odd_workbook()
    expected = read(data, 1)
    whole: list[int] = []
    original = sheet_chunks._whole_from
    monkeypatch.setattr(sheet_chunks, "_whole_from", lambda *args, **kwargs: whole.append(1) or original(*args, **kwargs))
    assert read(data, 2) == expected
    assert len(pieces) > 1 and whole == []


def test_read_in_pieces_row_without_number_rest_read_whole(pieces, caplog):
    data = _without_row_number(odd_workbook(), row=300)
    expected = read(data, 0)
    with caplog.at_level(logging.INFO, logger="breakzero.core.sheet_chunks"):
        assert read(data, 2) == expected
    assert "reading the rest whole" in caplog.text
    assert len(pieces) >= 2


def test_read_in_pieces_shared_string_bomb_refused_with_same_message(pieces):
    data = shared_string_bomb(cells=20_000, length=100_000)
    with pytest.raises(SheetError) as whole:
        read(data, 0, columns=NAMES, max_expanded=256 * 1024 * 1024)
    with pytest.raises(SheetError) as chunked:
        read(data, 2, columns=NAMES, max_expanded=256 * 1024 * 1024)
    assert str(chunked.value) == str(whole.value) and "展开后的内容过大" in str(whole.value)
    assert pieces


def test_read_in_pieces_too_many_cells_refused_with_same_message(pieces):
    data = shared_string_bomb(cells=5_000, length=1)
    with pytest.raises(SheetError) as whole:
        read(data, 0, columns=NAMES, max_cells=1000)
    with pytest.raises(SheetError) as chunked:
        read(data, 2, columns=NAMES, max_cells=1000)
    assert str(chunked.value) == str(whole.value) and "单元格过多" in str(whole.value)


def test_read_in_pieces_one_long_shared_string_within_limit_is_read(pieces):
    data = shared_string_bomb(cells=5_000, length=100_000, index=2)
    expected = read(data, 0, columns=NAMES, max_expanded=2 * 1024 * 1024)
    assert read(data, 2, columns=NAMES, max_expanded=2 * 1024 * 1024) == expected
    assert len(expected[2]) == 50 and len(pieces) > 1


def test_small_workbook_or_one_worker_read_whole(monkeypatch, pieces):
    data = odd_workbook(rows=20)
    read(data, 1)
    assert not pieces
    monkeypatch.setattr(sheet_chunks, "MIN_SHEET_BYTES", 1 << 30)
    read(data, 2)
    assert not pieces


def test_workbook_with_a_second_sheet_read_whole(pieces):
    """The guard counts every sheet of a file; one with more sheets is read (and guarded) as before."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    first = workbook.add_worksheet("名录")
    first.write_row(0, 0, ["企业名称", "代码"])
    for index in range(300):
        first.write_row(index + 1, 0, [f"湖南{index}号", index])
    workbook.add_worksheet("说明").write_string(0, 0, "填表说明")
    workbook.close()
    mapping, header, rows = read(buffer.getvalue(), 2)
    assert len(rows) == 300 and not pieces


def _without_row_number(data: bytes, *, row: int) -> bytes:
    """The workbook with row `row`'s r attribute removed (some writers leave it out)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part, count = re.subn(rf'<row r="{row}"'.encode(), b"<row", part)
                assert count == 1
            out.writestr(info.filename, part)
    return buffer.getvalue()


def test_pieces_made_ahead_raise_the_makers_error_and_stop_with_the_reader():
    def failing():
        yield 1
        yield 2
        raise ValueError("broken")

    got = []
    with pytest.raises(ValueError, match="broken"):
        for item in sheet_chunks._ahead(failing(), depth=1):
            got.append(item)
    assert got == [1, 2]
    made: list[int] = []

    def endless():
        while True:
            made.append(len(made))
            yield made[-1]

    ahead = sheet_chunks._ahead(endless(), depth=2)
    assert next(ahead) == 0
    ahead.close()
    time.sleep(1.5)  # the maker notices within its 0.5 s wait
    stopped_at = len(made)
    time.sleep(1.0)
    assert len(made) == stopped_at <= 5
