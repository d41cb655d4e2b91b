"""Writes for performance evaluation: schemes, expert adjustments, conflicts, scores, post-subsidy."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.service_bodies.models import (
    ConflictDeclaration,
    EvaluationIndicator,
    EvaluationResult,
    EvaluationScheme,
    EvaluationSchemeRevision,
    ExpertAdjustment,
    ServiceBody,
    SubsidyAllocation,
    SubsidyPlan,
)
from breakzero.service_bodies.scoring import IndicatorSpec, SchemeRow, check_scheme, score_bodies
from breakzero.service_bodies.selectors.evaluation import bodies_for_scheme, indicator_values
from breakzero.service_bodies.subsidy import SubsidySplit, split_budget

Source = EvaluationIndicator.Source
DEFAULT_INDICATORS = (  # code, name, weight, source, full marks at, evidence
    ("events", "举办服务活动", 20, Source.EVENTS_HELD, 24, "活动通知、签到表、照片"),
    ("months", "每月活动达标", 15, Source.MONTHS_COMPLIANT, 12, ""),
    ("served", "服务企业数量", 20, Source.ENTERPRISES_SERVED, None, "服务记录"),
    ("break_zero", "服务企业破零", 15, Source.CLIENT_BREAK_ZERO, None, ""),
    ("doubling", "服务企业发明授权倍增", 10, Source.CLIENT_DOUBLING, None, ""),
    ("rating", "企业满意度", 10, Source.AVG_RATING, 5, ""),
    ("quality", "服务质量（专家评议）", 10, Source.MANUAL, None, "年度工作总结、典型案例"),
)


@transaction.atomic
def scheme_create_default(*, year: int, name: str = "", body_kinds: list[str] | None = None) -> EvaluationScheme:
    """A scheme with the standard indicators (the province edits them on the scheme page, `scheme_revise`)."""
    scheme = EvaluationScheme.objects.create(name=name or f"{year}年度服务机构绩效评价", year=year, body_kinds=body_kinds or [])
    EvaluationIndicator.objects.bulk_create(
        EvaluationIndicator(
            scheme=scheme, code=code, name=label, weight=Decimal(weight), computed_from=source,
            full_marks_at=Decimal(full) if full else None, evidence_required=evidence, sort_order=index,
        )
        for index, (code, label, weight, source, full, evidence) in enumerate(DEFAULT_INDICATORS)
    )
    _record_revision(scheme=scheme, user=None, reason=_("默认方案"))
    return scheme


@transaction.atomic
def scheme_revise(*, scheme: EvaluationScheme, user: Any, rows: list[SchemeRow], reason: str = "") -> EvaluationSchemeRevision:
    """Put a new version of the scheme's indicators, weights and scoring rules in force (province only).

    Checked as a whole by `scoring.check_scheme` (weights add up to 100); nothing is saved otherwise.
    Indicators kept by code keep their experts' adjustments; removed ones lose them. The old version
    stays in the history. Refused once a post-subsidy plan of the scheme is approved (the scores it
    froze must remain explainable by the version in force).
    """
    if getattr(user, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError(_("只有省级管理员可以修改评价方案。"))
    if scheme.subsidy_plans.filter(status=SubsidyPlan.Status.APPROVED).exists():
        raise DomainError(_("该方案的后补助方案已批准，不能再修改评价方案。"))
    errors = check_scheme(rows, sources=Source.values)
    if errors:
        raise ValidationError(errors)
    EvaluationScheme.objects.select_for_update().filter(pk=scheme.pk).first()
    if not scheme.revisions.exists():  # a scheme made before versions were kept: its old state is version 1
        _record_revision(scheme=scheme, user=None, reason=_("修改前的方案"))
    scheme.indicators.exclude(code__in=[row.code for row in rows]).delete()
    for index, row in enumerate(rows):
        EvaluationIndicator.objects.update_or_create(scheme=scheme, code=row.code, defaults={
            "name": row.name, "weight": row.weight, "computed_from": row.source,
            "full_marks_at": row.full_marks_at, "evidence_required": row.evidence, "sort_order": index})
    return _record_revision(scheme=scheme, user=user, reason=reason)


def _record_revision(*, scheme: EvaluationScheme, user: Any, reason: str) -> EvaluationSchemeRevision:
    last = scheme.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    snapshot = [{"code": i.code, "name": i.name, "weight": str(i.weight), "source": i.computed_from,
                 "full_marks_at": None if i.full_marks_at is None else str(i.full_marks_at),
                 "evidence": i.evidence_required} for i in scheme.indicators.order_by("sort_order", "code")]
    return EvaluationSchemeRevision.objects.create(scheme=scheme, number=last + 1, indicators=snapshot,
                                                   reason=reason.strip()[:300], changed_by=user, changed_at=timezone.now())


@transaction.atomic
def evaluation_compute(*, scheme: EvaluationScheme, today: dt.date | None = None) -> list[EvaluationResult]:
    """Score and rank every body of the scheme (computed values, expert adjustments); replaces old results."""
    today = today or timezone.localdate()
    indicators = list(scheme.indicators.all())
    if not indicators:
        raise DomainError(_("该评价方案还没有指标。"))
    bodies = list(bodies_for_scheme(scheme))
    raw = indicator_values(bodies, year=scheme.year, today=today)
    values = {
        pk: {i.code: raw[pk][i.computed_from] for i in indicators if i.computed_from != Source.MANUAL} for pk in raw
    }
    specs = [IndicatorSpec(i.code, i.weight, i.full_marks_at, i.computed_from == Source.MANUAL) for i in indicators]
    ranked = score_bodies(indicators=specs, values=values, adjustments=_adjustments(scheme))
    EvaluationResult.objects.filter(scheme=scheme).delete()
    return EvaluationResult.objects.bulk_create(
        EvaluationResult(scheme=scheme, body_id=item.key, score=item.total, rank=item.rank, details=item.parts)
        for item in ranked
    )


def _adjustments(scheme: EvaluationScheme) -> dict[int, dict[str, list[Decimal]]]:
    """Experts' adjusted scores, leaving out any expert who has since declared a conflict."""
    conflicts = set(ConflictDeclaration.objects.values_list("expert_id", "body_id"))
    result: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    rows = ExpertAdjustment.objects.filter(indicator__scheme=scheme).values_list("expert_id", "body_id", "indicator__code", "score")
    for expert_id, body_id, code, score in rows:
        if (expert_id, body_id) not in conflicts:
            result[body_id][code].append(score)
    return result


@transaction.atomic
def adjustment_submit(
    *, expert: Any, indicator: EvaluationIndicator, body: ServiceBody, score: Decimal, reason: str
) -> ExpertAdjustment:
    """An expert's adjusted score (0-100) with a reason; refused for bodies the expert is tied to."""
    if expert.role != Role.EXPERT:
        raise DomainError(_("只有评审专家可以调整评分。"))
    if ConflictDeclaration.objects.filter(expert=expert, body=body).exists():
        raise DomainError(_("您已声明与该机构存在利益关联，不能为其评分。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写调整理由。")})
    adjustment, _created = ExpertAdjustment.objects.update_or_create(
        indicator=indicator, body=body, expert=expert, defaults={"score": score, "reason": reason.strip()}
    )
    adjustment.full_clean()
    return adjustment


@transaction.atomic
def conflict_declare(*, expert: Any, body: ServiceBody, reason: str) -> ConflictDeclaration:
    """Declare a tie to a body: the expert's adjustments for it are withdrawn."""
    if expert.role != Role.EXPERT:
        raise DomainError(_("只有评审专家需要声明利益冲突。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明关联关系。")})
    declaration, _created = ConflictDeclaration.objects.get_or_create(expert=expert, body=body, defaults={"reason": reason.strip()})
    ExpertAdjustment.objects.filter(expert=expert, body=body).delete()
    return declaration


def subsidy_simulate(
    *, scheme: EvaluationScheme, budget: Decimal, threshold: Decimal, cap: Decimal | None
) -> tuple[list[EvaluationResult], SubsidySplit]:
    """The split of `budget` by the scheme's current scores, without saving anything."""
    results = list(scheme.results.select_related("body").order_by("rank", "body__name"))
    if not results:
        raise DomainError(_("请先计算该方案的评价得分。"))
    try:
        split = split_budget(scores={r.body_id: r.score for r in results}, budget=budget, threshold=threshold, cap=cap)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    return results, split


@transaction.atomic
def subsidy_plan_create(
    *, scheme: EvaluationScheme, user: Any, budget: Decimal, threshold: Decimal, cap: Decimal | None
) -> SubsidyPlan:
    results, split = subsidy_simulate(scheme=scheme, budget=budget, threshold=threshold, cap=cap)
    plan = SubsidyPlan.objects.create(scheme=scheme, budget=budget, threshold=threshold, cap=cap, created_by=user)
    SubsidyAllocation.objects.bulk_create(
        SubsidyAllocation(plan=plan, body_id=r.body_id, score=r.score, amount=split.amounts[r.body_id]) for r in results
    )
    return plan


@transaction.atomic
def subsidy_plan_approve(*, plan: SubsidyPlan, user: Any) -> SubsidyPlan:
    """A province official approves a plan; it is frozen from then on."""
    plan = SubsidyPlan.objects.select_for_update().get(pk=plan.pk)
    if user.role != Role.PROVINCE_OFFICIAL:
        raise DomainError(_("只有省级管理员可以批准后补助方案。"))
    if plan.is_approved:
        raise DomainError(_("该方案已批准，不能重复批准或修改。"))
    plan.status, plan.approved_by, plan.approved_at = SubsidyPlan.Status.APPROVED, user, timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return plan


@transaction.atomic
def subsidy_plan_delete(*, plan: SubsidyPlan) -> None:
    plan = SubsidyPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_approved:
        raise DomainError(_("已批准的方案已冻结，不能删除。"))
    plan.delete()
