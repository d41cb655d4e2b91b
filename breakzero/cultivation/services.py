"""Writes of the cultivation library: applications, objections in publicity, effects of publishing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.cultivation.models import (
    Application,
    ApplicationStatus as S,
    Objection,
    Programme,
    ProgrammeListing,
    Title,
    default_valid_until,
)
from breakzero.cultivation.workflow import application_transition
from breakzero.enterprises.models import Enterprise

PROGRAMME_TIER = {
    Programme.TIER_INNOVATIVE: (Title.Tier.INNOVATIVE_SME, Title.Level.PROVINCIAL),
    Programme.TIER_SRDI: (Title.Tier.SRDI_SME, Title.Level.PROVINCIAL),
    Programme.TIER_LITTLE_GIANT: (Title.Tier.LITTLE_GIANT, Title.Level.NATIONAL),
}
PROGRAMME_RULE = {Programme.TIER_INNOVATIVE: "innovative_sme", Programme.TIER_SRDI: "srdi_sme",
                  Programme.TIER_LITTLE_GIANT: "little_giant"}
OPEN_STATUSES = (S.DRAFT, S.SUBMITTED, S.COUNTY_APPROVED, S.CITY_APPROVED, S.RETURNED, S.PUBLICITY)


@transaction.atomic
def application_create(
    *, enterprise: Enterprise, programme: str, batch: str, actor: Any, statement: str = "", submit: bool = True,
    as_of: dt.date | None = None,
) -> Application:
    """The enterprise applies: facts pre-filled and the rule results attached as a JSON snapshot (issue #5 §6)."""
    if programme not in Programme.values:
        raise DomainError(_("未知的申报类别。"))
    if not batch.strip():
        raise DomainError(_("请填写申报批次。"))
    if Application.objects.filter(enterprise=enterprise, programme=programme, status__in=OPEN_STATUSES).exists():
        raise DomainError(_("该企业已有同一类别的申报正在办理，不能重复申报。"))
    if Application.objects.filter(enterprise=enterprise, programme=programme, batch=batch.strip()).exists():
        raise DomainError(_("该企业本批次已申报过该类别。"))
    as_of = as_of or timezone.localdate()
    facts, evaluation = _snapshot(enterprise, as_of)
    application = Application(enterprise=enterprise, programme=programme, batch=batch.strip(), as_of=as_of,
                              facts=facts, evaluation=evaluation, statement=statement, created_by=actor)
    application.full_clean()
    application.save()
    if submit:
        application = application_transition(application=application, actor=actor, action="submit")
    return application


@transaction.atomic
def application_resubmit(*, application: Application, actor: Any, statement: str) -> Application:
    """After a return: refresh the snapshot and the statement, then submit again."""
    if application.status != S.RETURNED:
        raise DomainError(_("只有被退回的申报可以修改后重新提交。"))
    application.facts, application.evaluation = _snapshot(application.enterprise, timezone.localdate())
    application.as_of, application.statement = timezone.localdate(), statement
    application.save(update_fields=["facts", "evaluation", "as_of", "statement", "updated_at"])
    return application_transition(application=application, actor=actor, action="submit")


@transaction.atomic
def objection_file(*, application: Application, actor: Any, text: str) -> Objection:
    """Anyone logged in who sees the application may object while it is in publicity."""
    if application.status != S.PUBLICITY:
        raise DomainError(_("只能在公示期内提出异议。"))
    if application.publicity_end and timezone.localdate() > application.publicity_end:
        raise DomainError(_("公示期已结束，不能再提出异议。"))
    if not (text or "").strip():
        raise DomainError(_("请填写异议内容。"))
    objection = Objection(application=application, filed_by=actor, text=text.strip())
    objection.full_clean()
    objection.save()
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, actor: Any, upheld: bool, resolution: str) -> Objection:
    """A province official decides each objection, with reasons."""
    if getattr(actor, "role", "") != "province_official":
        raise DomainError(_("公示异议由省级管理员处理。"))
    if objection.status != Objection.Status.OPEN:
        raise DomainError(_("该异议已处理。"))
    if not (resolution or "").strip():
        raise DomainError(_("请填写处理意见。"))
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution.strip(), actor, timezone.now()
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at", "updated_at"])
    return objection


def application_publish_effects(*, application: Application) -> None:
    """Publishing creates the Title (tiers, valid 3 years) or the list membership (白名单, 上市后备库)."""
    day = application.published_on or timezone.localdate()
    source = f"平台审核发布（申报 #{application.pk}）"
    if application.programme in PROGRAMME_TIER:
        tier, level = PROGRAMME_TIER[application.programme]
        Title.objects.get_or_create(
            enterprise=application.enterprise, tier=tier, level=level, recognized_on=day,
            defaults={"batch": application.batch, "valid_until": default_valid_until(day), "source": source},
        )
    else:
        ProgrammeListing.objects.get_or_create(
            enterprise=application.enterprise, programme=application.programme, batch=application.batch,
            defaults={"listed_on": day, "application": application},
        )
    from breakzero.core.hooks import data_changed

    data_changed(source="titles", enterprise_ids=[application.enterprise_id])


def _snapshot(enterprise: Enterprise, as_of: dt.date) -> tuple[dict, list]:
    """Facts and rule results as JSON, frozen at submission so reviewers see what was claimed."""
    from breakzero.policies.evaluation import enterprise_evaluate, facts_as_dict, outcome_as_dict

    source, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=as_of)
    return facts_as_dict(source), [outcome_as_dict(o) for o in outcomes]
