"""Reads of the cultivation library: applications, titles and the published list, scoped to the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.cultivation.models import Application, ApplicationStatus as S, Title
from breakzero.enterprises.access import enterprises_visible_to

PUBLIC_STATUSES = (S.PUBLICITY, S.PUBLISHED)
RE_EVALUATION_WARNING_DAYS = 90


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Officials: their region; an enterprise: its own, plus those in publicity or published in its city
    (anyone in the region may object during 公示)."""
    qs = Application.objects.select_related("enterprise", "enterprise__county", "enterprise__city")
    scope = Q(enterprise__in=enterprises_visible_to(user))
    if getattr(user, "role", None) == Role.ENTERPRISE and getattr(user, "enterprise_id", None):
        city_id = user.enterprise.city_id
        scope |= Q(status__in=PUBLIC_STATUSES, enterprise__city_id=city_id)
    return qs.filter(scope)


def application_get(*, user: Any, pk: int) -> Application:
    return get_object_or_404(applications_visible_to(user), pk=pk)


@dataclass(frozen=True)
class PublicNotice:
    """What a 公示 notice publishes about an application, and nothing else: no finances,
    staff, statements, evaluation or officials' comments (those stay with the owner and
    the officials whose scope holds the enterprise)."""

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


def application_full_view(*, user: Any, application: Application) -> bool:
    """Owners and officials in scope see the whole file; an enterprise that can open someone
    else's application (same city, in 公示 or published) sees the public notice only."""
    return enterprises_visible_to(user).filter(pk=application.enterprise_id).exists()


def application_public_notice(application: Application) -> PublicNotice:
    enterprise = application.enterprise
    channel = _("公示期内，可在本平台该申报页面提出书面异议，由省级主管部门受理并答复。")
    return PublicNotice(
        id=application.pk, enterprise_name=enterprise.name, city_name=enterprise.city.name,
        county_name=enterprise.county.name if enterprise.county else "", programme=application.programme,
        programme_display=application.get_programme_display(), batch=application.batch, status=application.status,
        status_display=application.get_status_display(), publicity_start=application.publicity_start,
        publicity_end=application.publicity_end, published_on=application.published_on, objection_channel=str(channel),
    )  # fmt: skip


def application_list(*, user: Any, status: str = "", programme: str = "", todo: bool = False) -> QuerySet[Application]:
    qs = applications_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme=programme)
    if todo:
        qs = qs.filter(_todo(user))
    return qs


def _todo(user: Any) -> Q:
    """Applications waiting for this user's step (mirrors workflow.allowed_actions)."""
    role, region = getattr(user, "role", None), getattr(user, "region_id", None)
    if role == Role.PROVINCE_OFFICIAL:
        return Q(status__in=[S.CITY_APPROVED, S.PUBLICITY])
    if role == Role.CITY_OFFICIAL:
        return Q(status=S.COUNTY_APPROVED, enterprise__city_id=region) | Q(
            status=S.SUBMITTED, enterprise__city_id=region, enterprise__county__isnull=True)
    if role == Role.COUNTY_OFFICIAL:
        return Q(status=S.SUBMITTED, enterprise__county_id=region)
    if role == Role.ENTERPRISE:
        return Q(status__in=[S.DRAFT, S.RETURNED], enterprise_id=getattr(user, "enterprise_id", None))
    return Q(pk__in=[])


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


def published_list(*, user: Any, programme: str = "", batch: str = "") -> QuerySet[Application]:
    qs = applications_visible_to(user).filter(status=S.PUBLISHED)
    if programme:
        qs = qs.filter(programme=programme)
    if batch:
        qs = qs.filter(batch=batch)
    return qs.order_by("programme", "batch", "enterprise__city_id", "enterprise__name")


def published_export_rows(*, user: Any, programme: str = "", batch: str = "") -> tuple[list[str], list[list[Any]]]:
    headers = ["类别", "批次", "统一社会信用代码", "企业名称", "市州", "区县", "公示期", "发布日期"]
    rows = [
        [a.get_programme_display(), a.batch, a.enterprise.uscc, a.enterprise.name, a.enterprise.city.name,
         a.enterprise.county.name if a.enterprise.county else "",
         f"{a.publicity_start:%Y-%m-%d}至{a.publicity_end:%Y-%m-%d}" if a.publicity_start else "", a.published_on]
        for a in published_list(user=user, programme=programme, batch=batch)
    ]
    return headers, rows
