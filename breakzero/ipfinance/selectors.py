"""Reads of the IP-finance area, scoped to the user; the pool's exposure per bank and year."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from breakzero.accounts.access import governed_region, sees_whole_province
from breakzero.accounts.models import Role
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.ipfinance.models import Achievement, NavigationProject, PatentDeal, PledgeLoan
from breakzero.regions.selectors import descendants_filter
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


def achievements_visible_to(user: Any) -> QuerySet[Achievement]:
    """The library is an offer to every signed-in user: open achievements everywhere; besides, officials see
    every achievement of their region (province: all), an enterprise its own withdrawn ones."""
    qs = Achievement.objects.select_related("city", "county", "enterprise", "chain").prefetch_related("patents")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_province(user) or user.role == Role.SYSTEM_ADMIN:
        return qs
    region = governed_region(user)
    if region is not None:
        return qs.filter(Q(is_open=True) | Q(**descendants_filter(region)))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(Q(is_open=True) | Q(enterprise_id=user.enterprise_id))
    return qs.filter(is_open=True)


def navigation_projects_visible_to(user: Any) -> QuerySet[NavigationProject]:
    """Officials: the patent-navigation projects of their region (province and system admin: all); others: none."""
    qs = NavigationProject.objects.select_related("city", "county", "chain")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_province(user) or user.role == Role.SYSTEM_ADMIN:
        return qs
    region = governed_region(user)
    return qs.filter(**descendants_filter(region)) if region is not None else qs.none()


MAX_NEEDS = 200


def achievement_matches(user: Any) -> list[tuple[Any, list[tuple[Achievement, Any]]]]:
    """The achievements library in the supply–demand matching: for each open technology need the user may see,
    the open achievements that fit best (same scoring as the service offerings: section, chain, keywords)."""
    from breakzero.service_bodies.access import needs_visible_to
    from breakzero.service_bodies.matching import MatchSide, suggest_matches

    def side(item: Any) -> MatchSide:
        chains = frozenset({item.chain_id}) if item.chain_id else frozenset()
        return MatchSide(item.pk, item.title, item.keywords, item.industry_section, chains)

    needs = list(needs_visible_to(user).filter(is_open=True).select_related("enterprise")[:MAX_NEEDS])
    offers = {a.pk: a for a in Achievement.objects.filter(is_open=True)}
    suggested = suggest_matches([side(n) for n in needs], [side(a) for a in offers.values()])
    return [(need, [(offers[m.offering], m) for m in suggested[need.pk]]) for need in needs if suggested[need.pk]]
