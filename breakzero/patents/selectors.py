"""Reads: break-zero lists, the candidate pipeline, patent search, an enterprise's patents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from breakzero.enterprises.access import enterprises_visible_to
from breakzero.enterprises.models import Enterprise
from breakzero.patents.access import patents_visible_to
from breakzero.patents.break_zero import EXCLUDED_STATUSES, PROGRAMME_START_YEAR, SME_SIZES
from breakzero.patents.models import INVENTION_KINDS, BreakZeroEvent, Patent, PatentApplicant
from breakzero.regions.models import Region
from breakzero.regions.selectors import descendants_filter
from breakzero.rules import priority_exam
from breakzero.rules.priority_exam import GrantWindow
from breakzero.rules.errors import InvalidCode
from breakzero.rules.patent_numbers import parse_application_number



@dataclass(frozen=True)
class BreakZeroSummary:
    year: int
    count: int  # events that count (SME or size unknown)
    not_sme: int
    size_unknown: int
    target: int | None  # the province's yearly target; None below province level

    @property
    def ratio(self) -> float | None:
        return self.count / self.target if self.target else None


def break_zero_events(*, user: Any, year: int | None, region: Region | None) -> QuerySet[BreakZeroEvent]:
    """Events of enterprises the user sees; `year` None = all years."""
    enterprises = _scoped_enterprises(user, region)
    qs = BreakZeroEvent.objects.filter(enterprise__in=enterprises.values("pk"))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("enterprise", "enterprise__county", "enterprise__city", "patent").order_by(
        "break_zero_date", "enterprise__name"
    )


def break_zero_counted(*, year: int, region: Region | None) -> QuerySet[BreakZeroEvent]:
    """Events that count for `year` (SME or size unknown), whole register: for the shell."""
    qs = BreakZeroEvent.objects.filter(year=year, is_sme=True)
    if region is not None and not region.is_province:
        qs = qs.filter(**{f"enterprise__{k}": v for k, v in descendants_filter(region).items()})
    return qs.select_related("enterprise", "patent").order_by("break_zero_date", "enterprise__uscc")


def break_zero_summary(*, user: Any, year: int, region: Region | None) -> BreakZeroSummary:
    totals = break_zero_events(user=user, year=year, region=region).aggregate(
        counted=Count("pk", filter=Q(is_sme=True)),
        not_sme=Count("pk", filter=Q(is_sme=False)),
        unknown=Count("pk", filter=Q(size_known=False)),
    )
    whole_province = region is None or region.is_province
    target = settings.BREAK_ZERO_TARGET_PER_YEAR if whole_province and year >= PROGRAMME_START_YEAR else None
    return BreakZeroSummary(year, totals["counted"], totals["not_sme"], totals["unknown"], target)


def latest_break_zero_year() -> int:
    """The default year of the list: the latest year with an event, else this year."""
    today = dt.date.today().year
    latest = BreakZeroEvent.objects.filter(year__lte=today).order_by("-year").values_list("year", flat=True).first()
    return latest or today


def candidates(*, user: Any, region: Region | None) -> QuerySet[PatentApplicant]:
    """The pipeline: SMEs (or size unknown) without a granted invention patent, one row per
    pending invention application they hold."""
    granted = PatentApplicant.objects.filter(
        enterprise=OuterRef("enterprise"), patent__kind__in=INVENTION_KINDS, patent__grant_date__isnull=False
    ).exclude(patent__legal_status__in=EXCLUDED_STATUSES)
    enterprises = _scoped_enterprises(user, region).filter(Q(latest_size__in=SME_SIZES) | Q(latest_size=""))
    return (
        PatentApplicant.objects.filter(
            enterprise__in=enterprises.values("pk"),
            patent__kind__in=INVENTION_KINDS,
            patent__legal_status="pending",
            patent__grant_date__isnull=True,
        )
        .filter(~Exists(granted))
        .select_related("patent", "enterprise", "enterprise__county", "enterprise__city")
        .order_by("patent__application_date", "enterprise__name", "patent__application_number")
    )


def expected_grant_window(application_date: dt.date | None) -> GrantWindow | None:
    """Indicative grant window of a pending invention (rules.priority_exam, policy-rules.md §6.2)."""
    if application_date is None:
        return None
    return priority_exam.expected_grant_window(application_date)


def patent_search(*, user: Any, q: str = "", kind: str = "", status: str = "") -> QuerySet[Patent]:
    """By application number in any printed form, publication number, title or applicant."""
    qs = patents_visible_to(user)
    text = q.strip()
    if text:
        number = _as_application_number(text)
        compact = text.replace(" ", "").upper()
        match = Q(title__icontains=text) | Q(publication_number__iexact=compact)
        match |= Q(pk__in=PatentApplicant.objects.filter(name__icontains=text).values("patent_id"))
        if number:
            match |= Q(application_number=number)
        qs = qs.filter(match)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(legal_status=status)
    return qs.prefetch_related("applicants").order_by("-application_date", "application_number")


def enterprise_or_none(*, user: Any, pk: int) -> Enterprise | None:
    return enterprises_visible_to(user).select_related("county", "city").filter(pk=pk).first()


def enterprise_patents(*, enterprise: Enterprise) -> QuerySet[Patent]:
    return (
        Patent.objects.filter(applicants__enterprise=enterprise)
        .distinct()
        .prefetch_related("applicants")
        .order_by("-application_date", "application_number")
    )


def break_zero_event_of(*, enterprise: Enterprise) -> BreakZeroEvent | None:
    return BreakZeroEvent.objects.select_related("patent").filter(enterprise=enterprise).first()


def region_or_none(code: str) -> Region | None:
    return Region.objects.filter(code=code.strip()).first() if code and code.strip() else None


def _scoped_enterprises(user: Any, region: Region | None) -> QuerySet[Enterprise]:
    qs = enterprises_visible_to(user)
    if region is not None:
        qs = qs.filter(**descendants_filter(region))
    return qs


def _as_application_number(text: str) -> str:
    try:
        return parse_application_number(text).number
    except (InvalidCode, TypeError):
        return ""
