"""Policy API: one enterprise's evaluation and the screening lists, scoped like the pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from breakzero.core.api_pagination import MAX_PAGE
from breakzero.accounts.models import Role
from breakzero.policies import access, selectors
from breakzero.policies.evaluation import enterprise_evaluate, outcome_as_dict

router = Router(tags=["政策体检 / policies"])
MAX_PAGE_SIZE = 500


class PolicyItemOut(Schema):
    code: str
    name: str
    status: str
    value: Any = None
    threshold: str
    reason: str
    source: str
    points: str | int | None = None
    max_points: str | int | None = None
    group: str


class PolicyResultOut(Schema):
    rule: str
    name: str
    passed: bool | None
    score: str | int | None = None
    max_possible_score: str | int | None = None
    rule_set: str
    as_of: dt.date | None
    notes: list[str]
    error: str
    items: list[PolicyItemOut]
    retroactive: bool = False  # evaluated with a later rule set: the rules of as_of are not known (UNCONFIRMED)
    applicable: bool = True  # False when the programme did not exist on as_of


class ScreeningQuery(Schema):
    rule: str = Field("innovative_sme", description="innovative_sme | srdi_sme | little_giant | hnte | tech_sme")
    region: str = Field("", description="市州或区县区划代码")
    status: str = Field("ready", description="ready | passed | one_away | unknown | break_zero")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


class ScreeningOut(Schema):
    enterprise_id: int
    uscc: str
    name: str
    city_code: str
    county_code: str | None
    rule: str
    passed: bool | None
    score: Decimal | None
    unmet_count: int
    unknown_count: int
    first_gap: str
    has_title: bool
    rule_set: str
    as_of: dt.date


class ScreeningPageOut(Schema):
    count: int
    page: int
    results: list[ScreeningOut]


@router.get("/enterprises/{enterprise_id}/evaluation", response=list[PolicyResultOut])
def enterprise_evaluation(request: Any, enterprise_id: int, as_of: dt.date | None = None) -> list[dict]:
    """Every policy rule for one enterprise on `as_of` (default today), with each criterion."""
    enterprise = access.checkup_enterprise_or_404(request.user, enterprise_id)
    _, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=as_of or timezone.localdate())
    return [outcome_as_dict(o) for o in outcomes]


@router.get("/screening", response=ScreeningPageOut)
def screening(request: Any, query: Query[ScreeningQuery]) -> dict:
    """Screening results of the enterprises the official sees (免申即享-ready, one away, unknown …)."""
    user = request.user
    if not (user.is_official or user.role == Role.SYSTEM_ADMIN):
        raise Http404
    filters = {"rule": query.rule, "status": query.status, "region": query.region}
    qs = selectors.screening_list(user=user, filters=filters)
    start = (query.page - 1) * query.page_size
    rows = [
        {"enterprise_id": s.enterprise_id, "uscc": s.enterprise.uscc, "name": s.enterprise.name,
         "city_code": s.enterprise.city_id, "county_code": s.enterprise.county_id, "rule": s.rule, "passed": s.passed,
         "score": s.score, "unmet_count": s.unmet_count, "unknown_count": s.unknown_count, "first_gap": s.first_gap,
         "has_title": s.has_title, "rule_set": s.rule_set, "as_of": s.as_of}
        for s in qs[start:start + query.page_size]
    ]
    return {"count": qs.count(), "page": query.page, "results": rows}
