"""The fund call's eligibility on the engine: facts built set-based from the platform (support history
from this app, bans, credit records, other provincial-fund applications of the year), finished per
call (fund, year, category) and checked by `rules.funds.check_call_eligibility` (§6.2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from breakzero.calls.models import Application, Programme, State
from breakzero.enterprises.models import Enterprise
from breakzero.funds.models import Ban, Clawback, CreditRecord, FundCall, FundProject
from breakzero.rules.dates import add_years
from breakzero.rules.funds import CallEligibilityFacts, FundBan, FundCategory, SupportRecord, check_call_eligibility
from breakzero.rules.results import CriterionStatus, Evaluation, Item

KNOWN_RULE_YEAR = 2022  # the only call whose conditions are known (湘工信财务〔2021〕509号)
HUNAN = "43"


@dataclass(frozen=True)
class FundCallFacts(CallEligibilityFacts):
    """The rule's facts plus what only the call can resolve: which fund the grants and bans are of,
    and which fund calls the enterprise applied to in which year."""

    grants: tuple[tuple[int, int, str, bool], ...] = ()  #: (fund id, year, category kind, department fund)
    fund_bans: tuple[tuple[int, dt.date, dt.date | None, str], ...] = ()  #: (fund id, starts, ends, reason)
    fund_applications: tuple[tuple[int, int, int], ...] = ()  #: (programme id, call id, year) of fund programmes


def build_facts(enterprise_ids: Iterable[int], as_of: dt.date) -> dict[int, FundCallFacts]:
    """Set-based: one query per source for the whole batch."""
    ids = list(enterprise_ids)
    grants, bans, applications, credit = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(set)
    for row in FundProject.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "fund_id", "year", "category__kind", "fund__is_department_fund"):
        grants[row[0]].append((row[1], row[2], row[3] or "other", row[4]))
    for row in Ban.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "fund_id", "starts_on", "ends_on", "reason"):
        bans[row[0]].append(row[1:])
    for row in (Application.objects.filter(enterprise_id__in=ids, call__programme__grants=Programme.Grant.FUNDS)
                .exclude(state__in=[State.DRAFT, State.WITHDRAWN, State.REFUSED])
                .values_list("enterprise_id", "call__programme_id", "call_id", "call__year")):
        applications[row[0]].append(row[1:])
    two_years_ago = add_years(as_of, -2)
    for pk, kind in CreditRecord.objects.filter(enterprise_id__in=ids).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gte=as_of)).filter(listed_on__lte=as_of).values_list("enterprise_id", "kind"):
        credit[pk].add(kind)
    bad_recent = set(CreditRecord.objects.filter(enterprise_id__in=ids, kind=CreditRecord.Kind.BAD_RECORD,
                                                 listed_on__gte=two_years_ago, listed_on__lte=as_of)
                     .values_list("enterprise_id", flat=True))
    falsified = set(Clawback.objects.filter(project__enterprise_id__in=ids, reason=Clawback.Reason.FALSIFICATION,
                                            decided_on__gte=two_years_ago, decided_on__lte=as_of)
                    .values_list("project__enterprise_id", flat=True))
    facts = {}
    for pk, founded_on, city_id in Enterprise.objects.filter(pk__in=ids).values_list("pk", "founded_on", "city_id"):
        facts[pk] = FundCallFacts(
            as_of=as_of, call_year=as_of.year, category=FundCategory.OTHER,
            is_registered_in_hunan=bool(city_id) and city_id.startswith(HUNAN) or None, established_on=founded_on,
            is_credit_blacklisted=CreditRecord.Kind.BLACKLIST in credit[pk],
            has_serious_bad_record=pk in bad_recent or None, falsified_application=pk in falsified,
            grants=tuple(grants[pk]), fund_bans=tuple(bans[pk]), fund_applications=tuple(applications[pk]))
    return facts


def evaluate(facts: FundCallFacts, call: Any, as_of: dt.date) -> Evaluation:
    """Finish the facts for this call and check them (2022 conditions carried forward to later years)."""
    link = _link(call)
    if link is None:
        item = Item("fund_call", "资金年度预算和类别", CriterionStatus.UNKNOWN, "该申报批次尚未关联资金年度预算和类别",
                    "平台设置")
        return Evaluation(passed=None, items=(item,), rule_set="hngxt-2021-509", as_of=as_of)
    year, fund_id = call.year, link.fund_id
    history = tuple(SupportRecord(year=y, is_department_fund=dept, is_this_fund=f == fund_id, category=FundCategory(kind))
                    for f, y, kind, dept in facts.grants)
    bans = tuple(FundBan(starts_on=s, ends_on=e, reason_zh=r) for f, s, e, r in facts.fund_bans if f == fund_id)
    # another fund's call of the same year (a second batch of this programme is not "another fund")
    other = any(p != call.programme_id and c != call.pk and y == year for p, c, y in facts.fund_applications)
    finished = dataclasses.replace(facts, call_year=year, category=FundCategory(link.category.kind), support_history=history,
                                   bans=bans, applied_other_provincial_fund=other)
    shift = KNOWN_RULE_YEAR - year
    if shift == 0:
        return check_call_eligibility(finished)
    result = check_call_eligibility(_shifted(finished, shift))
    note = f"{year}年度申报条件未知，按2022年度通知（湘工信财务〔2021〕509号）的条件顺延适用（待确认）"
    return dataclasses.replace(result, as_of=as_of, notes=(*result.notes, note))


def _link(call: Any) -> FundCall | None:
    """The call's fund link, kept on the call object for a batch (one query per call, not per enterprise)."""
    link = getattr(call, "_fund_link", None)
    if link is None:
        link = FundCall.objects.select_related("category").filter(call_id=call.pk).first()
        if link is not None:
            call._fund_link = link
    return link


def _shifted(facts: FundCallFacts, years: int) -> FundCallFacts:
    """The same facts moved by `years` so the 2022 rule's relative dates (cutoff, Y-1, Y-2) apply."""
    def move(day: dt.date | None) -> dt.date | None:
        return None if day is None else add_years(day, years)

    return dataclasses.replace(
        facts, as_of=move(facts.as_of), call_year=facts.call_year + years, established_on=move(facts.established_on),
        support_history=tuple(dataclasses.replace(r, year=r.year + years) for r in facts.support_history or ()),
        bans=tuple(dataclasses.replace(b, starts_on=move(b.starts_on), ends_on=move(b.ends_on)) for b in facts.bans))
