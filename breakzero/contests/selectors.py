"""Reads of the contests area, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from breakzero.accounts.access import governed_region, sees_whole_province
from breakzero.accounts.models import Role
from breakzero.contests.models import Contest, Entry


def contests_visible_to(user: Any) -> QuerySet[Contest]:
    """Editions are announced to every logged-in user."""
    return Contest.objects.all() if getattr(user, "is_authenticated", False) else Contest.objects.none()


def entries_visible_to(user: Any) -> QuerySet[Entry]:
    """Province (and system admin): all; city/county officials: entries placed in their region; an enterprise:
    its own; an expert: the entries assigned to them on a stage's sheet; everyone else: none."""
    qs = Entry.objects.select_related("contest", "enterprise", "city", "county")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_province(user) or user.role == Role.SYSTEM_ADMIN:
        return qs
    region = governed_region(user)
    if region is not None:
        return qs.filter(Q(city=region) if region.is_prefecture else Q(county=region))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(enterprise_id=user.enterprise_id)
    if user.role == Role.EXPERT:
        return qs.filter(Exists(_assigned_to(user)))
    return qs.none()


def _assigned_to(user: Any) -> QuerySet:
    """An expert's assignments on a stage of the entry's edition (the engine's sheets): an expert sees the entries
    given to them, nothing else."""
    from breakzero.calls.models import Assignment

    return Assignment.objects.filter(member__expert__user_id=user.pk, application__enterprise_id=OuterRef("enterprise_id"),
                                     application__call__contest_stage__contest_id=OuterRef("contest_id"))


def later_path(entry: Entry) -> dict[str, Any]:
    """What became of an enterprise entrant after it registered: titles recognised, break zero, recognitions
    (support) on the calls engine — read from those records, never retyped."""
    from breakzero.calls.models import Recognition
    from breakzero.cultivation.models import Title
    from breakzero.patents.models import BreakZeroEvent

    if not entry.enterprise_id:
        return {"titles": [], "break_zero": None, "recognitions": []}
    since = entry.registered_on
    return {
        "titles": list(Title.objects.filter(enterprise_id=entry.enterprise_id, recognized_on__gte=since)
                       .order_by("recognized_on")),
        "break_zero": BreakZeroEvent.objects.filter(enterprise_id=entry.enterprise_id, break_zero_date__gte=since).first(),
        "recognitions": list(Recognition.objects.filter(enterprise_id=entry.enterprise_id, recognized_on__gte=since)
                             .select_related("programme").order_by("recognized_on")),
    }
