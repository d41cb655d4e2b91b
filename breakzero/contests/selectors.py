"""Reads of the contests area, scoped to the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
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

    return Assignment.objects.filter(member__expert__user_id=user.pk, application__contest_entries=OuterRef("pk"))


@dataclass(frozen=True)
class LaterPath:
    """What became of an entrant after it registered (issue: did it become 专精特新, break zero, get funds)."""

    entry: Entry
    titles: list[Any] = field(default_factory=list)
    break_zero: Any = None
    recognitions: list[Any] = field(default_factory=list)
    funds: list[Any] = field(default_factory=list)

    @property
    def fund_total(self) -> Decimal:
        return sum((p.approved_amount for p in self.funds), Decimal(0))


def later_path(entry: Entry) -> LaterPath:
    return later_paths([entry])[0]


def later_paths(entries: Iterable[Entry]) -> list[LaterPath]:
    """Each entrant's later path, read from the records that hold it (never retyped): tier titles recognised, the
    invention-patent break zero, recognitions on the calls engine and special-fund projects approved since the
    registration. A team has none until it is linked to the enterprise it founded. Four queries for any number."""
    from breakzero.calls.models import Recognition
    from breakzero.cultivation.models import Title
    from breakzero.funds.models import FundProject
    from breakzero.patents.models import BreakZeroEvent

    entries = list(entries)
    ids = {e.enterprise_id for e in entries if e.enterprise_id}
    since = min((e.registered_on for e in entries), default=None)
    if not ids:
        return [LaterPath(e) for e in entries]
    titles = _by_enterprise(Title.objects.filter(enterprise_id__in=ids, recognized_on__gte=since).order_by("recognized_on"))
    zeros = {z.enterprise_id: z for z in BreakZeroEvent.objects.filter(enterprise_id__in=ids, break_zero_date__gte=since)}
    recognitions = _by_enterprise(Recognition.objects.filter(enterprise_id__in=ids, recognized_on__gte=since)
                                  .select_related("programme").order_by("recognized_on"))
    funds = _by_enterprise(FundProject.objects.filter(enterprise_id__in=ids, approved_on__gte=since).order_by("approved_on"))
    paths = []
    for e in entries:
        day, pk = e.registered_on, e.enterprise_id
        zero = zeros.get(pk)
        paths.append(LaterPath(e, [t for t in titles.get(pk, []) if t.recognized_on >= day],
                               zero if zero is not None and zero.break_zero_date >= day else None,
                               [r for r in recognitions.get(pk, []) if r.recognized_on >= day],
                               [f for f in funds.get(pk, []) if f.approved_on >= day]))
    return paths


def _by_enterprise(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.enterprise_id, []).append(row)
    return grouped
