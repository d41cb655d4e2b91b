"""core.sheets: reading messy files (encodings, headers, blanks, formulas, dates) and writing safely."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter

from breakzero.core.sheets import (
    Column,
    SheetError,
    normalize_header,
    open_sheet,
    parse_date,
    parse_decimal,
    parse_int,
    write_csv,
    write_xlsx,
)

COLUMNS = (Column("code", "统一社会信用代码"), Column("revenue", "营业收入", required=False), Column("day", "日期", required=False))


def _open(data: bytes, *, max_bytes: int = 10_000, max_rows: int = 100):
    return open_sheet(io.BytesIO(data), COLUMNS, max_bytes=max_bytes, max_rows=max_rows)


def _xlsx(rows) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, tuple):
                sheet.write_formula(r, c, value[0], None, value[1])
            elif value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


@pytest.mark.parametrize("header", ["营业收入（万元）", " 营业收入(万元) ", "＊营业收入", "营业收入【万元】", "营业收入\u3000"])
def test_normalize_header_variants_equal_plain_header(header):
    assert normalize_header(header) == normalize_header("营业收入")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_open_sheet_csv_encodings_read_chinese(encoding):
    sheet = _open("统一社会信用代码,营业收入\nA1,1 234\n".encode(encoding))
    assert list(sheet) == [(2, {"code": "A1", "revenue": "1 234"})]


def test_open_sheet_title_row_blank_rows_and_extra_columns_keep_excel_row_numbers():
    data = "企业名录\n\n备注,营业收入（万元）,统一社会信用代码\n,5,A1\n,,\n,6,A2\n".encode()
    sheet = _open(data)
    assert sheet.header_row == 3 and sheet.extra_headers == ["备注"]
    assert [(row, values["code"]) for row, values in sheet] == [(4, "A1"), (6, "A2")]


def test_open_sheet_csv_semicolons_inside_cells_keep_comma_delimiter():
    sheet = _open("统一社会信用代码,营业收入\nA;B;C,1\nD,2\n".encode())
    assert [values["code"] for _, values in sheet] == ["A;B;C", "D"]


def test_open_sheet_csv_doubled_quotes_after_the_sniffed_sample_read_as_one_quote():
    # The csv Sniffer says doublequote=False when its sample holds no doubled quote.
    plain = "".join(f"A{i:05d},{i}\n" for i in range(1000)).encode()  # > the 8 KB sample
    late = '"一种""X""装置,甲",7\n'.encode()
    sheet = open_sheet(io.BytesIO("统一社会信用代码,营业收入\n".encode() + plain + late), COLUMNS,
                       max_bytes=1_000_000, max_rows=2000)  # fmt: skip
    assert list(sheet)[-1] == (1002, {"code": '一种"X"装置,甲', "revenue": "7"})


def test_open_sheet_header_with_trailing_remark_matches():
    sheet = _open("统一社会信用代码（18位）,日期（如2021-03-05）\nA1,2021-03-05\n".encode())
    assert sheet.mapping == {"code": 0, "day": 1}


def test_open_sheet_xlsx_cached_formula_values_and_serial_dates():
    sheet = _open(_xlsx([["标题"], ["统一社会信用代码", "营业收入", "日期"], ["A1", ("=2*3", 6), 44197]]), max_bytes=100_000)
    ((row, values),) = list(sheet)
    assert row == 3 and values["revenue"] == 6 and parse_date(values["day"]) == dt.date(2021, 1, 1)


def test_open_sheet_openpyxl_formula_without_cached_value_reads_empty():
    """openpyxl writes formulas without cached results; calamine then returns an empty cell
    (Excel computes and caches values when it saves, so real user files are fine)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["统一社会信用代码", "营业收入"])
    workbook.active.append(["A1", "=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    ((_, values),) = list(_open(buffer.getvalue(), max_bytes=100_000))
    assert values["revenue"] in ("", None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"  \r\n ", "文件为空"),
        (b"\x00\x01binary\x00", "不是表格"),
        (b"PK\x03\x04broken zip", "已损坏"),
        ("营业收入,日期\n1,2\n".encode(), "缺少必填列：统一社会信用代码"),
        ("名称,地址\n甲,乙\n".encode(), "未找到表头"),
    ],
)
def test_open_sheet_bad_files_raise_clear_errors(data, message):
    with pytest.raises(SheetError, match=message):
        _open(data)


def test_open_sheet_too_large_and_too_many_rows_rejected():
    with pytest.raises(SheetError, match="文件过大"):
        _open(b"x" * 101, max_bytes=100)
    sheet = _open("统一社会信用代码\nA\nB\nC\n".encode(), max_rows=2)
    with pytest.raises(SheetError, match="行数超过上限"):
        list(sheet)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234.50", Decimal("1234.50")), ("１２３", Decimal("123")), (12.5, Decimal("12.5")), ("-", None), ("", None)],
)
def test_parse_decimal_accepts_common_spellings(value, expected):
    assert parse_decimal(value) == expected


def test_parse_decimal_and_int_reject_bad_values():
    with pytest.raises(ValueError, match="不能为负数"):
        parse_decimal("-1")
    assert parse_decimal("-1", allow_negative=True) == Decimal("-1")
    with pytest.raises(ValueError, match="应为整数"):
        parse_int("1.5")
    with pytest.raises(ValueError, match="不是有效的数字"):
        parse_decimal("abc")


@pytest.mark.parametrize("value", ["2021-03-05", "2021/3/5", "2021.03.05", "20210305", "2021年3月5日", 44260, "44260"])
def test_parse_date_formats(value):
    assert parse_date(value) == dt.date(2021, 3, 5)


def test_parse_date_impossible_date_rejected():
    with pytest.raises(ValueError, match="日期不存在"):
        parse_date("2021-02-30")


def test_write_xlsx_and_csv_neutralise_formula_injection():
    buffer = io.BytesIO()
    write_xlsx(buffer, ["a", "b"], [["=cmd()", dt.date(2021, 1, 2)]])
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet["A2"].value == "'=cmd()" and sheet["B2"].value.date() == dt.date(2021, 1, 2)
    text = io.StringIO()
    write_csv(text, ["a"], [["+1"], [None]])
    assert text.getvalue().splitlines() == ["a", "'+1", '""']
