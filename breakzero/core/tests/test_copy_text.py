"""core.copy_text: values and rows as PostgreSQL COPY text (what parallel parse workers send)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.core.copy_text import NULL, copy_line, copy_unescape, copy_value

PROPERTY = settings(database=None, deadline=None, max_examples=500)
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="COPY is PostgreSQL's")

TRICKY = [
    "plain",
    "",
    "back\\slash",
    "\\",
    "\\\\",
    "\\N",  # a string that looks like the NULL marker
    "\\.",  # alone on a line, the end-of-data marker of COPY text
    "tab\there",
    "line\nbreak",
    "crlf\r\nend",
    "lone\rcr",
    "\t\n\r\\",
    "湖南某某科技有限公司（长沙）",
    "a\x00b",  # NUL: dropped
    "\x00",
    " spaced ",
    "\\t not a tab",
]


def _decode(text: str) -> str | None:
    """PostgreSQL's reading of one COPY text field (the reference for the escapes)."""
    if text == NULL:
        return None
    out, i = [], 0
    simple = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(simple.get(nxt, nxt))  # octal/hex escapes are never produced by copy_value
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


# ---------------------------------------------------------------- copy_value


def test_copy_value_none_null_marker() -> None:
    assert copy_value(None) == "\\N" == NULL


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("", ""),
        ("back\\slash", "back\\\\slash"),
        ("\\N", "\\\\N"),
        ("\\.", "\\\\."),
        ("tab\there", "tab\\there"),
        ("line\nbreak", "line\\nbreak"),
        ("lone\rcr", "lone\\rcr"),
        ("crlf\r\nend", "crlf\\r\\nend"),
        ("湖南（长沙）", "湖南（长沙）"),
    ],
)
def test_copy_value_str_special_chars_escaped(value: str, expected: str) -> None:
    assert copy_value(value) == expected


def test_copy_value_nul_dropped() -> None:
    assert copy_value("a\x00b\x00") == "ab"
    assert copy_value("\x00") == ""


def test_copy_value_date_iso() -> None:
    assert copy_value(dt.date(2024, 2, 29)) == "2024-02-29"


def test_copy_value_datetime_iso() -> None:
    assert copy_value(dt.datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05"
    aware = dt.datetime(2024, 1, 2, 3, 4, 5, 600, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert copy_value(aware) == "2024-01-02T03:04:05.000600+08:00"


def test_copy_value_bool_t_f_not_int() -> None:
    assert copy_value(True) == "t"
    assert copy_value(False) == "f"


def test_copy_value_numbers_as_str() -> None:
    assert copy_value(0) == "0"
    assert copy_value(-42) == "-42"
    assert copy_value(12345678901234567890) == "12345678901234567890"
    assert copy_value(Decimal("1234.50")) == "1234.50"
    assert copy_value(Decimal("-0.001")) == "-0.001"
    assert copy_value(1.5) == "1.5"


def test_copy_value_other_types_str_escaped() -> None:
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert copy_value(value) == "12345678-1234-5678-1234-567812345678"

    class Odd:
        def __str__(self) -> str:
            return "a\tb\\c"

    assert copy_value(Odd()) == "a\\tb\\\\c"


@PROPERTY
@given(st.text())
def test_copy_value_any_str_round_trips_without_raw_separators(value: str) -> None:
    text = copy_value(value)
    assert not set(text) & {"\t", "\n", "\r", "\x00"}
    assert text != NULL
    assert _decode(text) == value.replace("\x00", "")


# ---------------------------------------------------------------- copy_line


def test_copy_line_tab_separated_newline_terminated() -> None:
    line = copy_line(["a\tb", None, 3, True, dt.date(2024, 1, 2), Decimal("1.0"), ""])
    assert line == "a\\tb\t\\N\t3\tt\t2024-01-02\t1.0\t\n"


def test_copy_line_single_value_no_separator() -> None:
    assert copy_line([None]) == "\\N\n"
    assert copy_line(["\\."]) == "\\\\.\n"  # never the bare end-of-data line


@PROPERTY
@given(st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=6))
def test_copy_line_any_values_split_back_into_fields(values: list[str | None]) -> None:
    line = copy_line(values)
    assert line.endswith("\n") and line.count("\n") == 1
    fields = line[:-1].split("\t")
    assert [_decode(f) for f in fields] == [None if v is None else v.replace("\x00", "") for v in values]


@given(st.text())
def test_copy_unescape_inverts_copy_value_on_text(text) -> None:
    assert copy_unescape(copy_value(text)) == text.replace("\x00", "")


# ---------------------------------------------------------------- against PostgreSQL


@postgres_only
@pytest.mark.django_db
def test_copy_line_tricky_strings_postgresql_copy_reads_back_equal() -> None:
    rows = [(i, value, TRICKY[-1 - i]) for i, value in enumerate(TRICKY)]
    rows.append((len(TRICKY), None, "after a NULL"))
    stored = _copy_round_trip("a integer, b text, c text", rows)
    expected = [(a, None if b is None else b.replace("\x00", ""), c.replace("\x00", "")) for a, b, c in rows]
    assert stored == expected


@postgres_only
@pytest.mark.django_db
def test_copy_line_typed_values_postgresql_copy_reads_back_equal() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    rows = [
        (1, dt.date(2024, 2, 29), dt.datetime(2024, 1, 2, 3, 4, 5, 600, tzinfo=tz), True, Decimal("1234.50")),
        (2, dt.date(1999, 12, 31), dt.datetime(2000, 1, 1, tzinfo=dt.UTC), False, Decimal("-0.001")),
        (3, None, None, None, None),
    ]
    stored = _copy_round_trip("a integer, d date, ts timestamptz, ok boolean, n numeric", rows)
    assert stored == rows  # aware datetimes compare by instant; Decimal keeps its scale as numeric
    assert [str(r[4]) for r in stored[:2]] == ["1234.50", "-0.001"]


def _copy_round_trip(table: str, rows: list[tuple]) -> list[tuple]:
    """COPY the rows' copy_line text into a temp table of these columns; read them back by a."""
    columns = ", ".join(part.split()[0] for part in table.split(", "))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE t ({table}) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY t ({columns}) FROM STDIN") as copy:
            copy.write("".join(copy_line(row) for row in rows))
        cursor.execute(f"SELECT {columns} FROM t ORDER BY a")
        return cursor.fetchall()
