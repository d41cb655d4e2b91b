"""Suggested matches between visible technology needs and open offerings."""

from typing import Any

from breakzero.service_bodies import access
from breakzero.service_bodies.matching import Match, MatchSide, suggest_matches
from breakzero.service_bodies.models import ServiceOffering, TechNeed

MAX_NEEDS = 200


def _side(item: Any) -> MatchSide:
    chains = frozenset({item.chain_id}) if item.chain_id else frozenset()
    return MatchSide(item.pk, item.title, item.keywords, item.industry_section, chains)


def matches_for(user: Any) -> list[tuple[TechNeed, list[tuple[ServiceOffering, Match]]]]:
    """For each visible open need (newest first), the best offerings."""
    needs = list(access.needs_visible_to(user).filter(is_open=True).select_related("enterprise")[:MAX_NEEDS])
    offerings = {o.pk: o for o in ServiceOffering.objects.filter(is_open=True, body__is_active=True).select_related("body")}
    suggested = suggest_matches([_side(n) for n in needs], [_side(o) for o in offerings.values()])
    return [(need, [(offerings[m.offering], m) for m in suggested[need.pk]]) for need in needs]
