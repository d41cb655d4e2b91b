"""Who sees which applications, eligibility rows and score sheets (not visible → 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from breakzero.accounts.models import Role
from breakzero.calls.models import State

OFFICIAL_LEVEL_FIELD = {Role.CITY_OFFICIAL: "city_id", Role.COUNTY_OFFICIAL: "county_id"}


def application_scope(user: Any) -> Q:
    """Enterprise: its own; county/city officials: their region's (not drafts); province: all but drafts;
    experts: only the applications assigned to them; anyone else: none."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    role = user.role
    if role == Role.ENTERPRISE:
        return Q(enterprise_id=user.enterprise_id) if user.enterprise_id else Q(pk__in=[])
    if role == Role.PROVINCE_OFFICIAL:
        return ~Q(state=State.DRAFT)
    if role in OFFICIAL_LEVEL_FIELD and user.region_id:
        return Q(**{OFFICIAL_LEVEL_FIELD[role]: user.region_id}) & ~Q(state=State.DRAFT)
    if role == Role.EXPERT:
        return Q(assignments__member__expert__user_id=user.pk)
    return Q(pk__in=[])


def region_scope(user: Any) -> Q:
    """Eligibility rows (call-wide tables with county/city columns) an official may read."""
    role = getattr(user, "role", None)
    if role == Role.PROVINCE_OFFICIAL:
        return Q()
    if role in OFFICIAL_LEVEL_FIELD and user.region_id:
        return Q(**{OFFICIAL_LEVEL_FIELD[role]: user.region_id})
    return Q(pk__in=[])


def can_manage_calls(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == Role.PROVINCE_OFFICIAL


def can_apply(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == Role.ENTERPRISE and bool(user.enterprise_id)
