"""Who may see and act on plans, bulletins and supervision tasks (region-scoped; outside → 404)."""

from __future__ import annotations

from typing import Any

from breakzero.accounts.access import governed_region, governs_region
from breakzero.accounts.models import Role
from breakzero.regions.models import Region


def is_official(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "is_official", False)


def own_region(user: Any) -> Region | None:
    return governed_region(user) if is_official(user) else None


def is_strictly_inside(user: Any, region: Region | None) -> bool:
    """`region` lies inside the official's region and is not that region itself (province → city/county,
    city → its counties)."""
    own = own_region(user)
    return own is not None and region is not None and region.code != own.code and governs_region(user, region)


def reviewer_region_code(region: Region) -> str | None:
    """The level that reviews a region's plan: the prefecture for a county, the province for a prefecture."""
    if region.is_county:
        return region.city_code or (region.parent_id or None)
    if region.is_prefecture:
        return region.parent_id
    return None


# ------------------------------------------------------------------ plans


def can_view_plans_of(user: Any, region: Region) -> bool:
    return is_official(user) and governs_region(user, region)


def can_upload_plan(user: Any, region: Region) -> bool:
    """Cities and counties upload their own plan; the province has no parent to submit to."""
    return is_official(user) and user.region_id == region.code and not region.is_province


def can_review_plan(user: Any, region: Region) -> bool:
    """A city official reviews its counties' plans; a province official reviews the cities' plans."""
    if not is_official(user):
        return False
    if user.role == Role.PROVINCE_OFFICIAL:
        return region.is_prefecture
    if user.role == Role.CITY_OFFICIAL:
        return region.is_county and region.city_code == user.region_id
    return False


# ------------------------------------------------------------------ bulletins


def can_generate_bulletin(user: Any, region: Region) -> bool:
    """Province officials for the province (or a city); a city official for its own city."""
    if not is_official(user) or region.is_county:
        return False
    if user.role == Role.PROVINCE_OFFICIAL:
        return True
    return user.role == Role.CITY_OFFICIAL and user.region_id == region.code


def can_view_bulletin_region(user: Any, region: Region) -> bool:
    """Bulletins circulate downwards: a region's officials see those of their region, above and inside it."""
    own = own_region(user)
    if own is None:
        return False
    return governs_region(user, region) or region.code in _ancestor_codes(own)


def _ancestor_codes(region: Region) -> set[str]:
    codes = set()
    if region.city_code and region.city_code != region.code:
        codes.add(region.city_code)
    if not region.is_province:
        codes.add("430000")
    return codes


# ------------------------------------------------------------------ supervision tasks


def can_create_task_for(user: Any, region: Region) -> bool:
    return is_strictly_inside(user, region)


def can_view_task(user: Any, task: Any) -> bool:
    """The region's own officials and every level above it (the parent level sees overdue tasks)."""
    return is_official(user) and governs_region(user, task.region)


def can_answer_task(user: Any, task: Any) -> bool:
    return is_official(user) and user.region_id == task.region_id


def can_close_task(user: Any, task: Any) -> bool:
    """The creating level closes or reopens (the creator or a colleague of the same region)."""
    return is_official(user) and user.region_id == task.creator_region_id
