"""Reads of the engine, scoped to the user (indexed, paginated by the caller)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from breakzero.accounts.models import Role
from breakzero.calls.access import application_scope, region_scope
from breakzero.calls.models import (
    LEVEL_STATE, Application, Assignment, Call, EligibilityResult, EligibilityRun, Objection, Obligation, PanelMember,
    Programme,
    Recognition, State,
)
from breakzero.calls.registry import not_filed_by_applicants
from breakzero.calls.workflow import ROLE_LEVEL

PUBLIC_LIST_STATES = (State.PUBLICITY, State.PUBLISHED)


def calls_visible_to(user: Any) -> QuerySet[Call]:
    """Calls are announced publicly; every logged-in user sees them. The public pages (the portal's open calls,
    公示 and published lists read them as an anonymous user) show no call that is not open for filing: a
    programme area's own stages (a contest's 初赛/复赛…, §5.2) are not announced as calls."""
    qs = Call.objects.select_related("programme")
    if not getattr(user, "is_authenticated", False):
        return qs.exclude(programme__programme_type__in=not_filed_by_applicants())
    return qs


def calls_listed_for(user: Any) -> QuerySet[Call]:
    """The calls list: officials see every call they may manage or read; anyone else only the calls open for
    filing — a programme area's own stages (a contest's 初赛/复赛/决赛, filed by registration, §5.2) are reached
    from that area's pages, not offered as calls to apply to."""
    qs = calls_visible_to(user)
    if getattr(user, "is_official", False):
        return qs
    return qs.exclude(programme__programme_type__in=not_filed_by_applicants())


def call_get(*, user: Any, pk: int) -> Call:
    return get_object_or_404(calls_visible_to(user), pk=pk)


def programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_active=True)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(application_scope(user)).select_related(
        "call", "call__programme", "enterprise", "county", "city")


def application_get(*, user: Any, pk: int) -> Application:
    return get_object_or_404(applications_visible_to(user).distinct(), pk=pk)


def application_list(*, user: Any, call: Call | None = None, state: str = "", todo: bool = False,
                     query: str = "") -> QuerySet[Application]:
    """Applications the user sees; `todo`: those waiting at the user's level, by rank then score."""
    qs = applications_visible_to(user)
    if call is not None:
        qs = qs.filter(call=call)
    if state:
        qs = qs.filter(state=state)
    if todo:
        level = ROLE_LEVEL.get(getattr(user, "role", None))
        if level is not None:
            states = [LEVEL_STATE[level]] + ([State.EXPERT_REVIEW] if user.role == Role.PROVINCE_OFFICIAL else [])
            qs = qs.filter(state__in=states)
        elif user.role == Role.ENTERPRISE:
            qs = qs.filter(state__in=[State.DRAFT, State.RETURNED])
    if query:
        qs = qs.filter(Q(enterprise__name__icontains=query.strip()) | Q(applicant_name__icontains=query.strip()))
    return qs.order_by("level_rank", "-score", "pk")


def eligibility_list(*, user: Any, call: Call, passed: str = "yes") -> QuerySet[EligibilityResult]:
    """The stored eligibility table of a call for the user's region (read, never recomputed here)."""
    qs = EligibilityResult.objects.filter(region_scope(user), call=call)
    if passed == "yes":
        qs = qs.filter(passed=True)
    elif passed == "unknown":
        qs = qs.filter(passed__isnull=True)
    elif passed == "no":
        qs = qs.filter(passed=False)
    return qs.select_related("enterprise", "county", "city").order_by("unmet_count", "enterprise_id")


def latest_run(*, call: Call) -> EligibilityRun | None:
    return EligibilityRun.objects.filter(call=call).first()


def panel_member_for(*, user: Any, call: Call) -> PanelMember:
    return get_object_or_404(PanelMember.objects.select_related("call", "expert"), call=call, expert__user_id=user.pk)


def assignments_for(*, member: PanelMember) -> QuerySet[Assignment]:
    return member.assignments.select_related("application__enterprise", "application__city").order_by("application_id")


def expert_calls(*, user: Any) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(expert__user_id=getattr(user, "pk", None)).select_related("call")


def public_list(*, call: Call, state: str) -> QuerySet[Application]:
    """Applications on a call's public list (公示 or published): only what a notice shows is read."""
    return (Application.objects.filter(call=call, state=state).select_related("enterprise", "city", "county")
            .only("pk", "enterprise__name", "applicant_name", "city__name", "county__name", "call_id", "state")
            .order_by("city_id", "county_id", "enterprise__name"))


def public_call_get(*, pk: int, statuses: tuple[str, ...]) -> Call:
    return get_object_or_404(Call.objects.select_related("programme"), pk=pk, status__in=statuses)


def objection_lookup(*, reference: str, contact: str) -> Objection | None:
    """An objector looks up the status with the reference and the contact given (both must match)."""
    return Objection.objects.filter(reference=reference.strip().upper(), contact=contact.strip()).first()


def objections_of(*, call: Call) -> QuerySet[Objection]:
    return call.objections.select_related("application__enterprise").order_by("created_at")


def recognitions_visible_to(user: Any) -> QuerySet[Recognition]:
    from breakzero.enterprises.access import enterprises_visible_to

    return Recognition.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related("enterprise", "programme")


def public_export_rows(*, call: Call, state: str) -> tuple[list[str], list[list[Any]]]:
    headers = ["序号", "企业名称", "市州", "区县", "项目", "批次"]
    rows = [[i, a.applicant, a.city.name if a.city else "", a.county.name if a.county else "",
             call.programme.name, call.document_number]
            for i, a in enumerate(public_list(call=call, state=state).iterator(chunk_size=2000), start=1)]
    return headers, rows


def obligations_due(*, user: Any, within_days: int = 60) -> QuerySet[Obligation]:
    """Open obligations of the user's visible recognitions due within `within_days` (or overdue): the to-do."""
    import datetime as dt

    from django.utils import timezone

    limit = timezone.localdate() + dt.timedelta(days=within_days)
    return (Obligation.objects.filter(recognition__in=recognitions_visible_to(user), done_on__isnull=True, due_on__lte=limit)
            .select_related("recognition__enterprise").order_by("due_on"))
