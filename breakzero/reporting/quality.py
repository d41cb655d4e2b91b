"""Data quality per region and window: soft-rule outliers, R&D contradicting declarations,
enterprises with patents but no report. Each list is capped; every row links to the enterprise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.apps import apps

from breakzero.enterprises.models import Enterprise
from breakzero.patents.models import PatentApplicant
from breakzero.regions.models import Region
from breakzero.regions.selectors import descendants_filter
from breakzero.reporting.models import ReportingWindow, Submission
from breakzero.rules.report_contradictions import rd_contradictions

LIMIT = 200


def data_quality(window: ReportingWindow, region: Region) -> dict[str, list]:
    in_region = descendants_filter(region, county_field="enterprise__county", city_field="enterprise__city")
    reported = Submission.objects.filter(window=window, **in_region).exclude(status=Submission.Status.DRAFT)
    return {
        "outliers": list(reported.exclude(questions=[]).select_related("enterprise").order_by("enterprise__name")[:LIMIT]),
        "contradictions": _contradictions(window, reported),
        "patents_no_report": _patents_no_report(window, region, reported),
    }


def _contradictions(window: ReportingWindow, reported) -> list[tuple[Submission, list]]:
    # Declarations live in policies (a sibling app): read by label, without importing it.
    declared_facts = apps.get_model("policies", "DeclaredFacts")
    subs = {s.enterprise_id: s for s in reported.filter(
        enterprise__declared_facts__year=window.year).select_related("enterprise")[:5000]}
    declared = dict(declared_facts.objects.filter(year=window.year, enterprise_id__in=list(subs)).values_list(
        "enterprise_id", "data"))
    result = []
    for pk, sub in subs.items():
        facts = declared.get(pk) or {}
        found = rd_contradictions(
            reported_rd=_number(sub.values.get("rd_expense")), reported_revenue=_number(sub.values.get("operating_revenue")),
            declared_rd=_number(facts.get("rd_expense")), declares_hnte=facts.get("has_valid_hnte") is True,
            as_of=dt.date(window.year, 12, 31),
        )
        if found:
            result.append((sub, found))
    return sorted(result, key=lambda r: r[0].enterprise.name)[:LIMIT]


def _patents_no_report(window: ReportingWindow, region: Region, reported) -> list[Enterprise]:
    with_patents = PatentApplicant.objects.filter(
        enterprise__isnull=False, patent__application_date__year=window.year).values("enterprise_id")
    return list(Enterprise.objects.filter(pk__in=with_patents, **descendants_filter(region))
                .exclude(pk__in=reported.values("enterprise_id")).order_by("name")[:LIMIT])


def _number(raw: object) -> Decimal | None:
    if raw in (None, "") or isinstance(raw, bool):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None
