"""Who may report, review, lock and configure (STYLE §3 access)."""

from typing import Any

from django.db.models import QuerySet

from breakzero.accounts.access import governed_region, governs_region, sees_whole_province
from breakzero.accounts.models import Role
from breakzero.enterprises.models import Enterprise
from breakzero.regions.models import Region
from breakzero.regions.selectors import descendants_filter
from breakzero.reporting.models import Submission


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    """Province: all; city/county officials: enterprises in their region; an enterprise: its own."""
    qs = Submission.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_province(user):
        return qs
    region = governed_region(user)
    if region is not None:
        return qs.filter(**descendants_filter(region, county_field="enterprise__county", city_field="enterprise__city"))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(enterprise_id=user.enterprise_id)
    return qs.none()


def can_report(user: Any, enterprise: Enterprise) -> bool:
    """The enterprise's own users fill its report; its county (or city) may enter it on its behalf."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise.pk
    return user.role in (Role.COUNTY_OFFICIAL, Role.CITY_OFFICIAL) and governs_region(user, _home(enterprise))


def can_review(user: Any, enterprise: Enterprise) -> bool:
    """The county reviews its enterprises; the city reviews those registered without a county."""
    if not getattr(user, "is_authenticated", False):
        return False
    if enterprise.county_id:
        return user.role == Role.COUNTY_OFFICIAL and user.region_id == enterprise.county_id
    return user.role == Role.CITY_OFFICIAL and user.region_id == enterprise.city_id


def can_reopen(user: Any, enterprise: Enterprise) -> bool:
    """Only the county reopens a closed window for one of its enterprises (a closed window reopens only through the county, recorded)."""
    return can_review(user, enterprise)


def can_lock(user: Any, region: Region) -> bool:
    """A county locks its own region; a city locks itself (all its counties)."""
    if not getattr(user, "is_authenticated", False) or user.region_id != region.code:
        return False
    return (user.role == Role.COUNTY_OFFICIAL and not region.is_prefecture and not region.is_province) or (
        user.role == Role.CITY_OFFICIAL and region.is_prefecture
    )


def can_decide_correction(user: Any, requester: Any, enterprise: Enterprise) -> bool:
    """One level above the requester: a county's request goes to its city, a city's to the province."""
    if not getattr(user, "is_authenticated", False) or requester is None:
        return False
    if requester.role == Role.COUNTY_OFFICIAL:
        return user.role == Role.CITY_OFFICIAL and governs_region(user, _home(enterprise))
    if requester.role == Role.CITY_OFFICIAL:
        return user.role == Role.PROVINCE_OFFICIAL
    return False


def can_configure(user: Any) -> bool:
    """Data sets, windows and rules are the province's."""
    return sees_whole_province(user)


def _home(enterprise: Enterprise) -> Region | None:
    return enterprise.county or enterprise.city
