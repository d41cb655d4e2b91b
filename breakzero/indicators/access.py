"""Who sees which region's progress and who may set which targets."""

from __future__ import annotations

import time
from typing import Any

from django.http import Http404

from breakzero.accounts.access import governs_region
from breakzero.accounts.models import OFFICIAL_ROLES, Role, User
from breakzero.regions.models import Region

PROVINCE_CODE = "430000"
WHOLE_PROVINCE_READERS = frozenset({Role.SYSTEM_ADMIN})


def home_region(user: Any) -> Region | None:
    """The region a user's dashboard opens on: an official's own; the province for system admins."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.role in OFFICIAL_ROLES and user.region_id:
        return user.region  # the page header shows it too: load it once on the user
    if user.role in WHOLE_PROVINCE_READERS:
        return Region.objects.filter(code=PROVINCE_CODE).first()
    return None


def can_view_region(user: Any, region: Region | None) -> bool:
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role in WHOLE_PROVINCE_READERS:
        return True
    return governs_region(user, region)


def region_for(user: Any, code: str | None) -> Region:
    """The region asked for (default: the user's own); outside the user's scope → 404."""
    code = str(code or "").strip()
    if code and not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise Http404("地区代码应为 6 位数字")
    region = home_region(user) if not code else _region(code)
    if region is None or not can_view_region(user, region):
        raise Http404("地区不存在或不在您的管辖范围内")
    return region


def attach_own_region(user: Any) -> None:
    """Set an official's own region on the user from the region memo (the page header shows it)."""
    if getattr(user, "is_authenticated", False) and user.region_id and not User.region.is_cached(user):
        region = _region(user.region_id)
        if region is not None:
            user.region = region


REGION_MEMO_SECONDS = 600
_memo: dict[str, tuple[float, Region]] = {}


def _region(code: str) -> Region | None:
    """Divisions change only with a data migration: each process keeps a looked-up region 10 minutes.

    Only existing codes are kept (at most the divisions table), so unknown codes cannot grow it.
    """
    now = time.monotonic()
    memo = _memo.get(code)
    if memo is not None and memo[0] > now:
        return memo[1]
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is not None:
        _memo[code] = (now + REGION_MEMO_SECONDS, region)
    return region


def forget_regions() -> None:
    """Drop the region memo (tests that change divisions)."""
    _memo.clear()


def can_set_target(user: Any, region: Region) -> bool:
    """Province officials set province and prefecture targets; a city official its counties; counties read only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.PROVINCE_OFFICIAL:
        return region.level in {Region.Level.PROVINCE, Region.Level.PREFECTURE}
    if user.role == Role.CITY_OFFICIAL and user.region_id:
        return region.level == Region.Level.COUNTY and region.city_code == user.region_id
    return False


def can_edit_participants(user: Any, region: Region) -> bool:
    """Officials maintain the roster of enterprises in their own region."""
    return bool(getattr(user, "is_official", False)) and governs_region(user, region)
