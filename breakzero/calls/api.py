"""Engine API: calls, applications (list, detail, decisions), eligibility rows and published lists, scoped like the pages."""

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from breakzero.calls import selectors, services
from breakzero.calls.access import can_apply
from breakzero.calls.models import Application, Call, State
from breakzero.core.api_pagination import BoundedPageNumberPagination
from breakzero.core.errors import DomainError

router = Router(tags=["申报评审 / calls"])


class CallOut(Schema):
    id: int
    programme: str = Field(..., alias="programme.name")
    programme_type: str = Field(..., alias="programme.programme_type")
    document_number: str
    title: str
    year: int
    status: str
    opens_on: dt.date
    enterprise_deadline: dt.date
    county_deadline: dt.date | None
    city_deadline: dt.date | None
    rule_set: str
    review_chain: list[str]
    publicity_start: dt.date | None
    publicity_end: dt.date | None
    published_document_number: str
    published_on: dt.date | None


class CallApplicationQuery(Schema):
    state: str = Field("", description=" | ".join(State.values))
    todo: bool = Field(False, description="只返回待当前用户处理的申报")


class CallApplicationOut(Schema):
    id: int
    call_id: int
    enterprise_id: int | None  # None: an applicant without an enterprise (a contest's 创客组 team)
    enterprise_name: str = Field(..., alias="applicant")
    county_id: str | None
    city_id: str | None
    state: str
    eligibility_passed: bool | None
    is_invited: bool
    level_rank: int | None
    score: float | None
    score_flagged: bool
    submitted_at: dt.datetime | None


class CallTransitionOut(Schema):
    action: str
    level: str
    from_state: str
    to_state: str
    reason: str
    rank: int | None
    eligibility_passed: bool | None
    against_eligibility: bool
    at: dt.datetime


class CallApplicationDetailOut(CallApplicationOut):
    form_data: dict
    prefilled: dict
    eligibility: dict
    allowed_actions: list[str]
    transitions: list[CallTransitionOut]


class CallDecisionIn(Schema):
    action: str = Field(..., description="recommend | return | refuse | select | withdraw")
    reason: str = Field("", max_length=2000)
    rank: int | None = Field(None, ge=1)


class CallEligibilityOut(Schema):
    enterprise_id: int
    enterprise_name: str = Field(..., alias="enterprise.name")
    county_id: str | None
    city_id: str | None
    passed: bool | None
    unmet_count: int
    first_gap: str
    rule_set: str
    as_of: dt.date


class CallPublicRowOut(Schema):
    enterprise_name: str = Field(..., alias="applicant")
    city: str | None = Field(None, alias="city.name")
    county: str | None = Field(None, alias="county.name")


@router.get("/calls", response=list[CallOut])
@paginate(BoundedPageNumberPagination)
def call_list(request: Any) -> Any:
    return selectors.calls_listed_for(request.user)


@router.get("/calls/{call_id}", response=CallOut)
def call_detail(request: Any, call_id: int) -> Call:
    return selectors.call_get(user=request.user, pk=call_id)


@router.get("/calls/{call_id}/applications", response=list[CallApplicationOut])
@paginate(BoundedPageNumberPagination)
def application_list(request: Any, call_id: int, query: Query[CallApplicationQuery]) -> Any:
    call = selectors.call_get(user=request.user, pk=call_id)
    return selectors.application_list(user=request.user, call=call, state=query.state, todo=query.todo)


@router.get("/calls/{call_id}/eligibility", response=list[CallEligibilityOut])
@paginate(BoundedPageNumberPagination)
def eligibility_list(request: Any, call_id: int, passed: str = "yes") -> Any:
    call = selectors.call_get(user=request.user, pk=call_id)
    return selectors.eligibility_list(user=request.user, call=call, passed=passed)


@router.get("/calls/{call_id}/published", response=list[CallPublicRowOut])
def published_list(request: Any, call_id: int) -> Any:
    call = selectors.public_call_get(pk=call_id, statuses=(Call.Status.PUBLISHED,))
    return list(selectors.public_list(call=call, state=State.PUBLISHED)[:5000])


@router.post("/calls/{call_id}/applications", response=CallApplicationDetailOut)
def application_create(request: Any, call_id: int) -> Application:
    """An enterprise opens a call: a draft with prefilled data and the check-up result."""
    call = selectors.call_get(user=request.user, pk=call_id)
    if not can_apply(request.user):
        raise DomainError("只有企业用户可以申报。")
    application = services.application_create(call=call, enterprise=request.user.enterprise, actor=request.user)
    return _detail(selectors.application_get(user=request.user, pk=application.pk), request.user)


@router.get("/calls/applications/{call_application_id}", response=CallApplicationDetailOut)
def application_detail(request: Any, call_application_id: int) -> Application:
    return _detail(selectors.application_get(user=request.user, pk=call_application_id), request.user)


@router.post("/calls/applications/{call_application_id}/submit", response=CallApplicationDetailOut)
def application_submit(request: Any, call_application_id: int) -> Application:
    application = selectors.application_get(user=request.user, pk=call_application_id)
    services.application_submit(application=application, actor=request.user)
    return _detail(selectors.application_get(user=request.user, pk=call_application_id), request.user)


@router.post("/calls/applications/{call_application_id}/decisions", response=CallApplicationDetailOut)
def application_decide(request: Any, call_application_id: int, payload: CallDecisionIn) -> Application:
    """A level's decision; illegal moves answer 400 with the Chinese reason."""
    application = selectors.application_get(user=request.user, pk=call_application_id)
    services.application_decide_on_engine(application=application, actor=request.user, action=payload.action,
                                          reason=payload.reason, rank=payload.rank)
    return _detail(selectors.application_get(user=request.user, pk=call_application_id), request.user)


def _detail(application: Application, user: Any) -> Application:
    """The application with what the caller may do next (transitions come from the related manager)."""
    application.allowed_actions = services.engine_actions(application=application, user=user)
    return application
