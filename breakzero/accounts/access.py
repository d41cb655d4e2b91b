"""Who a user is in the programme's hierarchy: the region an official governs."""

from typing import Any

from breakzero.accounts.models import OFFICIAL_ROLES, Role
from breakzero.regions.models import Region


def governed_region(user: Any) -> Region | None:
    """The region an official (or a system-wide reader) sees; None for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.role in OFFICIAL_ROLES:
        return user.region
    return None


def sees_whole_province(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.PROVINCE_OFFICIAL


def governs_region(user: Any, region: Region | None) -> bool:
    """True when `region` lies inside the official's own region."""
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    if sees_whole_province(user):
        return True
    own = governed_region(user)
    if own is None:
        return False
    if own.is_prefecture:
        return region.code == own.code or region.city_code == own.code
    return region.code == own.code
