"""Applications: drafts with prefilled data, submission, invitations (免申即享), decisions and ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.calls import eligibility, registry
from breakzero.calls.models import Application, Call, State, Transition
from breakzero.calls.prefill import declared_overlay, prefill_values
from breakzero.calls.registry import get_programme_type
from breakzero.calls.workflow import ENTERPRISE, allowed_actions, application_move, chain_for, level_of
from breakzero.core.errors import DomainError
from breakzero.enterprises.models import Enterprise

EDITABLE = (State.DRAFT, State.RETURNED)


@transaction.atomic
def application_create(*, call: Call, enterprise: Enterprise, actor: Any, form_data: dict[str, Any] | None = None) -> Application:
    """A draft: form prefilled from the platform and the call's rules evaluated on the enterprise's data."""
    if call.status != Call.Status.OPEN:
        raise DomainError(_("该批次已不接受申报。"))
    if not registry.filed_by_applicants(call):
        raise DomainError(_("该批次不接受企业直接申报：参赛项目经报名和推荐进入评审。"))
    if Application.objects.filter(call=call, enterprise=enterprise).exists():
        raise DomainError(_("该企业已在本批次申报。"))
    application = Application(call=call, enterprise=enterprise, county_id=enterprise.county_id,
                              city_id=enterprise.city_id, created_by=actor)
    entered = _clean_form(call, form_data or {}, strict=False)
    application.form_data = entered
    _refresh_snapshot(application, timezone.localdate())
    application.form_data = {**application.prefilled, **entered}
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_update(*, application: Application, actor: Any, form_data: dict[str, Any]) -> Application:
    if application.state not in EDITABLE:
        raise DomainError(_("只有草稿或退回的申报可以修改。"))
    application.form_data = {**application.form_data, **_clean_form(application.call, form_data, strict=False)}
    _refresh_snapshot(application, timezone.localdate())
    application.save(update_fields=["form_data", "prefilled", "eligibility", "eligibility_passed", "updated_at"])
    return application


@transaction.atomic
def application_submit(*, application: Application, actor: Any) -> Application:
    """Submit within the enterprise deadline; required fields checked, rules evaluated again."""
    _clean_form(application.call, application.form_data, strict=True)
    _refresh_snapshot(application, timezone.localdate())
    application.save(update_fields=["prefilled", "eligibility", "eligibility_passed", "updated_at"])
    return application_move(application=application, actor=actor, action="submit")


@transaction.atomic
def application_withdraw(*, application: Application, actor: Any, reason: str = "") -> Application:
    return application_move(application=application, actor=actor, action="withdraw", reason=reason)


@transaction.atomic
def application_decide(*, application: Application, actor: Any, action: str, reason: str = "",
                       rank: int | None = None) -> Application:
    """A level's decision (recommend, return, refuse; select after experts) — see calls.workflow."""
    return application_move(application=application, actor=actor, action=action, reason=reason, rank=rank)


def engine_actions(*, application: Application, user: Any) -> list[str]:
    """The moves `user` may make on the engine's own application page and API: those of the workflow,
    without the levels' decisions when the programme area takes them (registry.decided_in_area)."""
    actions = allowed_actions(application=application, user=user)
    if registry.decided_in_area(application.call):
        actions = [a for a in actions if a in ("submit", "withdraw")]
    return actions


@transaction.atomic
def application_decide_on_engine(*, application: Application, actor: Any, action: str, reason: str = "",
                                 rank: int | None = None) -> Application:
    """A decision taken on the engine's application page or API (refused where the area decides)."""
    if action not in ("submit", "withdraw") and registry.decided_in_area(application.call):
        raise DomainError(_("该项目的推荐、入围与淘汰在其业务页面按评分排名统一办理（如赛事阶段的关闭），不能在申报页面逐条办理。"))
    return application_decide(application=application, actor=actor, action=action, reason=reason, rank=rank)


@transaction.atomic
def application_invite(*, call: Call, enterprise: Enterprise, actor: Any) -> Application:
    """免申即享: an official of the enterprise's region files the application on its behalf.

    Only where the programme allows it and the stored check-up says the enterprise qualifies;
    the application starts at the first level of the chain, as if submitted.
    """
    if not call.allows_invitation:
        raise DomainError(_("该项目不适用免申即享。"))
    probe = Application(call=call, enterprise=enterprise, county_id=enterprise.county_id, city_id=enterprise.city_id)
    if level_of(actor, probe) is None:
        raise DomainError(_("只能邀请本地区的企业。"))
    application = application_create(call=call, enterprise=enterprise, actor=actor)
    if application.eligibility_passed is not True:
        raise DomainError(_("该企业未通过平台条件核验，不能免申即享。"))
    application.is_invited = True
    first = chain_for(application)[0]
    from breakzero.calls.models import LEVEL_STATE

    step = Transition(application=application, actor=actor, action="invite", level=ENTERPRISE, from_state=State.DRAFT,
                      to_state=LEVEL_STATE[first], eligibility_passed=True, at=timezone.now(),
                      reason=_("免申即享：由%(who)s代为申报") % {"who": actor.get_role_display()})
    application.state, application.submitted_at = LEVEL_STATE[first], step.at
    application.save(update_fields=["is_invited", "state", "submitted_at", "updated_at"])
    step.save()
    return application


@transaction.atomic
def applications_rank(*, call: Call, actor: Any, ordered_ids: list[int]) -> int:
    """Rank, within the actor's level, the applications waiting there (1 = first); returns how many."""
    rows = {a.pk: a for a in Application.objects.select_for_update().select_related("call").filter(call=call, pk__in=ordered_ids)}
    changed = []
    for position, pk in enumerate(ordered_ids, start=1):
        application = rows.get(pk)
        if application is None or level_of(actor, application) is None or application.level != level_of(actor, application):
            raise DomainError(_("只能对本级待推荐的申报排序。"))
        application.level_rank = position
        changed.append(application)
    Application.objects.bulk_update(changed, ["level_rank"])
    return len(changed)


def _refresh_snapshot(application: Application, as_of: dt.date) -> None:
    """Platform facts (+ the enterprise's declared answers) → prefilled values and the rules' result."""
    call = application.call
    kind = get_programme_type(call.programme.programme_type)
    facts = None
    if kind.facts_builder is not None:
        facts = kind.facts_builder([application.enterprise_id], as_of).get(application.enterprise_id)
    application.prefilled = prefill_values(enterprise=application.enterprise, fields=call.form_fields, year=call.year,
                                           facts=facts)
    facts, declared = declared_overlay(facts, call.form_fields, application.form_data)
    result = eligibility.result_as_dict(kind.eligibility(facts, call, as_of)) if kind.eligibility is not None else {}
    application.eligibility = {**result, "as_of": as_of.isoformat(), "declared": declared} if result else {}
    application.eligibility_passed = result.get("passed") if result else None


def _clean_form(call: Call, data: dict[str, Any], *, strict: bool) -> dict[str, Any]:
    """Keep only the call's fields; when `strict`, every required field must be filled."""
    fields = {f["key"]: f for f in call.form_fields}
    cleaned = {k: v for k, v in data.items() if k in fields}
    if strict:
        missing = [f["label"] for f in call.form_fields if f.get("required") and cleaned.get(f["key"]) in (None, "")]
        if missing:
            raise DomainError(_("请填写：%(fields)s。") % {"fields": "、".join(missing)})
    return cleaned
