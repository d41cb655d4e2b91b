"""Who may see and change which enterprises (STYLE §3 access)."""

from typing import Any

from django.db.models import QuerySet

from breakzero.accounts.access import governed_region, governs_region, sees_whole_province
from breakzero.accounts.models import Role
from breakzero.core.masking import mask_phone  # noqa: F401 (re-exported: one masking rule for every page, 个人信息保护法)
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
    if user.role == Role.SYSTEM_ADMIN:
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


# Fields an enterprise user may change on its own record.
ENTERPRISE_SELF_FIELDS = frozenset({"contact_person", "contact_phone"})
REGISTER_FIELDS = frozenset(
    {"uscc", "name", "former_names", "county", "industry_code", "chains", "founded_on", "contact_person", "contact_phone"}
)


def editable_fields(user: Any, enterprise: Enterprise) -> frozenset[str]:
    """Which register fields `user` may change: none outside scope, contacts for the enterprise itself."""
    if not can_edit_enterprise(user, enterprise):
        return frozenset()
    if user.role == Role.ENTERPRISE:
        return ENTERPRISE_SELF_FIELDS
    if can_see_personal_data(user, enterprise):
        return REGISTER_FIELDS
    return REGISTER_FIELDS - ENTERPRISE_SELF_FIELDS  # cannot read the contact, so cannot overwrite it blind


def can_export_enterprises(user: Any) -> bool:
    """Register exports are for officials and system admins (an enterprise has nothing to list)."""
    return getattr(user, "is_authenticated", False) and (user.is_official or user.is_system_admin)


def mask_person(name: str) -> str:
    """张** : keep the family name only."""
    value = (name or "").strip()
    return value[:1] + "*" * (len(value) - 1) if value else ""


# Who may pick which enterprise in a form (the autocomplete): those the user sees, plus what an
# app downstream adds for a role it owns (service_bodies: its staff pick enterprises of their
# bodies' cities). Registered in AppConfig.ready().
_PICKER_SCOPES: dict[str, Any] = {}


def register_picker_scope(role: str, func: Any) -> None:
    _PICKER_SCOPES[role] = func


def enterprises_pickable_by(user: Any) -> QuerySet[Enterprise]:
    qs = enterprises_visible_to(user)
    extra = _PICKER_SCOPES.get(getattr(user, "role", ""))
    if extra is not None and getattr(user, "is_authenticated", False):
        qs = qs | extra(user)
    return qs
