"""Writes of the cultivation library: applications, objections in publicity, effects of publishing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.cultivation.models import (
    AUTHORITY_OF_LEVEL,
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

# Programmes whose published list IS the recognition (the province grants these titles itself). The
# 小巨人 programme is the province's recommendation to MIIT: publishing it records a recommendation
# (ProgrammeListing), and the national title comes only from `title_recognize` / the title import.
PROGRAMME_TIER = {
    Programme.TIER_INNOVATIVE: (Title.Tier.INNOVATIVE_SME, Title.Level.PROVINCIAL),
    Programme.TIER_SRDI: (Title.Tier.SRDI_SME, Title.Level.PROVINCIAL),
}
OPEN_STATUSES = (S.DRAFT, S.SUBMITTED, S.COUNTY_APPROVED, S.CITY_APPROVED, S.RETURNED, S.PUBLICITY)


@transaction.atomic
def application_create(
    *, enterprise: Enterprise, programme: str, batch: str, actor: Any, statement: str = "", submit: bool = True,
    as_of: dt.date | None = None,
) -> Application:
    """The enterprise applies: facts pre-filled and the rule results attached as a JSON snapshot."""
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
    """Publishing creates the Title where the province grants it (创新型, 专精特新; valid 3 years), else the
    list membership: 白名单, 上市后备库, and the 小巨人 recommendation list (a recommendation, not a title)."""
    day = application.published_on or timezone.localdate()
    source = f"平台审核发布（申报 #{application.pk}）"
    if application.programme in PROGRAMME_TIER:
        tier, level = PROGRAMME_TIER[application.programme]
        Title.objects.get_or_create(
            enterprise=application.enterprise, tier=tier, level=level, recognized_on=day,
            defaults={"batch": application.batch, "valid_until": default_valid_until(day), "source": source,
                      "authority": AUTHORITY_OF_LEVEL[level]},
        )
    else:
        ProgrammeListing.objects.get_or_create(
            enterprise=application.enterprise, programme=application.programme, batch=application.batch,
            defaults={"listed_on": day, "application": application},
        )
    from breakzero.core.hooks import data_changed

    data_changed(source="titles", enterprise_ids=[application.enterprise_id])


@transaction.atomic
def title_recognize(
    *, enterprise: Enterprise, tier: str, level: str, batch: str, recognized_on: dt.date, actor: Any,
    document: str = "",
) -> Title:
    """Record a recognition by the authority that grants the title (MIIT for national, the province's
    工信厅 for provincial), with its batch and date — the only way a 小巨人 title comes into being.

    Province officials (or the shell, actor None) record them; the document number goes into `source`.
    """
    if actor is not None and getattr(actor, "role", "") != "province_official":
        raise DomainError(_("称号认定结果由省级管理员登记。"))
    if tier not in Title.Tier.values or level not in Title.Level.values:
        raise DomainError(_("请选择称号和层级。"))
    if not (batch or "").strip():
        raise DomainError(_("请填写认定批次（如“第四批”）。"))
    if recognized_on is None or recognized_on > timezone.localdate():
        raise DomainError(_("请填写认定日期（不能晚于今天）。"))
    title, created = Title.objects.get_or_create(
        enterprise=enterprise, tier=tier, level=level, recognized_on=recognized_on,
        defaults={"batch": batch.strip(), "valid_until": default_valid_until(recognized_on),
                  "authority": AUTHORITY_OF_LEVEL[level], "source": (document or "").strip()[:200], "recorded_by": actor},
    )
    if not created:
        raise DomainError(_("该企业此称号在该认定日期已登记。"))
    from breakzero.core.hooks import data_changed

    data_changed(source="titles", enterprise_ids=[enterprise.pk])
    return title


def _snapshot(enterprise: Enterprise, as_of: dt.date) -> tuple[dict, list]:
    """Facts and rule results as JSON, frozen at submission so reviewers see what was claimed."""
    from breakzero.policies.evaluation import enterprise_evaluate, facts_as_dict, outcome_as_dict

    source, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=as_of)
    return facts_as_dict(source), [outcome_as_dict(o) for o in outcomes]
