"""Numbers as people read them (one place for pages, bulletins and the home figures).

Percentages: 8.76 %; a ratio against a target: 21 % (its bar capped at 100 % of the card);
amounts: thousands separators, money in 万元 (stored in 元). Formatting only, no rules.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext

TEN_THOUSAND = Decimal(10000)
EMPTY = "—"


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def thousands(value: Any, places: int = 0) -> str:
    """12345.6 → "12,346"; places=2 → "12,345.60"; empty → —."""
    number = to_decimal(value)
    if number is None:
        return EMPTY
    quantum = Decimal(1).scaleb(-int(places))
    return f"{number.quantize(quantum, ROUND_HALF_UP):,.{int(places)}f}"


def percent(fraction: Any, places: int = 2) -> str:
    """A fraction as a percentage: 0.0876 → "8.76 %"."""
    number = to_decimal(fraction)
    return EMPTY if number is None else f"{thousands(number * 100, places)} %"


def ratio(fraction: Any) -> str:
    """Progress against a target: 0.2071 → "21 %"."""
    return percent(fraction, 0)


def bar_width(fraction: Any) -> int:
    """Width of a progress bar in per cent of its card: 0..100, however far past the target."""
    number = to_decimal(fraction)
    if number is None:
        return 0
    return int(max(Decimal(0), min(Decimal(100), (number * 100).quantize(Decimal(1), ROUND_HALF_UP))))


def wan(yuan: Any, places: int = 2) -> str:
    """An amount in 元 shown in 万元: 12345678 → "1,234.57 万元"."""
    number = to_decimal(yuan)
    return EMPTY if number is None else f"{thousands(number / TEN_THOUSAND, places)} {gettext('万元')}"


def indicator_value(value: Any, indicator: Any) -> str:
    """An indicator's figure: a fraction as a percentage, else its decimals with separators."""
    if to_decimal(value) is None:
        return EMPTY
    if getattr(indicator, "is_fraction", False):
        return percent(value, max(0, getattr(indicator, "decimals", 4) - 2))
    return thousands(value, getattr(indicator, "decimals", 0))
