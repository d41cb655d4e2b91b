"""Who may see and do what with the special funds (not visible → 404).

Province officials and province finance staff see every fund, budget, allocation and project;
city officials and city finance their city's; county officials their county's; an enterprise or
service body its own projects. Budgets and allocations are set by the province; payments and
recoveries are recorded by finance staff of the project's region (province finance: anywhere)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from breakzero.accounts.models import Role

OFFICIAL_OR_FINANCE = (Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL, Role.FINANCE)
READERS = (*OFFICIAL_OR_FINANCE, Role.ENTERPRISE, Role.SERVICE_BODY)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _region(user: Any) -> Any:
    return getattr(user, "region", None) if getattr(user, "region_id", None) else None


def is_province_level(user: Any) -> bool:
    """Province officials, and finance staff whose region is the province."""
    if not _authenticated(user):
        return False
    if user.role == Role.PROVINCE_OFFICIAL:
        return True
    region = _region(user)
    return user.role == Role.FINANCE and region is not None and region.is_province


def project_scope(user: Any) -> Q:
    """Fund projects a user may read."""
    if not _authenticated(user):
        return Q(pk__in=[])
    if is_province_level(user):
        return Q()
    region = _region(user)
    if user.role in (Role.CITY_OFFICIAL, Role.FINANCE) and region is not None and region.is_prefecture:
        return Q(city_id=region.code)
    if user.role in (Role.COUNTY_OFFICIAL, Role.FINANCE) and region is not None and region.is_county:
        return Q(county_id=region.code)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    if user.role == Role.SERVICE_BODY:
        return Q(service_body__members__user_id=user.pk)
    return Q(pk__in=[])


def region_codes_scope(user: Any, field: str = "region_id") -> Q:
    """Rows keyed by a region (allocation lines): province → all; a city → the city and its counties."""
    if is_province_level(user):
        return Q()
    region = _region(user)
    if not _authenticated(user) or region is None or user.role not in OFFICIAL_OR_FINANCE:
        return Q(pk__in=[])
    if region.is_prefecture:
        prefix = field.removesuffix("_id")
        return Q(**{field: region.code}) | Q(**{f"{prefix}__city_code": region.code})
    return Q(**{field: region.code})


def can_see_funds(user: Any) -> bool:
    """Fund and budget pages: officials and finance staff."""
    return _authenticated(user) and user.role in OFFICIAL_OR_FINANCE and _region(user) is not None


def can_manage_budget(user: Any) -> bool:
    """Budgets, categories, allocations, calls: province level only."""
    return is_province_level(user)


def can_record_payment(user: Any, project: Any) -> bool:
    """Finance staff of the project's region (province finance anywhere)."""
    if not _authenticated(user) or user.role != Role.FINANCE:
        return False
    region = _region(user)
    if region is None:
        return False
    if region.is_province:
        return True
    return project.city_id == region.code if region.is_prefecture else project.county_id == region.code


def can_pass_on(user: Any, city: Any) -> bool:
    """A city official passes its allocation on to its counties; the province may do it for any city."""
    if is_province_level(user):
        return True
    return _authenticated(user) and user.role == Role.CITY_OFFICIAL and user.region_id == city.code


def can_report_progress(user: Any, project: Any) -> bool:
    """The beneficiary reports progress and actuals of its own project."""
    if not _authenticated(user):
        return False
    if user.role == Role.ENTERPRISE:
        return bool(user.enterprise_id) and project.enterprise_id == user.enterprise_id
    if user.role == Role.SERVICE_BODY and project.service_body_id:
        return project.service_body.members.filter(user_id=user.pk).exists()
    return False


def city_department(user: Any, application: Any) -> str | None:
    """Which city-level opinion a user gives on an application: 工信 (city official) or 财政 (city finance)."""
    if not _authenticated(user) or user.region_id != application.city_id:
        return None
    return {Role.CITY_OFFICIAL: "industry", Role.FINANCE: "finance"}.get(user.role)


def voucher_scope(user: Any) -> Q:
    """Service vouchers a user may read: province all; a city's or county's officials and finance the
    vouchers of their enterprises; an enterprise its own; a service body those redeemed at it."""
    if not _authenticated(user):
        return Q(pk__in=[])
    if is_province_level(user):
        return Q()
    region = _region(user)
    if user.role in OFFICIAL_OR_FINANCE and region is not None:
        return Q(enterprise__city_id=region.code) if region.is_prefecture else Q(enterprise__county_id=region.code)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    if user.role == Role.SERVICE_BODY:
        return Q(project__service_body__members__user_id=user.pk)
    return Q(pk__in=[])


# Where a party's region is: (city field, county field) of an enterprise and of a service body.
PARTY_REGION_FIELDS = {"enterprise": ("city_id", "county_id"), "service_body": ("city_id", "region_id")}


def party_scope(user: Any, *, parties: tuple[str, ...] = ("enterprise",)) -> Q:
    """Credit records and bans a user may read (the call check's exclusions, programme-rules-2.md §6.2):
    the province all; a city's or county's officials and finance those of the enterprises (and service
    bodies) of their region. Writing them stays with the province (`can_manage_budget`)."""
    if is_province_level(user):
        return Q()
    region = _region(user)
    if not _authenticated(user) or region is None or user.role not in OFFICIAL_OR_FINANCE:
        return Q(pk__in=[])
    level = 0 if region.is_prefecture else 1
    scope = Q(pk__in=[])
    for party in parties:
        scope |= Q(**{f"{party}__{PARTY_REGION_FIELDS[party][level]}": region.code})
    return scope
