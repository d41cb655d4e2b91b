"""Expert pool, panels drawn per call without conflicts, the one score sheet per expert, aggregation."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.calls import scoring
from breakzero.calls.models import Application, Assignment, Call, Expert, PanelMember, State
from breakzero.core.errors import DomainError
from breakzero.rules.names import normalize_company_name

CONFLICT_LABELS = {"own_staff": "申报企业员工", "same_employer": "与申报企业同一单位", "same_region": "与申报企业同一地区",
                   "declared": "本人申明回避"}


@dataclass(frozen=True)
class Exclusion:
    expert_id: int
    application_id: int
    reason: str


@transaction.atomic
def expert_create(*, user: Any, name: str, fields: list[str], employer: str, region_id: str | None = None,
                  employer_enterprise_id: int | None = None, declared_conflict_ids: list[int] | None = None) -> Expert:
    if user.role != Role.EXPERT:
        raise DomainError(_("只有“评审专家”角色的用户可以入库。"))
    expert = Expert(user=user, name=name.strip(), fields=[f.strip() for f in fields if f.strip()],
                    employer=employer.strip(), region_id=region_id, employer_enterprise_id=employer_enterprise_id)
    expert.full_clean()
    expert.save()
    if declared_conflict_ids:
        expert.declared_conflicts.set(declared_conflict_ids)
    return expert


@transaction.atomic
def panel_draw(*, call: Call, actor: Any, field: str, size: int, seed: int | None = None) -> list[Exclusion]:
    """Draw `size` active experts of `field` at random (not yet on the panel), then assign every
    application under expert review to each member without a conflict; returns the exclusions."""
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError(_("评审组由省级管理员抽取。"))
    if size < 1:
        raise DomainError(_("抽取人数至少为 1。"))
    taken = set(PanelMember.objects.filter(call=call).values_list("expert_id", flat=True))
    pool = [e for e in Expert.objects.filter(is_active=True).exclude(pk__in=taken).order_by("pk")
            if not field or field in e.fields]
    if len(pool) < size:
        raise DomainError(_("“%(field)s”领域可抽取的专家只有 %(n)s 人。") % {"field": field or _("全部"), "n": len(pool)})
    drawn = random.Random(seed).sample(pool, size)
    PanelMember.objects.bulk_create([PanelMember(call=call, expert=e, field=field) for e in drawn])
    return panel_assign(call=call)


@transaction.atomic
def panel_assign(*, call: Call) -> list[Exclusion]:
    """Give each application under expert review to every panel member without a conflict (idempotent)."""
    members = list(PanelMember.objects.filter(call=call).select_related("expert", "expert__region"))
    declared = {m.expert_id: set(m.expert.declared_conflicts.values_list("pk", flat=True)) for m in members}
    applications = list(Application.objects.filter(call=call, state=State.EXPERT_REVIEW)
                        .values("pk", "enterprise_id", "enterprise__name_normalized", "county_id", "city_id"))
    existing = set(Assignment.objects.filter(member__call=call).values_list("member_id", "application_id"))
    new, exclusions = [], []
    for member in members:
        for app in applications:
            reason = _conflict(member.expert, app, declared[member.expert_id])
            if reason:
                exclusions.append(Exclusion(member.expert_id, app["pk"], reason))
            elif (member.pk, app["pk"]) not in existing:
                new.append(Assignment(member=member, application_id=app["pk"]))
    Assignment.objects.bulk_create(new, batch_size=2000)
    return exclusions


@transaction.atomic
def score_sheet_save(*, member: PanelMember, actor: Any, scores: dict[int, dict[str, Any]],
                     comments: dict[int, str] | None = None) -> list[str]:
    """Save the expert's points (by assignment id) before submission; returns the Chinese errors left."""
    _own_open_sheet(member, actor)
    assignments = {a.pk: a for a in member.assignments.select_for_update()}
    errors, changed = [], []
    scheme = member.call.scoring
    for pk, points in scores.items():
        assignment = assignments.get(int(pk))
        if assignment is None:
            raise DomainError(_("只能为分配给您的申报评分。"))
        cleaned, total, problems = scoring.check_points(scheme, points)
        errors += [f"#{assignment.application_id}：{p}" for p in problems]
        assignment.scores, assignment.total = cleaned, (None if problems else total)
        assignment.comment = (comments or {}).get(pk, assignment.comment) or ""
        changed.append(assignment)
    Assignment.objects.bulk_update(changed, ["scores", "total", "comment"], batch_size=2000)
    return errors


@transaction.atomic
def score_sheet_submit(*, member: PanelMember, actor: Any, scores: dict[int, dict[str, Any]],
                       comments: dict[int, str] | None = None) -> PanelMember:
    """The one sheet, submitted once: every assignment scored within the scheme, then the
    applications' aggregate scores and outlier flags are recomputed."""
    errors = score_sheet_save(member=member, actor=actor, scores=scores, comments=comments)
    if errors or member.assignments.filter(total__isnull=True).exists():
        raise DomainError(_("评分表未完成：%(errors)s") % {"errors": "；".join(errors[:5]) or _("尚有申报未评分")})
    member.submitted_at = timezone.now()
    member.save(update_fields=["submitted_at"])
    applications_aggregate(application_ids=list(member.assignments.values_list("application_id", flat=True)))
    return member


def applications_aggregate(*, application_ids: list[int]) -> None:
    """Recompute each application's score from submitted sheets (configurable aggregation, outliers flagged)."""
    rows = (Assignment.objects.filter(application_id__in=application_ids, member__submitted_at__isnull=False)
            .select_related("application__call").order_by("application_id", "pk"))
    by_app: dict[int, list[Assignment]] = {}
    for row in rows:
        by_app.setdefault(row.application_id, []).append(row)
    apps, flagged_rows = [], []
    for app_id, items in by_app.items():
        application = items[0].application
        result = scoring.aggregate([Decimal(a.total) for a in items], application.call.scoring)
        for position, assignment in enumerate(items):
            assignment.is_outlier = position in result.outliers
            flagged_rows.append(assignment)
        application.score, application.score_count = result.score, len(items)
        application.score_flagged = bool(result.outliers)
        apps.append(application)
    Assignment.objects.bulk_update(flagged_rows, ["is_outlier"], batch_size=2000)
    Application.objects.bulk_update(apps, ["score", "score_count", "score_flagged"], batch_size=2000)


def _own_open_sheet(member: PanelMember, actor: Any) -> None:
    if member.expert.user_id != getattr(actor, "pk", None):
        raise DomainError(_("只能填写本人的评分表。"))
    if member.submitted_at is not None:
        raise DomainError(_("评分表已提交，不能修改。"))


def _conflict(expert: Expert, app: dict[str, Any], declared: set[int]) -> str:
    if expert.employer_enterprise_id and expert.employer_enterprise_id == app["enterprise_id"]:
        return CONFLICT_LABELS["own_staff"]
    if expert.employer and normalize_company_name(expert.employer) == app["enterprise__name_normalized"]:
        return CONFLICT_LABELS["same_employer"]
    region = expert.region
    if region is not None and (region.code in (app["county_id"], app["city_id"])
                               or (region.city_code and region.city_code == app["city_id"])):
        return CONFLICT_LABELS["same_region"]
    if app["enterprise_id"] in declared:
        return CONFLICT_LABELS["declared"]
    return ""
