"""Reporting JSON API (/api/v1/reporting): an enterprise's token submits its own report."""

import datetime as dt
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from breakzero.accounts.models import Role
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.reporting import access, selectors, services
from breakzero.reporting.models import ReportingWindow, Submission

router = Router(tags=["数据填报 / reporting"])


class WindowOut(Schema):
    id: int
    dataset: str
    period: str
    opens_on: dt.date
    due_on: dt.date
    closes_on: dt.date
    fields: list[str]


class SubmissionIn(Schema):
    values: dict[str, str | int | float | None] = Field(..., description="字段代码 → 数值或文本")
    explanations: dict[str, str] = Field(default_factory=dict, description="核实性规则代码 → 说明")
    submit: bool = Field(True, description="false：仅保存草稿")
    enterprise_id: int | None = Field(None, description="主管部门代企业录入时填写；企业用户不填")


class QuestionOut(Schema):
    code: str
    field: str
    message_zh: str
    explanation: str


class QuestionsOut(Schema):
    detail: str
    questions: list[QuestionOut]


class SubmissionOut(Schema):
    id: int
    status: str
    is_late: bool
    is_entered_by_official: bool
    questions: list[QuestionOut]


@router.get("/reporting/windows", response=list[WindowOut], summary="开放中的填报期")
def window_list(request):
    if request.user.role != Role.ENTERPRISE and not request.user.is_official:
        return []
    return [_window(w) for w in selectors.open_windows(timezone.localdate()).prefetch_related("dataset__fields")]


@router.put("/reporting/windows/{int:window_id}/submission", response={200: SubmissionOut, 409: QuestionsOut},
            summary="保存或提交本企业的报告（核实性问题未说明时返回 409 与问题列表）")
def submission_put(request, window_id: int, payload: SubmissionIn):
    window = selectors.window_with_dataset(window_id)
    if window is None:
        raise Http404
    enterprise = _enterprise(request.user, payload.enterprise_id)
    values = services.parse_values(selectors.fields_of(window.dataset), payload.values)
    try:
        sub = services.submission_save(actor=request.user, window=window, enterprise=enterprise, values=values,
                                       explanations=payload.explanations, submit=payload.submit)
    except services.ExplanationNeeded as exc:
        return 409, {"detail": exc.message, "questions": exc.questions}
    return _submission(sub)


def _enterprise(user: Any, enterprise_id: int | None):
    if user.role == Role.ENTERPRISE:
        if user.enterprise is None or enterprise_id not in (None, user.enterprise_id):
            raise HttpError(404, "未找到 / Not found")
        return user.enterprise
    enterprise = get_object_or_404(enterprises_visible_to(user), pk=enterprise_id or 0)
    if not access.can_report(user, enterprise):
        raise HttpError(404, "未找到 / Not found")
    return enterprise


def _window(window: ReportingWindow) -> dict:
    return {"id": window.pk, "dataset": window.dataset.name, "period": window.period, "opens_on": window.opens_on,
            "due_on": window.due_on, "closes_on": window.closes_on, "fields": [f.code for f in window.dataset.fields.all()]}


def _submission(sub: Submission) -> dict:
    return {"id": sub.pk, "status": sub.status, "is_late": sub.is_late, "is_entered_by_official": sub.is_entered_by_official,
            "questions": sub.questions}
