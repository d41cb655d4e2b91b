"""Reads of the demonstration area, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from breakzero.accounts.models import Role
from breakzero.calls.selectors import recognitions_visible_to
from breakzero.demonstration.models import TypicalCase
from breakzero.enterprises.access import enterprises_visible_to


def cases_visible_to(user: Any) -> QuerySet[TypicalCase]:
    """Published cases for every logged-in user; cases under review for the province and the enterprise's own
    (officials see those of their region)."""
    scope = Q(status=TypicalCase.Status.PUBLISHED)
    if getattr(user, "role", None) in (Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL, Role.ENTERPRISE):
        scope |= Q(enterprise__in=enterprises_visible_to(user))
    return TypicalCase.objects.filter(scope).select_related("enterprise", "enterprise__city")


def projects_visible_to(user: Any) -> QuerySet:
    return recognitions_visible_to(user).filter(kind="major_product_innovation").prefetch_related("investment_reports")
