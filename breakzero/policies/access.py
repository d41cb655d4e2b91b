"""Who may see an enterprise's check-up, declare its facts and see screening lists."""

from typing import Any

from django.shortcuts import get_object_or_404

from breakzero.accounts.models import Role
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.enterprises.models import Enterprise


def checkup_enterprise_or_404(user: Any, pk: int) -> Enterprise:
    """The enterprise itself and officials of its region (province, city, county) see its check-up."""
    return get_object_or_404(enterprises_visible_to(user).select_related("county", "city"), pk=pk)


def can_declare(user: Any, enterprise: Enterprise) -> bool:
    """Declared facts come from the enterprise itself (a system admin may correct them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.SYSTEM_ADMIN:
        return True
    return user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk


def can_run_screening(user: Any) -> bool:
    """A full re-screening is heavy: province officials and system admins start it."""
    return getattr(user, "is_authenticated", False) and (
        user.role in (Role.PROVINCE_OFFICIAL, Role.SYSTEM_ADMIN)
    )
