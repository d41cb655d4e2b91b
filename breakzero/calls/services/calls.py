"""Programmes and calls: officials create a call from a programme's template, no code needed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.calls.models import Call, CallQuota, EligibilityRun, Level, Programme
from breakzero.calls.registry import get_programme_type
from breakzero.core.errors import DomainError

DEFAULT_CHAIN = [Level.COUNTY.value, Level.CITY.value, Level.PROVINCE.value]


@transaction.atomic
def programme_create(
    *, name: str, owner_department: str, programme_type: str, level: str = Programme.ProgrammeLevel.PROVINCIAL,
    grants: str = Programme.Grant.TITLE, review_chain: list[str] | None = None, **options: Any,
) -> Programme:
    """A programme with its template taken from the registered type (form fields, attachments, scoring)."""
    kind = get_programme_type(programme_type)
    chain = _clean_chain(review_chain or DEFAULT_CHAIN)
    programme = Programme(
        name=name.strip(), owner_department=owner_department.strip(), programme_type=programme_type, level=level,
        grants=grants, review_chain=chain, form_template=[f.as_dict() for f in kind.form_fields],
        attachment_template=list(kind.attachments), scoring_template=dict(kind.scoring), **options,
    )
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def call_create(
    *, programme: Programme, actor: Any, document_number: str, title: str, year: int, opens_on: dt.date,
    enterprise_deadline: dt.date, county_deadline: dt.date | None = None, city_deadline: dt.date | None = None,
    quotas: dict[str, int] | None = None, publicity_working_days: int = 5, objection_channel: str = "",
) -> Call:
    """A yearly call (批次) copied from the programme's template; deadlines must follow one another."""
    if enterprise_deadline < opens_on:
        raise DomainError(_("企业申报截止日期不能早于开始日期。"))
    ordered = [d for d in (enterprise_deadline, county_deadline, city_deadline) if d]
    if ordered != sorted(ordered):
        raise DomainError(_("截止日期须依次为：企业申报 ≤ 区县推荐 ≤ 市州推荐。"))
    if Call.objects.filter(programme=programme, document_number=document_number.strip()).exists():
        raise DomainError(_("该项目已有同一文号的申报批次。"))
    kind = get_programme_type(programme.programme_type)
    call = Call(
        programme=programme, document_number=document_number.strip(), title=title.strip(), year=year,
        opens_on=opens_on, enterprise_deadline=enterprise_deadline, county_deadline=county_deadline,
        city_deadline=city_deadline, rule_set=kind.rule_set, review_chain=list(programme.review_chain),
        has_expert_review=programme.has_expert_review, allows_invitation=programme.allows_invitation,
        form_fields=list(programme.form_template), attachments=list(programme.attachment_template),
        scoring=dict(programme.scoring_template), publicity_working_days=publicity_working_days,
        objection_channel=objection_channel.strip(), created_by=actor,
    )
    call.full_clean()
    call.save()
    CallQuota.objects.bulk_create([CallQuota(call=call, region_id=code, quota=n) for code, n in (quotas or {}).items()])
    return call


@transaction.atomic
def eligibility_run_start(*, call: Call, actor: Any, as_of: dt.date | None = None) -> EligibilityRun:
    """Queue the province-wide evaluation of `call` (runs in the background after commit)."""
    if EligibilityRun.objects.filter(call=call, status__in=[EligibilityRun.Status.PENDING,
                                                            EligibilityRun.Status.RUNNING]).exists():
        raise DomainError(_("该批次的条件筛查正在进行，请稍候。"))
    kind = get_programme_type(call.programme.programme_type)
    if kind.eligibility is None:
        raise DomainError(_("该项目类型没有可自动核验的条件。"))
    run = EligibilityRun.objects.create(call=call, as_of=as_of or timezone.localdate(), created_by=actor)
    from breakzero.calls.tasks import eligibility_run_task
    from breakzero.core.tasks import enqueue_on_commit

    enqueue_on_commit(eligibility_run_task, run.pk)
    return run


def _clean_chain(chain: list[str]) -> list[str]:
    order = [Level.COUNTY.value, Level.CITY.value, Level.PROVINCE.value]
    cleaned = [lvl for lvl in order if lvl in set(chain)]
    if not cleaned or cleaned[-1] != Level.PROVINCE:
        raise DomainError(_("推荐层级必须以省级结束。"))
    return cleaned
