"""Who may see and change which enterprises (STYLE §3 access)."""

from typing import Any

from django.db.models import QuerySet

from breakzero.accounts.access import governed_region, governs_region, sees_whole_province
from breakzero.accounts.models import Role
from breakzero.enterprises.models import Enterprise
from breakzero.regions.selectors import descendants_filter

READ_ALL_ROLES = frozenset({Role.SYSTEM_ADMIN})


def enterprises_visible_to(user: Any) -> QuerySet[Enterprise]:
    """Province officials and system admins: all; city/county officials: their region;
    enterprise users: their own enterprise; everyone else: none."""
    qs = Enterprise.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_province(user) or user.role in READ_ALL_ROLES:
        return qs
    region = governed_region(user)
    if region is not None:
        return qs.filter(**descendants_filter(region))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(pk=user.enterprise_id)
    return qs.none()


def can_view_enterprise(user: Any, enterprise: Enterprise) -> bool:
    return enterprises_visible_to(user).filter(pk=enterprise.pk).exists()


def can_edit_enterprise(user: Any, enterprise: Enterprise) -> bool:
    """Officials edit enterprises in their region; an enterprise user edits its own."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.SYSTEM_ADMIN or user.is_superuser:
        return True
    if user.is_official:
        return governs_region(user, enterprise.county or enterprise.city)
    return user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk


def can_create_enterprise(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and (user.is_official or user.role == Role.SYSTEM_ADMIN)


def can_see_personal_data(user: Any, enterprise: Enterprise | None = None) -> bool:
    """Contact phone numbers: shown unmasked only to roles that need them (PIPL)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.ENTERPRISE:
        return enterprise is not None and user.enterprise_id == enterprise.pk
    return user.role in {Role.COUNTY_OFFICIAL, Role.CITY_OFFICIAL}
