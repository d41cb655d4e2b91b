"""Cultivation API: applications (list, detail, transitions via POST), scoped like the pages."""

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any, Literal

from ninja import Field, Query, Router, Schema

from breakzero.cultivation import selectors
from breakzero.cultivation.models import Application
from breakzero.cultivation.workflow import allowed_actions, application_transition

router = Router(tags=["梯度培育 / cultivation"])


class ApplicationQuery(Schema):
    status: str = Field("", description="draft | submitted | county_approved | city_approved | returned | rejected | publicity | published")
    programme: str = Field("", description="tier_innovative | tier_srdi | tier_little_giant | whitelist | listing_reserve")
    todo: bool = Field(False, description="只返回待当前用户处理的申报")


class StepOut(Schema):
    action: str
    from_status: str
    to_status: str
    comment: str
    override_reason: str
    actor: str
    at: dt.datetime


class ApplicationOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    programme: str
    batch: str
    status: str
    status_display: str
    submitted_at: dt.datetime | None
    publicity_start: dt.date | None
    publicity_end: dt.date | None
    published_on: dt.date | None
    allowed_actions: list[str]


class ApplicationDetailOut(ApplicationOut):
    view: Literal["full"] = Field("full", description="full: 申报企业本身及管辖范围内的主管部门")
    as_of: dt.date
    facts: dict
    evaluation: list
    steps: list[StepOut]


class ApplicationNoticeOut(Schema):
    """公示 as a public notice shows it: for other enterprises, no finances, staff or comments."""

    view: Literal["notice"] = Field("notice", description="notice: 其他企业在公示期看到的公示内容")
    id: int
    enterprise_name: str
    city_name: str
    county_name: str
    programme: str
    programme_display: str
    batch: str
    status: str
    status_display: str
    publicity_start: dt.date | None
    publicity_end: dt.date | None
    published_on: dt.date | None
    objection_channel: str


ApplicationViewOut = Annotated[ApplicationDetailOut | ApplicationNoticeOut, Field(discriminator="view")]


class TransitionIn(Schema):
    action: str = Field(..., description="submit | approve | return | reject | publish")
    comment: str = Field("", max_length=2000)
    override_reason: str = Field("", max_length=2000, description="审核通过评估“不符合”的申报时必填")


@router.get("/applications", response=list[ApplicationOut])
def application_list(request: Any, query: Query[ApplicationQuery]) -> list[dict]:
    qs = selectors.application_list(user=request.user, status=query.status, programme=query.programme,
                                    todo=query.todo)[:500]
    return [_summary(a, request.user) for a in qs]


@router.get("/applications/{application_id}", response=ApplicationViewOut)
def application_detail(request: Any, application_id: int) -> dict:
    return _view(selectors.application_get(user=request.user, pk=application_id), request.user)


@router.post("/applications/{application_id}/transitions", response=ApplicationViewOut)
def application_transition_api(request: Any, application_id: int, payload: TransitionIn) -> dict:
    """Move the application one step; illegal moves answer 400 with the Chinese reason."""
    application = selectors.application_get(user=request.user, pk=application_id)
    application = application_transition(application=application, actor=request.user, action=payload.action,
                                         comment=payload.comment, override_reason=payload.override_reason)
    return _view(selectors.application_get(user=request.user, pk=application.pk), request.user)


def _summary(a: Application, user: Any) -> dict:
    return {"id": a.pk, "enterprise_id": a.enterprise_id, "enterprise_name": a.enterprise.name,
            "programme": a.programme, "batch": a.batch, "status": a.status, "status_display": a.get_status_display(),
            "submitted_at": a.submitted_at, "publicity_start": a.publicity_start, "publicity_end": a.publicity_end,
            "published_on": a.published_on, "allowed_actions": allowed_actions(application=a, user=user)}


def _view(a: Application, user: Any) -> dict:
    if selectors.application_full_view(user=user, application=a):
        return _detail(a, user)
    return {"view": "notice", **asdict(selectors.application_public_notice(a))}


def _detail(a: Application, user: Any) -> dict:
    steps = [{"action": s.action, "from_status": s.from_status, "to_status": s.to_status, "comment": s.comment,
              "override_reason": s.override_reason, "actor": str(s.actor or ""), "at": s.at}
             for s in a.steps.select_related("actor")]
    return {**_summary(a, user), "view": "full", "as_of": a.as_of, "facts": a.facts, "evaluation": a.evaluation, "steps": steps}
