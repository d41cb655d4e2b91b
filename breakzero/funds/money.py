"""Money parsing and display: 元 with two decimals in storage, 万元 with separators on screen."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from breakzero.core.errors import DomainError

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


def money(value: Any, label: str = "金额", *, allow_zero: bool = True) -> Decimal:
    """A non-negative amount in 元 with at most two decimals (floats refused: binary rounding)."""
    if isinstance(value, float):
        raise DomainError(f"{label}：请勿使用浮点数。")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise DomainError(f"{label}“{value}”不是有效金额。") from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise DomainError(f"{label}必须{'大于' if not allow_zero else '不小于'} 0。")
    if amount != amount.quantize(CENT):
        raise DomainError(f"{label}最多保留两位小数（到分）。")
    return amount.quantize(CENT)


def wan(amount: Decimal | None, places: int = 2) -> str:
    """元 → "1,234.57" 万元 (officials read money in 万元 with thousands separators)."""
    if amount is None:
        return ""
    value = (Decimal(amount) / TEN_THOUSAND).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{value:,.{places}f}"


def wan_figure(amount: Decimal | None, places: int = 2) -> Decimal | None:
    """元 → 万元 kept a number (an xlsx numeric cell; the sheet's format adds the separators)."""
    if amount is None:
        return None
    return (Decimal(amount) / TEN_THOUSAND).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def yuan(amount: Decimal | None) -> str:
    return "" if amount is None else f"{Decimal(amount):,.2f}"
