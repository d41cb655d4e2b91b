"""Yearly data import: register look-up, year range, negatives, sizes, idempotence."""

import datetime as dt
import io

import pytest

from breakzero.core.imports import get_importer, run_file
from breakzero.core.sheets import SheetError
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.enterprises.tests.fixtures.builders import YEARLY_HEADERS, csv_bytes, uscc, xlsx_bytes, yearly_row

pytestmark = pytest.mark.django_db


def _run(data: bytes, *, apply: bool = True, skip_invalid: bool = False, user=None):
    return run_file(get_importer("enterprise-years"), io.BytesIO(data), user=user, apply=apply, skip_invalid=skip_invalid)


@pytest.fixture
def firm():
    return EnterpriseFactory(uscc=uscc(1), industry_code="3911", industry_section="C")


def test_import_yearly_rows_create_years_with_size_and_latest(firm):
    rows = [yearly_row(firm.uscc, 2023, employees=350, operating=18000, main=""),
            yearly_row(firm.uscc, 2024, employees=1200, operating=50000, main=45000)]  # fmt: skip
    outcome = _run(xlsx_bytes(YEARLY_HEADERS, rows))
    assert outcome.line() == "created=2 updated=0 unchanged=0 rejected=0"
    y2023 = EnterpriseYear.objects.get(enterprise=firm, year=2023)
    assert (y2023.size, y2023.size_note) == ("medium", "按营业收入划型")
    assert y2023.new_product_profit == -20
    firm.refresh_from_db()
    assert (firm.latest_year, firm.latest_size) == (2024, "large")


def test_import_yearly_same_file_twice_changes_nothing(firm):
    data = csv_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, y) for y in (2021, 2022, 2023)], encoding="gb18030")
    assert _run(data).counts.created == 3
    assert _run(data).line() == "created=0 updated=0 unchanged=3 rejected=0"


def test_import_yearly_changed_value_counts_update_and_blank_keeps_value(firm):
    _run(csv_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, 2022)]))
    outcome = _run(csv_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, 2022, rd=400, high_tech="")]))
    assert outcome.line() == "created=0 updated=1 unchanged=0 rejected=0"
    year = EnterpriseYear.objects.get(enterprise=firm, year=2022)
    assert (year.rd_expense, year.high_tech_revenue) == (400, 5000)


def test_import_yearly_unknown_uscc_and_bad_values_are_row_errors(firm):
    rows = [
        yearly_row(uscc(99), 2022),
        yearly_row(firm.uscc, 1999),
        yearly_row(firm.uscc, dt.date.today().year + 2),
        yearly_row(firm.uscc, 2022, operating=-5, employees="12.5"),
    ]
    outcome = _run(csv_bytes(YEARLY_HEADERS, rows))
    reasons = [r.reason for r in outcome.rejected]
    assert "未找到本辖区内的该企业" in reasons[0]
    assert "年度应在 2000" in reasons[1] and "年度应在 2000" in reasons[2]
    assert "不能为负数" in reasons[3] and "应为整数" in reasons[3]
    assert EnterpriseYear.objects.count() == 0


def test_import_yearly_rd_above_revenue_is_a_note_not_an_error(firm):
    outcome = _run(csv_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, 2022, rd=9000)]))
    assert outcome.rejected == [] and outcome.counts.created == 1
    assert "研发费用" in outcome.summary["提示明细"]


def test_import_yearly_same_key_different_values_rejects_later(firm):
    rows = [yearly_row(firm.uscc, 2022), yearly_row(firm.uscc, 2022, rd=1), yearly_row(firm.uscc, 2022)]
    outcome = _run(csv_bytes(YEARLY_HEADERS, rows), skip_invalid=True)
    assert [r.row for r in outcome.rejected] == [3]
    assert "与第 2 行的统一社会信用代码和年度相同" in outcome.rejected[0].reason
    assert outcome.counts.created == 1


def test_import_yearly_year_as_text_and_formula_values(firm):
    rows = [yearly_row(firm.uscc, "2022年", operating=("=4000*2", 8000), main=("=A1", 7600))]
    outcome = _run(xlsx_bytes(YEARLY_HEADERS, rows))
    assert outcome.rejected == []
    assert EnterpriseYear.objects.get(enterprise=firm, year=2022).operating_revenue == 8000


def test_import_yearly_without_any_data_column_is_a_clear_error(firm):
    with pytest.raises(SheetError, match="没有任何年度数据列"):
        _run(csv_bytes(["统一社会信用代码", "年度"], [[firm.uscc, 2022]]))


def test_import_yearly_unclassifiable_row_keeps_empty_size_with_reason():
    firm = EnterpriseFactory(uscc=uscc(2), industry_code="6612", industry_section="J")
    _run(csv_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, 2022)]))
    year = EnterpriseYear.objects.get(enterprise=firm)
    assert year.size == "" and "金融业" in year.size_note


def test_import_yearly_city_official_only_own_city(city_official, firm):
    other = EnterpriseFactory(uscc=uscc(3, "430602"), county_id="430602")
    rows = [yearly_row(firm.uscc, 2022), yearly_row(other.uscc, 2022)]
    outcome = _run(csv_bytes(YEARLY_HEADERS, rows), user=city_official, skip_invalid=True)
    assert [r.row for r in outcome.rejected] == [3]
    assert Enterprise.objects.get(pk=other.pk).years.count() == 0


def test_import_yearly_blank_sizing_cell_sizes_row_from_stored_value(firm):
    """The row is sized at parse time from its own cells; a blank sizing cell that takes the
    stored value must size the row from the merged values, as the stored figures say."""
    _run(xlsx_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, 2023, employees=1200, operating=50000, main=45000)]))
    assert EnterpriseYear.objects.get(enterprise=firm, year=2023).size == "large"
    outcome = _run(xlsx_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, 2023, employees="", operating=50000, main="")]))
    assert outcome.line() == "created=0 updated=0 unchanged=1 rejected=0"
    outcome = _run(xlsx_bytes(YEARLY_HEADERS, [yearly_row(firm.uscc, 2023, employees="", operating=900, main="")]))
    assert outcome.line() == "created=0 updated=1 unchanged=0 rejected=0"
    year = EnterpriseYear.objects.get(enterprise=firm, year=2023)
    assert (year.employees, year.main_business_revenue, year.operating_revenue) == (1200, 45000, 900)
    assert (year.size, year.size_note) == ("large", "按主营业务收入划型")  # 1200 staff and 45000 stored, not 900
    firm.refresh_from_db()
    assert firm.latest_size == "large"


@pytest.mark.parametrize("key", ["employees", "rd_staff", "operating_revenue", "new_product_profit"])
def test_fast_cell_agrees_with_full_parser_or_declines(key):
    """fast_cell gives exactly what the full parser gives, or leaves the cell to it."""
    import random
    from decimal import Decimal

    from breakzero.enterprises.sheets.yearly_cells import SLOW, fast_cell, parser_for

    rng = random.Random(key)
    cells = [None, "", " ", "12", "1,200", True, 0, -0.0, 1e13, -1e13, 1e20, 1e-7, 1.005, 2.675, 0.125,
             float("nan"), float("inf"), 10_000_000, 10_000_001, 10_000_000.0, 12.5, -3, -3.5, 99999999999999.99]
    cells += [round(rng.uniform(-1e6, 1e9), rng.randint(0, 6)) for _ in range(3000)]
    cells += [rng.randint(-100, 20_000_000) for _ in range(500)]
    for cell in cells:
        fast = fast_cell(cell, key)
        if fast is SLOW:
            continue
        full = parser_for(key)(cell)
        assert fast == full and type(fast) is type(full), cell
        assert not isinstance(fast, Decimal) or str(fast) == str(full), cell  # same digits for COPY
    assert fast_cell(12.5, key) is SLOW if key in ("employees", "rd_staff") else fast_cell(12.5, key) == 12.5


def test_fast_values_equal_fast_cell_per_key_or_decline():
    """fast_values (one loop over a row's cells) gives what fast_cell gives for each cell, and
    declines (None) exactly when a cell needs the full checks or every cell is blank."""
    import random
    from decimal import Decimal

    from breakzero.enterprises.sheets.yearly_cells import DATA_KEYS, SLOW, fast_cell, fast_values

    rng = random.Random(20261207)
    pool = [None, "", " ", "12", True, 0, -0.0, 1e13, -1e13, 1e-7, 1.005, 2.675, float("nan"), float("inf"),
            10_000_000, 10_000_001, 10_000_000.0, 12.5, -3, -3.5, 99999999999999.99, 1200.0, 350]
    for _ in range(4000):
        cells = {}
        for key in DATA_KEYS:
            roll = rng.random()
            if roll < 0.15:
                continue  # column absent
            if roll < 0.3:
                cells[key] = rng.choice(pool)
            elif roll < 0.65:
                cells[key] = round(rng.uniform(0, 1e6), rng.randint(0, 3))
            else:
                cells[key] = rng.randint(0, 20000)
        expected = {key: fast_cell(cells.get(key), key) for key in DATA_KEYS}
        declines = any(v is SLOW for v in expected.values()) or all(v is None for v in expected.values())
        fast = fast_values(cells)
        if declines:
            assert fast is None, cells
            continue
        assert fast is not None and list(fast) == list(DATA_KEYS), cells
        for key in DATA_KEYS:
            assert fast[key] == expected[key] and type(fast[key]) is type(expected[key]), (key, cells)
            assert not isinstance(fast[key], Decimal) or str(fast[key]) == str(expected[key]), (key, cells)


def test_import_yearly_written_in_parts_same_rows_and_changed_firms(monkeypatch):
    """A big load is written in parts split by enterprise (PostgreSQL): the rows, counts and
    changed firms are those of one statement, whatever part each firm falls in."""
    from django.db import connection

    from breakzero.enterprises.sheets import yearly_import

    firms = [EnterpriseFactory(uscc=uscc(n), industry_code="3911", industry_section="C") for n in range(1, 8)]
    rows = [yearly_row(f.uscc, year, employees=100 + n) for n, f in enumerate(firms) for year in (2022, 2023)]
    data = xlsx_bytes(YEARLY_HEADERS, rows)
    parts: list[list[str]] = []
    original = yearly_import._parts
    monkeypatch.setattr(yearly_import, "WRITE_PART_ROWS", 3)
    monkeypatch.setattr(yearly_import, "_parts",
                        lambda final, written: parts.append(original(final, written)) or parts[-1])
    outcome = _run(data)
    assert outcome.line() == "created=14 updated=0 unchanged=0 rejected=0"
    assert outcome.changed_ids == sorted(f.pk for f in firms)
    stored = sorted(EnterpriseYear.objects.values_list("enterprise_id", "year", "employees"))
    assert stored == sorted((f.pk, year, 100 + n) for n, f in enumerate(firms) for year in (2022, 2023))
    assert len(parts[0]) == (5 if connection.vendor == "postgresql" else 1)
    edited = [yearly_row(f.uscc, 2023, employees=500) for f in firms[::3]]
    outcome = _run(xlsx_bytes(YEARLY_HEADERS, edited))
    assert outcome.changed_ids == sorted(f.pk for f in firms[::3])


def test_value_keys_equal_exactly_when_parsed_values_equal():
    """A row's digest holds value keys (yearly_cells.value_key, or the cell's text on the fast
    path) instead of the Decimals: two cells give equal keys exactly when they parse to equal
    values, whichever path parsed each (floats, whole numbers, texts, rounding, signed zero)."""
    import random

    from breakzero.enterprises.sheets.yearly_cells import DATA_KEYS, fast_values, parser_for, value_key

    rng = random.Random(1207)
    pool = [0, 0.0, -0.0, "0", "0.00", "-0", 5, 5.0, "5", "5.00", 1.5, "1.50", "1.5", 1.005, "1.01", 1.01, 2.675,
            "2.68", 2.67, 0.1, "0.10", 0.3, 0.1 + 0.2, 1e12, "1000000000000", 123456789.12, "123456789.12",
            -12.5, "-12.50", 99999999999999.99, "99999999999999.99", "99999999999999.98", "99999999999999.97"]
    pool += [round(rng.uniform(-1e6, 1e6), rng.randint(0, 3)) for _ in range(300)]
    pool += [str(value) for value in pool[-100:]] + [rng.randint(0, 10**7) for _ in range(100)]

    def parsed(cell):  # (value, key) through the fast path when it takes the cell, else the full parser
        keys: list = []
        fast = fast_values({"new_product_profit": cell}, keys)
        if fast is not None:
            return fast["new_product_profit"], keys[DATA_KEYS.index("new_product_profit")]
        value = parser_for("new_product_profit")(cell)
        return value, value_key(value)

    results = [parsed(cell) for cell in pool]
    for value, key in results:
        for other_value, other_key in results:
            assert (value == other_value) == (key == other_key), (value, other_value, key, other_key)
            if key == other_key:
                assert hash(key) == hash(other_key)


def test_yearly_cells_data_keys_are_the_importers_data_columns_in_order():
    from breakzero.enterprises.sheets.yearly_cells import DATA_KEYS
    from breakzero.enterprises.sheets.yearly_import import COLUMNS

    assert DATA_KEYS == tuple(c.key for c in COLUMNS[2:])


def test_import_yearly_fast_and_full_paths_give_same_rows_and_errors(firm, settings):
    """A mix of plain rows (fast path) and odd ones (full checks) imports as the full checks alone do."""
    from breakzero.enterprises.sheets import yearly_import

    rows = [yearly_row(firm.uscc, 2020, employees=300.0, operating=1234.567, rd=" 12 "),
            yearly_row(firm.uscc, 2021, employees=-1), yearly_row(firm.uscc.lower(), 2022, operating="1,200.5"),
            yearly_row(uscc(98), 2023), yearly_row(firm.uscc, 2024, main=""), yearly_row(firm.uscc, "2025年")]
    data = xlsx_bytes(YEARLY_HEADERS, rows)
    fast = _run(data, apply=False)
    original = yearly_import._Context._fast
    yearly_import._Context._fast = lambda self, cells, keys: None
    try:
        full = _run(data, apply=False)
    finally:
        yearly_import._Context._fast = original
    assert fast.line() == full.line() == "created=4 updated=0 unchanged=0 rejected=2"
    assert [(r.row, r.reason) for r in fast.rejected] == [(r.row, r.reason) for r in full.rejected]
    assert fast.summary == full.summary


def test_import_yearly_changed_ids_are_the_firms_with_rows_inserted_or_changed(firm):
    """The enterprises handed to the follow-ups: new rows and changed ones, not unchanged ones
    (PostgreSQL takes them from the upsert's RETURNING, SQLite from a comparison before it)."""
    other, third = (EnterpriseFactory(uscc=uscc(n), industry_code="3911", industry_section="C") for n in (2, 3))
    first = _run(xlsx_bytes(YEARLY_HEADERS, [yearly_row(f.uscc, y) for f in (firm, other) for y in (2021, 2022)]))
    assert first.changed_ids == sorted([firm.pk, other.pk])
    rows = [yearly_row(firm.uscc, 2021), yearly_row(firm.uscc, 2022), yearly_row(other.uscc, 2021),
            yearly_row(other.uscc, 2022, rd=999), yearly_row(third.uscc, 2022)]  # fmt: skip
    again = _run(xlsx_bytes(YEARLY_HEADERS, rows))
    assert again.line() == "created=1 updated=1 unchanged=3 rejected=0"
    assert again.changed_ids == sorted([other.pk, third.pk])
    assert _run(xlsx_bytes(YEARLY_HEADERS, rows)).changed_ids == []
