"""Implementation plans: upload (a new version each time), approval or return by the parent level
(cities and counties submit their plan; the level above reviews it)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.regions.models import Region
from breakzero.reports import access
from breakzero.reports.files import EXTENSIONS, PLAN_KINDS, PLAN_MAX_BYTES, check_upload
from breakzero.reports.models import ImplementationPlan, PlanPeriod, PlanReview
from breakzero.notifications.models import NoticeKind
from breakzero.reports.services.notifications import notify_region

Status = ImplementationPlan.Status


@transaction.atomic
def plan_upload(*, user: Any, region: Region, period: str, upload: Any) -> ImplementationPlan:
    """Store a new version of the region's plan for `period` (status: submitted).

    Rule: only the region's own officials upload; an approved plan is final (the reviewer's decision
    stands), a submitted one may be replaced before review, a returned one is re-uploaded.
    """
    if not access.can_upload_plan(user, region):
        raise DomainError(_("只能上传本地区的实施方案。"))
    if period not in PlanPeriod.values:
        raise DomainError(_("请选择方案期间（年度或2020—2022年全周期）。"))
    checked = check_upload(upload, allowed=PLAN_KINDS, max_bytes=PLAN_MAX_BYTES)
    previous = _latest(region=region, period=period, lock=True)
    if previous is not None and previous.status == Status.APPROVED:
        raise DomainError(_("该期间的实施方案已审核通过，不能再上传新版本。"))
    version = (previous.version + 1) if previous else 1
    name = str(getattr(upload, "name", "") or "方案")[-200:]
    plan = ImplementationPlan(
        region=region, period=period, version=version, original_name=name, file_kind=checked.kind,
        file_size=checked.size, uploaded_by=user, status=Status.SUBMITTED,
    )
    plan.file.save(f"{region.code}-{period}-v{version}{EXTENSIONS[checked.kind]}", upload, save=False)
    plan.full_clean(exclude=["file"])
    plan.save()
    _history(plan=plan, action=PlanReview.Action.SUBMITTED, actor=user, comment=f"上传第{version}版：{name}")
    notify_region(
        region_code=access.reviewer_region_code(region), url=plan.get_absolute_url(),
        text=f"{region.name}提交了{plan.get_period_display()}实施方案（第{version}版），请审核。", kind=NoticeKind.PLAN,
    )
    return plan


@transaction.atomic
def plan_review(*, user: Any, plan_id: int, approve: bool, comment: str) -> ImplementationPlan:
    """Approve or return the latest version of a plan; returning requires a comment."""
    plan = ImplementationPlan.objects.select_for_update().select_related("region").get(pk=plan_id)
    if not access.can_review_plan(user, plan.region):
        raise DomainError(_("您不能审核该地区的实施方案。"))
    latest = _latest(region=plan.region, period=plan.period, lock=False)
    if latest is None or latest.pk != plan.pk:
        raise DomainError(_("该版本已被新版本替代，请审核最新版本。"))
    if plan.status != Status.SUBMITTED:
        raise DomainError(_("该方案不在待审核状态。"))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise DomainError(_("退回时请填写修改意见。"))
    plan.status = Status.APPROVED if approve else Status.RETURNED
    plan.reviewer, plan.reviewed_at, plan.comment = user, timezone.now(), comment
    plan.save(update_fields=["status", "reviewer", "reviewed_at", "comment", "updated_at"])
    action = PlanReview.Action.APPROVED if approve else PlanReview.Action.RETURNED
    _history(plan=plan, action=action, actor=user, comment=comment)
    verb = "已审核通过" if approve else "被退回修改"
    notify_region(region_code=plan.region_id, url=plan.get_absolute_url(),
                  text=f"{plan.region.name}{plan.get_period_display()}实施方案（第{plan.version}版）{verb}。",
                  kind=NoticeKind.PLAN)
    return plan


def _latest(*, region: Region, period: str, lock: bool) -> ImplementationPlan | None:
    qs = ImplementationPlan.objects.filter(region=region, period=period)
    if lock:
        top = qs.aggregate(top=Max("version"))["top"]
        qs = qs.select_for_update().filter(version=top) if top else qs.none()
    return qs.order_by("-version").first()


def _history(*, plan: ImplementationPlan, action: str, actor: Any, comment: str) -> PlanReview:
    return PlanReview.objects.create(plan=plan, action=action, actor=actor, acted_at=timezone.now(), comment=comment)
