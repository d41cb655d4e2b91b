"""Reads of the IP-finance area, scoped to the user; the pool's exposure per bank and year."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from breakzero.enterprises.access import enterprises_visible_to
from breakzero.ipfinance.models import PatentDeal, PledgeLoan
from breakzero.rules.ip_pledge import loss_split

_ENTERPRISE = ("enterprise", "enterprise__city", "enterprise__county")


def deals_visible_to(user: Any) -> QuerySet[PatentDeal]:
    return (PatentDeal.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(*_ENTERPRISE)
            .prefetch_related("patents"))


def loans_visible_to(user: Any) -> QuerySet[PledgeLoan]:
    return (PledgeLoan.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(*_ENTERPRISE)
            .prefetch_related("patents"))


def exposure_by_bank_year(loans: Any) -> list[dict[str, Any]]:
    """Per bank and lending year: loans, amount, the pool's maximum exposure and its share of defaults (§7.4)."""
    table: dict[tuple[str, int], dict[str, Any]] = defaultdict(
        lambda: {"loans": 0, "amount": Decimal(0), "exposure": Decimal(0), "defaults": 0, "pool_loss": Decimal(0)})
    for loan in loans:
        row = table[(loan.bank, loan.lent_on.year)]
        row["loans"] += 1
        row["amount"] += loan.amount
        row["exposure"] += loan.pool_exposure
        if loan.defaulted_on:
            row["defaults"] += 1
            row["pool_loss"] += loss_split(loan.loss or Decimal(0), loan=loan.amount, in_pool=loan.is_in_pool).pool
    return [{"bank": bank, "year": year, **row} for (bank, year), row in sorted(table.items(), key=lambda i: (-i[0][1], i[0][0]))]
