"""Who may see and do what in the service system (STYLE §3 access).

- Officials see bodies, engineers, events and records in their region (province: all).
- Service-body users (Role.SERVICE_BODY) manage their own body via ServiceBodyMember.
- Enterprise users and experts see the catalogue of active bodies (phones masked);
  an enterprise sees and rates only its own service records.
- Experts score bodies they have not declared a conflict with.
"""

from typing import Any

from django.db.models import Q, QuerySet

from breakzero.accounts.access import governed_region, governs_region, sees_whole_province
from breakzero.accounts.models import Role
from breakzero.service_bodies.models import (
    ConflictDeclaration,
    Engineer,
    ServiceBody,
    ServiceEvent,
    ServiceRecord,
)

CATALOGUE_ROLES = frozenset({Role.ENTERPRISE, Role.EXPERT})


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _sees_all(user: Any) -> bool:
    return sees_whole_province(user) or user.role == Role.SYSTEM_ADMIN


def _region_q(user: Any, *, county_field: str, city_field: str) -> Q | None:
    """Q selecting rows in the official's region; None when the user is not an official."""
    region = governed_region(user)
    if region is None:
        return None
    if region.is_province:
        return Q()
    if region.is_prefecture:
        return Q(**{f"{city_field}_id": region.code})
    return Q(**{f"{county_field}_id": region.code})


def member_body_ids(user: Any) -> list[int]:
    if not _authenticated(user) or user.role != Role.SERVICE_BODY:
        return []
    return list(user.service_memberships.values_list("body_id", flat=True))


def bodies_visible_to(user: Any) -> QuerySet[ServiceBody]:
    qs = ServiceBody.objects.all()
    if not _authenticated(user):
        return qs.none()
    if _sees_all(user):
        return qs
    region_q = _region_q(user, county_field="region", city_field="city")
    if region_q is not None:
        return qs.filter(region_q)
    if user.role == Role.SERVICE_BODY:
        return qs.filter(members__user=user)
    if user.role in CATALOGUE_ROLES:
        return qs.filter(is_active=True)
    return qs.none()


def can_create_body(user: Any) -> bool:
    return _authenticated(user) and (user.is_official or user.role == Role.SYSTEM_ADMIN)


def can_manage_body(user: Any, body: ServiceBody) -> bool:
    """Members manage their own body; officials the bodies in their region."""
    if not _authenticated(user):
        return False
    if user.role == Role.SYSTEM_ADMIN:
        return True
    if user.is_official:
        return governs_region(user, body.region)
    return body.pk in member_body_ids(user)


def can_see_body_phone(user: Any, body: ServiceBody) -> bool:
    return can_manage_body(user, body)


def engineers_visible_to(user: Any) -> QuerySet[Engineer]:
    qs = Engineer.objects.all()
    if not _authenticated(user):
        return qs.none()
    if _sees_all(user):
        return qs
    region_q = _region_q(user, county_field="county", city_field="city")
    if region_q is not None:
        return qs.filter(region_q)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(employer_id=user.enterprise_id)
    return qs.none()


def can_manage_engineers(user: Any) -> bool:
    return _authenticated(user) and (user.is_official or user.role == Role.SYSTEM_ADMIN)


def can_reveal_id_number(user: Any, engineer: Engineer) -> bool:
    """Only officials of the engineer's region may reveal a full ID number (PIPL)."""
    return _authenticated(user) and user.is_official and governs_region(user, engineer.county or engineer.city)


def events_visible_to(user: Any) -> QuerySet[ServiceEvent]:
    if _authenticated(user) and user.role == Role.ENTERPRISE:
        return ServiceEvent.objects.filter(body__is_active=True)
    return ServiceEvent.objects.filter(body__in=bodies_visible_to(user))


def can_confirm_late_event(user: Any, event: ServiceEvent) -> bool:
    """City officials of the body's prefecture confirm its 补录 events."""
    return _authenticated(user) and user.role == Role.CITY_OFFICIAL and user.region_id == event.body.city_id


def records_visible_to(user: Any) -> QuerySet[ServiceRecord]:
    qs = ServiceRecord.objects.all()
    if not _authenticated(user):
        return qs.none()
    if _sees_all(user):
        return qs
    region_q = _region_q(user, county_field="body__region", city_field="body__city")
    if region_q is not None:
        return qs.filter(region_q)
    if user.role == Role.SERVICE_BODY:
        return qs.filter(body_id__in=member_body_ids(user))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(enterprise_id=user.enterprise_id)
    return qs.none()


def can_rate_record(user: Any, record: ServiceRecord) -> bool:
    return _authenticated(user) and user.role == Role.ENTERPRISE and user.enterprise_id == record.enterprise_id


def can_manage_evaluations(user: Any) -> bool:
    return _authenticated(user) and (user.role == Role.PROVINCE_OFFICIAL)


def can_view_evaluations(user: Any) -> bool:
    return _authenticated(user) and (user.is_official or user.role in {Role.EXPERT, Role.SYSTEM_ADMIN})


def can_score_body(user: Any, body: ServiceBody) -> bool:
    """Experts score bodies unless they declared a tie to them (conflict of interest)."""
    if not _authenticated(user) or user.role != Role.EXPERT:
        return False
    return not ConflictDeclaration.objects.filter(expert=user, body=body).exists()


def can_approve_subsidy(user: Any) -> bool:
    return _authenticated(user) and user.role == Role.PROVINCE_OFFICIAL


def needs_visible_to(user: Any):
    """Enterprises see their own needs; officials those in their region; bodies and experts all open needs."""
    from breakzero.enterprises.access import enterprises_visible_to
    from breakzero.service_bodies.models import TechNeed

    if not _authenticated(user):
        return TechNeed.objects.none()
    if user.role in {Role.SERVICE_BODY, Role.EXPERT}:
        return TechNeed.objects.filter(is_open=True)
    return TechNeed.objects.filter(enterprise__in=enterprises_visible_to(user))


def enterprises_near_own_bodies(user: Any):
    """A body's staff pick the enterprises it serves from the cities its bodies are in."""
    from breakzero.enterprises.models import Enterprise

    cities = ServiceBody.objects.filter(pk__in=member_body_ids(user)).values("city_id")
    return Enterprise.objects.filter(city_id__in=cities)


def can_manage_accounts(user: Any, body: ServiceBody) -> bool:
    """The province, or the city for the bodies it governs, attaches accounts and names administrators."""
    if not _authenticated(user) or user.role not in {Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL}:
        return False
    return governs_region(user, body.region)


def is_body_admin(user: Any, body: ServiceBody) -> bool:
    if not _authenticated(user) or user.role != Role.SERVICE_BODY:
        return False
    return body.members.filter(user=user, is_admin=True).exists()


def can_see_members(user: Any, body: ServiceBody) -> bool:
    return can_manage_accounts(user, body) or is_body_admin(user, body)


def bodies_managed_by(user: Any) -> QuerySet[ServiceBody]:
    """The bodies whose records the user may write (as can_manage_body, set-based): a service body's staff their
    own body; officials the bodies of their region (province: all); system administrators all."""
    qs = ServiceBody.objects.all()
    if not _authenticated(user):
        return qs.none()
    if user.role == Role.SYSTEM_ADMIN or sees_whole_province(user):
        return qs
    region_q = _region_q(user, county_field="region", city_field="city")
    if region_q is not None:
        return qs.filter(region_q)
    if user.role == Role.SERVICE_BODY:
        return qs.filter(pk__in=member_body_ids(user))
    return qs.none()
