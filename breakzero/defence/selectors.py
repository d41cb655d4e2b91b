"""Reads of the 民参军 area, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from breakzero.defence.models import Qualification
from breakzero.enterprises.access import enterprises_visible_to


def qualifications_visible_to(user: Any) -> QuerySet[Qualification]:
    return Qualification.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(
        "enterprise", "enterprise__city", "enterprise__county")
