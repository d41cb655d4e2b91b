"""A yearly row's data cells as the importer parses them: the full parsers per column and the
fast path for plain numeric cells (yearly_import; tests compare the two cell by cell).

Counts are whole head counts up to MAX_COUNT; money is in 万元 with two decimals (common.money),
non-negative except 新产品利润.
"""

from __future__ import annotations

import operator
from decimal import Decimal
from typing import Any

from breakzero.enterprises.sheets import common

MAX_COUNT = 10_000_000
# The data columns of yearly_import.COLUMNS, in order (a test checks they agree).
DATA_KEYS = (
    "employees", "operating_revenue", "main_business_revenue", "total_assets", "total_liabilities",
    "rd_expense", "rd_staff", "new_product_revenue", "new_product_profit", "high_tech_revenue",
)  # fmt: skip
COUNT_KEYS = ("employees", "rd_staff")

SLOW = object()
FAST_MONEY_LIMIT = 1e13  # well inside MONEY_LIMIT: no rounding near the bound on the fast path


def fast_cell(raw: Any, key: str) -> Any:
    """A blank or plain numeric cell as parser_for(key) parses it, else SLOW."""
    if raw is None or raw == "":
        return None
    kind = type(raw)
    if kind is not float and kind is not int:
        return SLOW
    if key in COUNT_KEYS:
        if 0 <= raw <= MAX_COUNT and (kind is int or raw.is_integer()):
            return int(raw)
        return SLOW
    if not -FAST_MONEY_LIMIT < raw < FAST_MONEY_LIMIT or (raw < 0 and key != "new_product_profit"):
        return SLOW  # also NaN and infinities
    text = repr(raw)
    dot = text.find(".")
    if "e" in text or (dot >= 0 and len(text) - dot > 3):
        return common.money(raw, allow_negative=True)  # exponent or rounding: the general path
    return Decimal(text)


def fast_values(cells: dict[str, Any], keys: list | None = None) -> dict[str, Any] | None:
    """{key: fast_cell(cell, key)} for every data key, written out as one loop (the per-cell
    call was a third of a row's parsing: 700,000 rows × 10 cells); None when a cell needs the
    full checks or every cell is blank. Tests compare it with fast_cell cell by cell.
    With `keys`, each value's value_key is appended to it (from the cell's text where it can)."""
    values: dict[str, Any] = {}
    blank = True
    for key, is_count, signed in _FAST_PLAN:
        raw = cells.get(key)
        if raw is None or raw == "":
            values[key] = None
            if keys is not None:
                keys.append(None)
            continue
        kind = type(raw)
        if kind is float:
            if is_count:
                if not (0 <= raw <= MAX_COUNT and raw.is_integer()):
                    return None
                value: Any = int(raw)
            elif not -FAST_MONEY_LIMIT < raw < FAST_MONEY_LIMIT or (raw < 0 and not signed):
                return None  # also NaN and infinities
            else:
                text = repr(raw)
                dot = text.find(".")
                if "e" in text or (dot >= 0 and len(text) - dot > 3):
                    value = common.money(raw, allow_negative=True)  # exponent or rounding: the general path
                    text = None
                else:
                    value = Decimal(text)
                if keys is not None:  # the text is the value's key: float(value) is raw, repr(raw) is text
                    keys.append(text if text is not None and raw else value_key(value))
                values[key] = value
                blank = False
                continue
        elif kind is int:
            if is_count:
                if not 0 <= raw <= MAX_COUNT:
                    return None
                value = raw
            elif not -FAST_MONEY_LIMIT < raw < FAST_MONEY_LIMIT or (raw < 0 and not signed):
                return None
            else:
                value = Decimal(raw)  # the same digits and exponent as Decimal(repr(raw))
        else:
            return None
        if keys is not None:
            keys.append(value_key(value))
        values[key] = value
        blank = False
    return None if blank else values


def value_key(value: Any) -> Any:
    """What a row's digest holds for a value: equal keys exactly when the values are equal, and
    cheap to hash. A Decimal's own hash is exact arithmetic (~1 µs each, 7 million of them in
    a 700,000-row file); most amounts are the shortest text of a float (repr), and that text
    stands for the value whenever it reads back as the same number; other values are themselves."""
    if type(value) is not Decimal:
        return value
    if not value:
        return 0  # -0.0 and 0.00 are equal and print differently
    text = repr(float(value))
    return text if Decimal(text) == value else value


DATA_VALUES = operator.itemgetter(*DATA_KEYS)  # a row's values in column order, in one C call
_FAST_PLAN = tuple((key, key in COUNT_KEYS, key == "new_product_profit") for key in DATA_KEYS)


def parser_for(key: str):
    if key in COUNT_KEYS:
        return _count
    return lambda raw: common.money(raw, allow_negative=key == "new_product_profit")


def _count(raw: Any) -> int | None:
    value = common.count(raw)
    if value is not None and value > MAX_COUNT:
        raise ValueError(f"人数不合理：{value}")
    return value
