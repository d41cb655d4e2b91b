"""Reads of the digital-transformation area, scoped to the user (not visible → not listed, 404 on detail)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from breakzero.accounts.models import Role
from breakzero.digital.models import Assessment, DigitalUse, Solution, SolutionAdoption, TransformationProject
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.service_bodies.access import bodies_visible_to, member_body_ids

_ENTERPRISE = ("enterprise", "enterprise__city", "enterprise__county")


def uses_visible_to(user: Any) -> QuerySet[DigitalUse]:
    """上云/上平台 rows of the enterprises the user may see (officials: their region; enterprise: its own)."""
    return DigitalUse.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(*_ENTERPRISE)


def projects_visible_to(user: Any) -> QuerySet[TransformationProject]:
    return TransformationProject.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(*_ENTERPRISE)


def assessments_visible_to(user: Any) -> QuerySet[Assessment]:
    return Assessment.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(*_ENTERPRISE)


def solutions_visible_to(user: Any) -> QuerySet[Solution]:
    """Active solutions of the service bodies the user may see (officials: their region's bodies; enterprises
    and experts: the catalogue of active bodies; a service body: its own, inactive ones included)."""
    qs = Solution.objects.filter(body__in=bodies_visible_to(user))
    if getattr(user, "role", None) != Role.SERVICE_BODY:
        qs = qs.filter(is_active=True)
    return qs.select_related("body")


def adoptions_visible_to(user: Any) -> QuerySet[SolutionAdoption]:
    """Adoptions of the enterprises the user may see, plus those of a service body's own solutions."""
    qs = SolutionAdoption.objects.filter(enterprise__in=enterprises_visible_to(user))
    if getattr(user, "role", None) == Role.SERVICE_BODY:
        qs = SolutionAdoption.objects.filter(solution__body_id__in=member_body_ids(user))
    return qs.select_related("solution__body", *_ENTERPRISE)


def latest_levels(enterprise_ids: list[int] | None, *, as_of) -> dict[int, int]:
    """Each enterprise's level from its latest assessment on or before `as_of` (a level recorded; not user-scoped:
    used by the facts assembly, which is scoped by its caller)."""
    latest = (Assessment.objects.filter(enterprise=OuterRef("enterprise"), assessed_on__lte=as_of, level__isnull=False)
              .order_by("-assessed_on", "-pk").values("pk")[:1])
    qs = Assessment.objects.filter(assessed_on__lte=as_of, level__isnull=False, pk=Subquery(latest))
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=enterprise_ids)
    return dict(qs.values_list("enterprise_id", "level"))
