"""倍增 (doubling) test of the 破零倍增 action plan (湘工信中小发展〔2020〕151号, policy-rules §0)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from breakzero.rules.bands import PRECISION, fmt2, fmt_pct, plain

SOURCE = "湘工信中小发展〔2020〕151号"


class DoublingState(StrEnum):
    """Outcome of a doubling test."""

    DOUBLED = "doubled"
    NOT_DOUBLED = "not_doubled"
    NOT_APPLICABLE = "not_applicable"  # base 0 (or negative): cannot be doubled
    UNKNOWN = "unknown"  # base or value missing


@dataclass(frozen=True)
class DoublingStatus:
    """``ratio`` = value / (2 × base): 1 means exactly doubled; None when not applicable or unknown."""

    state: DoublingState
    ratio: Decimal | None
    reason_zh: str
    source: str = SOURCE


def doubling_status(base: Decimal | int | None, value: Decimal | int | None) -> DoublingStatus:
    """Doubled when ``value ≥ 2 × base``; a zero base is 'not applicable', never infinite progress.

    The base year is a setting (``Unconfirmed.doubling_base_year``, default 2019).
    """
    if base is None or value is None:
        return DoublingStatus(DoublingState.UNKNOWN, None, "缺少基期值或当期值，暂无法判断")
    if base <= 0:
        reason = f"基期值为 {plain(base)}，无法计算倍增（不适用），当期值 {plain(value)}"
        return DoublingStatus(DoublingState.NOT_APPLICABLE, None, reason)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        ratio = Decimal(value) / (2 * Decimal(base))
    target = 2 * Decimal(base)
    if value >= target:
        return DoublingStatus(
            DoublingState.DOUBLED, ratio, f"当期 {plain(value)}，达到基期 {plain(base)} 的 2 倍（{plain(target)}）"
        )
    shortfall = fmt2(target - Decimal(value))
    reason = f"当期 {plain(value)}，为倍增目标 {plain(target)} 的 {fmt_pct(ratio * 100)}，还差 {shortfall}"
    return DoublingStatus(DoublingState.NOT_DOUBLED, ratio, reason)
