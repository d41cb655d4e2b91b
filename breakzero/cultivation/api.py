"""Cultivation API: the cultivation applications as the engine (calls) holds them — list, detail and moves,
scoped like the engine's pages. Ids are the engine's (the same as /calls/applications/{id}); the moves are
the engine's (submit | recommend | return | refuse | select | withdraw)."""

from typing import Any

from ninja import Field, Query, Router, Schema

from breakzero.calls import services as calls_services
from breakzero.calls.api import CallApplicationDetailOut, CallApplicationOut, _detail
from breakzero.calls.models import Application, State
from breakzero.cultivation import selectors
from breakzero.cultivation.programme_types import CULTIVATION_TYPES

router = Router(tags=["梯度培育 / cultivation"])


class ApplicationQuery(Schema):
    state: str = Field("", description=" | ".join(State.values))
    programme: str = Field("", description=" | ".join(CULTIVATION_TYPES))
    todo: bool = Field(False, description="只返回待当前用户处理的申报")


class ApplicationOut(CallApplicationOut):
    programme_type: str = Field(..., alias="call.programme.programme_type")
    programme: str = Field(..., alias="call.programme.name")
    document_number: str = Field(..., alias="call.document_number")


class ApplicationDetailOut(CallApplicationDetailOut):
    programme_type: str = Field(..., alias="call.programme.programme_type")
    programme: str = Field(..., alias="call.programme.name")
    document_number: str = Field(..., alias="call.document_number")


class MoveIn(Schema):
    action: str = Field(..., description="submit | recommend | return | refuse | select | withdraw")
    reason: str = Field("", max_length=2000, description="退回、不予推荐，或推荐未通过条件核验的企业时必填")
    rank: int | None = Field(None, ge=1)


@router.get("/applications", response=list[ApplicationOut])
def application_list(request: Any, query: Query[ApplicationQuery]) -> list[Application]:
    return list(selectors.application_list(user=request.user, state=query.state, programme=query.programme,
                                           todo=query.todo)[:500])


@router.get("/applications/{application_id}", response=ApplicationDetailOut)
def application_detail(request: Any, application_id: int) -> Application:
    return _detail(_get(request.user, application_id), request.user)


@router.post("/applications/{application_id}/transitions", response=ApplicationDetailOut)
def application_transition_api(request: Any, application_id: int, payload: MoveIn) -> Application:
    """One move on the engine; illegal moves answer 400 with the Chinese reason."""
    application = _get(request.user, application_id)
    if payload.action == "submit":
        calls_services.application_submit(application=application, actor=request.user)
    else:
        calls_services.application_decide(application=application, actor=request.user, action=payload.action,
                                          reason=payload.reason, rank=payload.rank)
    return _detail(_get(request.user, application_id), request.user)


def _get(user: Any, pk: int) -> Application:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(selectors.applications_visible_to(user).distinct(), pk=pk)
