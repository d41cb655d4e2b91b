"""Clients' later outcomes per body, against similar enterprises that were not served.

- New clients break zero: a client whose break-zero date (patents.BreakZeroEvent) is after
  its first service date; base = clients that had not broken zero by that date.
- Old clients double: granted inventions in the year after the first service date are at
  least twice those of the year before, with a non-zero year before (base = clients with one).
- Comparison group: enterprises never served by any body in the same county, industry
  section and size as a client; each takes the earliest first-service date of its stratum.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Min

from breakzero.enterprises.models import Enterprise
from breakzero.rules.dates import add_years
from breakzero.service_bodies.models import ServiceRecord

Stratum = tuple[str | None, str, str]


@dataclass
class OutcomeGroup:
    size: int = 0
    new_base: int = 0
    new_break_zero: int = 0
    old_base: int = 0
    old_doubled: int = 0

    @property
    def break_zero_rate(self) -> float | None:
        return self.new_break_zero / self.new_base if self.new_base else None

    @property
    def doubling_rate(self) -> float | None:
        return self.old_doubled / self.old_base if self.old_base else None


@dataclass
class BodyOutcome:
    body_id: int
    clients: OutcomeGroup = field(default_factory=OutcomeGroup)
    control: OutcomeGroup = field(default_factory=OutcomeGroup)


def body_outcomes(
    body_ids: Iterable[int], *, served_from: dt.date | None = None, served_to: dt.date | None = None
) -> dict[int, BodyOutcome]:
    """Outcomes of each body's clients (records within the dates) and of the comparison group."""
    body_ids = list(body_ids)
    records = ServiceRecord.objects.filter(body_id__in=body_ids)
    if served_from:
        records = records.filter(served_on__gte=served_from)
    if served_to:
        records = records.filter(served_on__lte=served_to)
    first = defaultdict(dict)
    for row in records.values("body_id", "enterprise_id").annotate(first=Min("served_on")):
        first[row["body_id"]][row["enterprise_id"]] = row["first"]
    client_ids = {e for clients in first.values() for e in clients}
    strata = _strata(client_ids)
    controls = _controls({s for s in strata.values()})
    facts = _Facts(client_ids | {e for ids in controls.values() for e in ids})
    result = {}
    for body_id in body_ids:
        clients = first.get(body_id, {})
        control_refs = _control_refs(clients, strata, controls)
        result[body_id] = BodyOutcome(body_id, facts.group(clients), facts.group(control_refs))
    return result


def _strata(enterprise_ids: set[int]) -> dict[int, Stratum]:
    rows = Enterprise.objects.filter(pk__in=enterprise_ids).values_list("pk", "county_id", "industry_section", "latest_size")
    return {pk: (county, section, size) for pk, county, section, size in rows}


def _controls(strata: set[Stratum]) -> dict[Stratum, list[int]]:
    """Never-served enterprises per stratum (one query, filtered in Python by exact stratum)."""
    if not strata:
        return {}
    served = ServiceRecord.objects.values("enterprise_id")
    rows = (
        Enterprise.objects.filter(county_id__in={s[0] for s in strata}, industry_section__in={s[1] for s in strata})
        .exclude(pk__in=served)
        .values_list("pk", "county_id", "industry_section", "latest_size")
    )
    result: dict[Stratum, list[int]] = defaultdict(list)
    for pk, county, section, size in rows:
        if (county, section, size) in strata:
            result[(county, section, size)].append(pk)
    return result


def _control_refs(clients: dict[int, dt.date], strata: dict[int, Stratum], controls: dict) -> dict[int, dt.date]:
    earliest: dict[Stratum, dt.date] = {}
    for enterprise_id, day in clients.items():
        stratum = strata[enterprise_id]
        earliest[stratum] = min(day, earliest.get(stratum, day))
    return {pk: day for stratum, day in earliest.items() for pk in controls.get(stratum, [])}


class _Facts:
    """Break-zero dates and invention grant dates of a set of enterprises (two queries)."""

    def __init__(self, enterprise_ids: set[int]) -> None:
        from breakzero.patents.models import INVENTION_KINDS, BreakZeroEvent, PatentApplicant

        self.break_zero = dict(
            BreakZeroEvent.objects.filter(enterprise_id__in=enterprise_ids).values_list("enterprise_id", "break_zero_date")
        )
        self.grants: dict[int, list[dt.date]] = defaultdict(list)
        rows = (
            PatentApplicant.objects.filter(
                enterprise_id__in=enterprise_ids, patent__kind__in=INVENTION_KINDS, patent__grant_date__isnull=False
            )
            .values_list("enterprise_id", "patent_id", "patent__grant_date")
            .distinct()
        )
        for enterprise_id, _patent, granted in rows:
            self.grants[enterprise_id].append(granted)

    def group(self, refs: dict[int, dt.date]) -> OutcomeGroup:
        group = OutcomeGroup(size=len(refs))
        for enterprise_id, ref in refs.items():
            broke = self.break_zero.get(enterprise_id)
            if broke is None or broke > ref:
                group.new_base += 1
                group.new_break_zero += int(broke is not None)
            grants = self.grants.get(enterprise_id, [])
            before = sum(1 for d in grants if add_years(ref, -1) <= d < ref)
            after = sum(1 for d in grants if ref < d <= add_years(ref, 1))
            if before:
                group.old_base += 1
                group.old_doubled += int(after >= 2 * before)
        return group
