"""Patent pledge financing: the provincial risk-compensation pool's share (programme-rules-2.md §7.4).

Pool 6500万 (province, 长沙, 岳阳 free-trade area); on default the loss is split 45% pool / 45% bank and its
guarantor or insurer / 10% valuation-and-disposal agency; a loan is covered up to 500万 per enterprise (all
LIKELY). Whether a larger loan is covered on its first 500万 or not at all is UNCONFIRMED: this module covers
the first 500万 (`COVER_WHOLE_LOAN_ABOVE_CAP = False`), the one place to change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["LossSplit", "POOL_CAP", "covered_amount", "loss_split", "pool_exposure"]

SOURCE = "programme-rules-2.md §7.4（湖南省知识产权质押融资风险补偿资金池，很可能）"
POOL_CAP = Decimal("500")  # 万元 per enterprise
POOL_SHARE, BANK_SHARE, AGENCY_SHARE = Decimal("0.45"), Decimal("0.45"), Decimal("0.10")
COVER_WHOLE_LOAN_ABOVE_CAP = False  # UNCONFIRMED: a loan above the cap keeps pool cover on its first 500万
CENT = Decimal("0.01")


@dataclass(frozen=True)
class LossSplit:
    pool: Decimal
    bank: Decimal
    agency: Decimal
    uncovered: Decimal  # the part of the loss above the covered amount (the bank's alone)


def covered_amount(loan: Decimal, *, in_pool: bool) -> Decimal:
    """The part of a loan (万元) the pool covers: none outside the pool, at most POOL_CAP."""
    if loan < 0:
        raise ValueError("贷款金额不能为负数")
    if not in_pool:
        return Decimal(0)
    return min(loan, POOL_CAP)


def pool_exposure(loan: Decimal, *, in_pool: bool) -> Decimal:
    """The pool's maximum loss on a loan: its 45% share of the covered amount."""
    return (covered_amount(loan, in_pool=in_pool) * POOL_SHARE).quantize(CENT, rounding=ROUND_HALF_UP)


def loss_split(loss: Decimal, *, loan: Decimal, in_pool: bool) -> LossSplit:
    """A default's loss split 45 / 45 / 10 over the covered part; the rest is the bank's."""
    if loss < 0 or loss > loan:
        raise ValueError("损失金额应在 0 与贷款金额之间")
    covered = min(loss, covered_amount(loan, in_pool=in_pool))
    pool = (covered * POOL_SHARE).quantize(CENT, rounding=ROUND_HALF_UP)
    agency = (covered * AGENCY_SHARE).quantize(CENT, rounding=ROUND_HALF_UP)
    return LossSplit(pool=pool, bank=covered - pool - agency, agency=agency, uncovered=loss - covered)
