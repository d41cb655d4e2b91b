"""Writes of the digital-transformation area: each one validated, saved, and the change announced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakzero.core.errors import DomainError
from breakzero.core.hooks import data_changed
from breakzero.digital.models import Assessment, DigitalUse, Solution, SolutionAdoption, TransformationProject
from breakzero.enterprises.access import can_edit_enterprise
from breakzero.rules.digital import PilotAcceptanceFacts, RatingMode, evaluate_pilot_acceptance, level_from_score
from breakzero.rules.results import Evaluation
from breakzero.service_bodies.access import can_manage_body

SOURCE = "digital"


def assessment_level(*, version: str, score: Decimal | None, level: int | None) -> int | None:
    """The level to store (§3.3): 2022 — computed from the total score (an entered level must agree);
    2024 — the level given by the official system or the on-site evaluator (required)."""
    if str(version) == Assessment.Version.V2022:
        if score is None:
            raise DomainError("2022年版评测须录入总分（等级按总分计算）")
        try:
            computed = level_from_score(score, version=version)
        except ValueError as exc:
            raise DomainError(str(exc)) from exc
        if level is not None and level != computed:
            raise DomainError(f"录入的等级（{level}级）与总分 {score} 按2022年版计算的等级（{computed or '无'}）不一致")
        return computed
    if level is None:
        raise DomainError("2024年版评测的等级由评测系统或现场评测给出，请录入等级")
    if level not in (1, 2, 3, 4):
        raise DomainError("数字化水平等级应为 1–4 级")
    return level


@transaction.atomic
def assessment_record(*, actor: Any, enterprise: Any, values: dict[str, Any]) -> Assessment:
    """Record (or correct, same enterprise, version and date) an assessment result as entered from the
    official assessment; officials of the enterprise's region and the enterprise itself may record."""
    _check_edit(actor, enterprise)
    values = dict(values)
    values["level"] = assessment_level(version=values["version"], score=values.get("score"), level=values.get("level"))
    assessment, _ = Assessment.objects.get_or_create(
        enterprise=enterprise, version=values.pop("version"), assessed_on=values.pop("assessed_on"),
        defaults={**values, "recorded_by": actor if getattr(actor, "pk", None) else None})
    for key, value in values.items():
        setattr(assessment, key, value)
    _save(assessment)
    _announce(enterprise)
    return assessment


def pilot_acceptance(assessment: Assessment) -> Evaluation:
    """A pilot-city enterprise's 评测验收 (§3.2): accepted only on an on-site rating with the 2024 indicators."""
    return evaluate_pilot_acceptance(PilotAcceptanceFacts(
        as_of=assessment.assessed_on, rating_mode=RatingMode(assessment.mode), rating_version=assessment.version,
        level=assessment.level, is_evaluation_passed=assessment.is_evaluation_passed))


@transaction.atomic
def use_record(*, actor: Any, enterprise: Any, year: int, kind: str, values: dict[str, Any]) -> DigitalUse:
    """上云 / 上平台 of an enterprise in a year (one row per kind and year; a second entry updates it)."""
    _check_edit(actor, enterprise)
    use, _ = DigitalUse.objects.get_or_create(enterprise=enterprise, year=year, kind=kind, defaults=values)
    for key, value in values.items():
        setattr(use, key, value)
    if kind == DigitalUse.Kind.PLATFORM and not use.platform_name:
        raise DomainError("上平台须填写工业互联网平台名称")
    _save(use)
    _announce(enterprise)
    return use


@transaction.atomic
def project_create(*, actor: Any, enterprise: Any, values: dict[str, Any]) -> TransformationProject:
    _check_edit(actor, enterprise)
    project = TransformationProject(enterprise=enterprise, **values)
    _save(project)
    return project


@transaction.atomic
def solution_create(*, actor: Any, body: Any, values: dict[str, Any]) -> Solution:
    """A service body (its members, or officials of its region) adds a solution to the catalogue."""
    if not can_manage_body(actor, body):
        raise DomainError("您不能为该服务机构发布解决方案")
    solution = Solution(body=body, **values)
    _save(solution)
    return solution


@transaction.atomic
def adoption_record(*, actor: Any, solution: Solution, enterprise: Any, adopted_on: dt.date,
                    outcome: str = "") -> SolutionAdoption:
    """An enterprise adopted a catalogue solution (recorded by the enterprise or an official of its region)."""
    _check_edit(actor, enterprise)
    adoption, _ = SolutionAdoption.objects.get_or_create(solution=solution, enterprise=enterprise,
                                                         defaults={"adopted_on": adopted_on, "outcome": outcome})
    adoption.adopted_on, adoption.outcome = adopted_on, outcome
    _save(adoption)
    return adoption


def _check_edit(actor: Any, enterprise: Any) -> None:
    if not can_edit_enterprise(actor, enterprise):
        raise DomainError("您不能为该企业录入数字化转型信息")


def _save(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc
    obj.save()


def _announce(enterprise: Any) -> None:
    ids = [enterprise.pk]
    transaction.on_commit(lambda: data_changed(source=SOURCE, enterprise_ids=ids))
