"""Reads of the cultivation library: titles, and the cultivation applications and published list as the
engine (calls) holds them, scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from breakzero.calls import selectors as calls_selectors
from breakzero.calls.models import Application as CallApplication, Call, State
from breakzero.cultivation.models import Title
from breakzero.cultivation.programme_types import CULTIVATION_TYPES
from breakzero.enterprises.access import enterprises_visible_to

RE_EVALUATION_WARNING_DAYS = 90


def applications_visible_to(user: Any) -> QuerySet[CallApplication]:
    """The engine's applications of the cultivation programme types, scoped by the engine
    (calls.selectors.applications_visible_to: owner, region, province; 公示 lists are public pages there)."""
    return calls_selectors.applications_visible_to(user).filter(call__programme__programme_type__in=CULTIVATION_TYPES)


def application_list(*, user: Any, state: str = "", programme: str = "", todo: bool = False) -> QuerySet[CallApplication]:
    """Cultivation applications the user sees; `todo`: waiting for the user's step (the engine's rule)."""
    qs = calls_selectors.application_list(user=user, state=state, todo=todo).filter(
        call__programme__programme_type__in=CULTIVATION_TYPES)
    if programme:
        qs = qs.filter(call__programme__programme_type=programme)
    return qs.order_by("-pk")


def moved_application_get(*, user: Any, old_id: int) -> CallApplication:
    """The engine application an application from before the move became (404 when not visible)."""
    return get_object_or_404(applications_visible_to(user), moved_from__old_id=old_id)


def open_calls() -> QuerySet[Call]:
    """Open calls of the cultivation types (an enterprise applies through the engine's apply page)."""
    return calls_selectors.calls_visible_to(None).filter(
        programme__programme_type__in=CULTIVATION_TYPES, status=Call.Status.OPEN).order_by("enterprise_deadline")


def titles_visible_to(*, user: Any, tier: str = "", validity: str = "", today: dt.date | None = None) -> QuerySet[Title]:
    """Titles held by enterprises the user sees; `validity`: valid, expired or due (re-evaluation within 90 days)."""
    today = today or timezone.localdate()
    qs = Title.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(
        "enterprise", "enterprise__county", "enterprise__city"
    )
    if tier:
        qs = qs.filter(tier=tier)
    if validity == "valid":
        qs = qs.filter(recognized_on__lte=today, valid_until__gte=today)
    elif validity == "expired":
        qs = qs.filter(valid_until__lt=today)
    elif validity == "due":
        qs = qs.filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=RE_EVALUATION_WARNING_DAYS))
    return qs.order_by("valid_until", "enterprise__name")


def enterprise_by_uscc(*, user: Any, uscc: str) -> Any:
    """The enterprise with this USCC among those `user` sees, or a Chinese error (never says it exists elsewhere)."""
    from breakzero.core.errors import DomainError
    from breakzero.rules.uscc import normalize_uscc

    code = normalize_uscc(uscc or "")
    enterprise = enterprises_visible_to(user).filter(uscc=code).first()
    if enterprise is None:
        raise DomainError(f"找不到统一社会信用代码为 {code or '（空）'} 的企业。")
    return enterprise


def published_list(*, user: Any, programme: str = "", batch: str = "") -> QuerySet[CallApplication]:
    qs = applications_visible_to(user).filter(state=State.PUBLISHED).select_related("call__programme")
    if programme:
        qs = qs.filter(call__programme__programme_type=programme)
    if batch:
        qs = qs.filter(Q(call__document_number=batch) | Q(call__published_document_number=batch))
    return qs.order_by("call__programme__name", "-call__published_on", "city_id", "enterprise__name")


def published_export_rows(*, user: Any, programme: str = "", batch: str = "") -> tuple[list[str], list[list[Any]]]:
    headers = ["类别", "批次", "发布文号", "统一社会信用代码", "企业名称", "市州", "区县", "公示期", "发布日期"]
    rows = [
        [a.call.programme.name, a.call.document_number, a.call.published_document_number, a.enterprise.uscc,
         a.enterprise.name, a.city.name if a.city else "", a.county.name if a.county else "",
         f"{a.call.publicity_start:%Y-%m-%d}至{a.call.publicity_end:%Y-%m-%d}" if a.call.publicity_start else "",
         a.call.published_on]
        for a in published_list(user=user, programme=programme, batch=batch)
    ]
    return headers, rows
