"""Facts for the demonstration rules from the platform's data, set-based (a few queries per batch).

What the platform does not hold (IP management system, core-patent product sales, expert-judged
fields, centre maturity …) stays None — "unknown" in the rules — until the enterprise declares it
on the application form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.patents.models import BreakZeroEvent, PatentApplicant
from breakzero.rules.benchmarks import BenchmarkFacts
from breakzero.rules.champions import ChampionFacts
from breakzero.rules.products import ProductFacts
from breakzero.rules.tech_centres import CentreRecognition, CentreScheme, TechCentreFacts

LAPSED = ("lapsed", "invalidated", "rejected", "withdrawn")
INVENTIONS = ("invention", "pct_invention")


def benchmark_facts(enterprise_ids: Iterable[int], as_of: dt.date) -> dict[int, BenchmarkFacts]:
    """The action year judged is the last full year before `as_of` (the 2020 call judged 2020 in November;
    the platform holds complete yearly data for the year before)."""
    ids = list(enterprise_ids)
    year = as_of.year - 1
    years = _years(ids, (year - 1, year))
    grants = _invention_grants(ids, year)
    broke = set(BreakZeroEvent.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", flat=True))
    facts = {}
    for pk in ids:
        now, before = years.get((pk, year), {}), years.get((pk, year - 1), {})
        g = grants.get(pk, {})
        rd_now, rd_before = now.get("rd_expense"), before.get("rd_expense")
        facts[pk] = BenchmarkFacts(
            as_of=as_of, year=year, took_part_in_action=True if pk in broke else None,
            invention_grants_before_year=g.get("before", 0), invention_grants_in_year=g.get("in_year", 0),
            valid_invention_patents=g.get("valid", 0), employees=now.get("employees"), rd_staff=now.get("rd_staff"),
            rd_expense=rd_now, operating_revenue=now.get("operating_revenue"),
            is_rd_growing=(rd_now > rd_before) if rd_now is not None and rd_before is not None else None,
        )
    return facts


def tech_centre_facts(enterprise_ids: Iterable[int], as_of: dt.date) -> dict[int, TechCentreFacts]:
    ids = list(enterprise_ids)
    prev = as_of.year - 1
    years = _years(ids, (prev,))
    grants = _invention_grants(ids, prev)
    founded = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "founded_on"))
    facts = {}
    for pk in ids:
        row = years.get((pk, prev), {})
        started = founded.get(pk)
        operating = Decimal((as_of - started).days) / Decimal("365.25") if started else None
        facts[pk] = TechCentreFacts(
            as_of=as_of, scheme=CentreScheme.MIIT_PROVINCIAL, is_registered_in_hunan=True,
            operating_years=operating.quantize(Decimal("0.01")) if operating is not None else None,
            operating_revenue_prev=row.get("operating_revenue"), main_business_revenue_prev=row.get("main_business_revenue"),
            rd_expense_prev=row.get("rd_expense"), valid_invention_patents=grants.get(pk, {}).get("valid", 0),
        )
    return facts


def product_facts(enterprise_ids: Iterable[int], as_of: dt.date) -> dict[int, ProductFacts]:
    """Product programmes are about one product: only the registration is known from the platform."""
    return {pk: ProductFacts(as_of=as_of, is_hunan_legal_person=True) for pk in enterprise_ids}


def champion_facts(enterprise_ids: Iterable[int], as_of: dt.date) -> dict[int, ChampionFacts]:
    return {pk: ChampionFacts(as_of=as_of, is_hunan_legal_person=True) for pk in enterprise_ids}


def centre_recognition_facts(enterprise_ids: Iterable[int], as_of: dt.date) -> dict[int, CentreRecognition | None]:
    """Each enterprise's latest 工信 technology-centre recognition on the engine (None: none recorded)."""
    from breakzero.calls.models import Recognition

    ids = list(enterprise_ids)
    latest: dict[int, CentreRecognition | None] = dict.fromkeys(ids)
    rows = (Recognition.objects.filter(enterprise_id__in=ids, kind="tech_centre", recognized_on__lte=as_of)
            .order_by("enterprise_id", "recognized_on").values_list("enterprise_id", "recognized_on", "status", "details"))
    for pk, recognised_on, status, details in rows:
        revoked = dt.date.fromisoformat(details["revoked_on"]) if status == "revoked" and details.get("revoked_on") else None
        latest[pk] = CentreRecognition(scheme=CentreScheme.MIIT_PROVINCIAL, recognised_on=recognised_on, revoked_on=revoked)
    return latest


def _years(ids: list[int], years: tuple[int, ...]) -> dict[tuple[int, int], dict[str, Any]]:
    rows = EnterpriseYear.objects.filter(enterprise_id__in=ids, year__in=years).values(
        "enterprise_id", "year", "employees", "rd_staff", "rd_expense", "operating_revenue", "main_business_revenue")
    return {(r["enterprise_id"], r["year"]): r for r in rows}


def _invention_grants(ids: list[int], year: int) -> dict[int, dict[str, int]]:
    """Granted inventions per enterprise: before the year, in the year, still valid at the year's end."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    base = PatentApplicant.objects.filter(enterprise_id__in=ids, patent__kind__in=INVENTIONS,
                                          patent__grant_date__isnull=False)
    rows = base.values("enterprise_id").annotate(
        before=Count("patent", filter=Q(patent__grant_date__lt=start), distinct=True),
        in_year=Count("patent", filter=Q(patent__grant_date__range=(start, end)), distinct=True),
        valid=Count("patent", filter=Q(patent__grant_date__lte=end) & ~Q(patent__legal_status__in=LAPSED), distinct=True),
    )
    return {r["enterprise_id"]: r for r in rows}
