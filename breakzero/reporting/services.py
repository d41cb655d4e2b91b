"""Writes for reporting: save/submit a report, review it, reopen, lock, correct (联网直报 workflow)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, IntegerField, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.audit.recorder import remember_before
from breakzero.audit.services import audit_batch
from breakzero.core.errors import DomainError
from breakzero.core.prepared import Param, Prepared
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.services import YEAR_FIELDS, enterprise_year_upsert
from breakzero.regions.models import Region
from breakzero.reporting import access, selectors
from breakzero.reporting.dataset_cache import dataset_spec
from breakzero.reporting.models import (
    CorrectionRequest, DataField, PeriodLock, PeriodType, ReportingWindow, Submission, SubmissionEvent,
)
from breakzero.rules.report_checks import check, hard, soft

S = Submission.Status
INTEGER_YEAR_FIELDS = frozenset({"employees", "rd_staff"})


class ExplanationNeeded(DomainError):
    """Soft rules fired: the report goes in once each question has an explanation."""

    def __init__(self, questions: list[dict]) -> None:
        super().__init__(_("部分数据需要说明后才能提交：") + "；".join(q["message_zh"] for q in questions), code="explain")
        self.questions = questions


def parse_values(fields: list[DataField], raw: dict[str, Any]) -> dict[str, Any]:
    """Typed values of a form or an xlsx row (numbers as strings for JSON); ValidationError per field."""
    values, errors = {}, {}
    for field in fields:
        text = raw.get(field.code)
        text = "" if text is None else str(text).strip().replace(",", "")
        if text == "":
            values[field.code] = None
        elif field.kind in (DataField.Kind.TEXT, DataField.Kind.CHOICE):
            if field.kind == DataField.Kind.CHOICE and text not in field.choice_list:
                errors[field.code] = _("请从选项中选择")
            values[field.code] = text
        else:
            number = _decimal(text)
            if number is None or (field.year_field in INTEGER_YEAR_FIELDS and number != number.to_integral_value()):
                errors[field.code] = _("请填写数字") if number is None else _("请填写整数")
            values[field.code] = None if number is None else str(number)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def submission_save(
    *, actor: Any, window: ReportingWindow, enterprise: Enterprise, values: dict[str, Any],
    explanations: dict[str, str] | None = None, submit: bool = False, today: dt.date | None = None,
    _retried: bool = False,
) -> Submission:
    """Save a draft or submit. Hard rules refuse; soft rules need an explanation (审核公式:
    强制性 / 核实性). After the due date the report is late; after the close date only a county
    reopening lets it in."""
    today = today or timezone.localdate()
    if not access.can_report(actor, enterprise):
        raise DomainError(_("您无权填报该企业的数据。"))
    with audit_batch():  # the save's and the event's audit entries in one INSERT (same entries)
        return _submission_save(actor=actor, window=window, enterprise=enterprise, values=values,
                                explanations=explanations, submit=submit, today=today, retried=_retried)


def _submission_save(
    *, actor: Any, window: ReportingWindow, enterprise: Enterprise, values: dict[str, Any],
    explanations: dict[str, str] | None, submit: bool, today: dt.date, retried: bool,
) -> Submission:
    sub = _locked_submission(window, enterprise)
    if sub is not None:
        sub.window, sub.enterprise = window, enterprise  # the rows in hand: no look-up per relation below
        remember_before(sub)  # locked and unchanged: the audit's "before" without reading it again
    is_first = sub is None
    sub = sub or Submission(window=window, enterprise=enterprise, county_id=enterprise.county_id)
    _check_open(window, sub, today)
    if sub.status == S.ACCEPTED:
        raise DomainError(_("该报告已审核通过，如需修改请提出更正申请。"))
    sub.values, sub.is_entered_by_official = values, actor.is_official
    changed = ["values", "is_entered_by_official", "updated_at"]
    if submit:
        sub.questions = _questions(window, enterprise, values, explanations or {})
        sub.status, sub.submitted_at, sub.submitted_by = S.SUBMITTED, timezone.now(), actor
        sub.is_late = today > window.due_on
        changed += ["questions", "status", "submitted_at", "submitted_by", "is_late"]
    # The related rows are the objects in hand and the row is locked: skip the per-FK and
    # uniqueness look-ups (six queries on the hot path of the last days of a window).
    sub.full_clean(exclude=["window", "enterprise", "county", "submitted_by", "reviewed_by"], validate_unique=False)
    if is_first:
        try:
            with transaction.atomic():  # a savepoint: the insert may lose a race, the transaction must not
                sub.save()
        except IntegrityError:
            if retried:
                raise
            # Two first submissions of one enterprise at the same moment (two of its users, a double
            # click): the other one's row is committed now, so this one goes on as an update of it.
            return _submission_save(actor=actor, window=window, enterprise=enterprise, values=values,
                                    explanations=explanations, submit=submit, today=today, retried=True)
    else:
        sub.save(update_fields=changed)
    if submit:
        _event(sub, "submit", actor, note=_("逾期提交") if sub.is_late else "")
    return sub


def _locked_submission(window: ReportingWindow, enterprise: Enterprise) -> Submission | None:
    return _LOCKED_SUBMISSION.first(window=window.pk, enterprise=enterprise.pk)


# Read on every save (the last days of a window): compiled once per process (core.prepared).
_LOCKED_SUBMISSION = Prepared(lambda: Submission.objects.select_for_update().filter(
    window_id=Param("window", IntegerField()), enterprise_id=Param("enterprise", IntegerField()))[:1])
_LOCK_EXISTS = Prepared(lambda: PeriodLock.objects.filter(
    Q(region_id=Param("county", CharField())) | Q(region_id=Param("city", CharField())),
    window_id=Param("window", IntegerField())).values_list("pk", flat=True)[:1])


@transaction.atomic
def submission_accept(*, actor: Any, submission: Submission) -> Submission:
    """The county accepts: the figures go into the register's year row, which feeds the indicators
    (enterprise_year_upsert triggers the refreshers through core.hooks.data_changed)."""
    sub = _for_review(actor, submission)
    _write_register(actor, sub)
    sub.status, sub.reviewed_at, sub.reviewed_by, sub.return_reason = S.ACCEPTED, timezone.now(), actor, ""
    sub.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_reason", "updated_at"])
    _event(sub, "accept", actor)
    return sub


@transaction.atomic
def submission_return(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """The county returns a report with a reason; the enterprise corrects and submits again."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回原因")})
    sub = _for_review(actor, submission)
    sub.status, sub.reviewed_at, sub.reviewed_by, sub.return_reason = S.RETURNED, timezone.now(), actor, reason.strip()
    sub.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_reason", "updated_at"])
    _event(sub, "return", actor, note=reason.strip())
    return sub


@transaction.atomic
def submission_reopen(
    *, actor: Any, window: ReportingWindow, enterprise: Enterprise, until: dt.date, reason: str
) -> Submission:
    """After the close date only the county reopens a window for one enterprise; recorded."""
    if not access.can_reopen(actor, enterprise):
        raise DomainError(_("只有企业所在县市区可以重新开放填报。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写重新开放的原因")})
    if is_locked(window, enterprise):
        raise DomainError(_("该报告期已锁定，不能重新开放。"))
    sub, _created = Submission.objects.get_or_create(window=window, enterprise=enterprise,
                                                     defaults={"county_id": enterprise.county_id})
    if sub.status == S.ACCEPTED:
        raise DomainError(_("该报告已审核通过，如需修改请提出更正申请。"))
    sub.reopened_until = until
    sub.save(update_fields=["reopened_until", "updated_at"])
    _event(sub, "reopen", actor, note=f"{until:%Y-%m-%d} {reason.strip()}")
    return sub


@transaction.atomic
def period_lock(*, actor: Any, window: ReportingWindow, region: Region) -> PeriodLock:
    """The county locks its period; the city locks for all its counties. Nothing then changes
    except through an approved correction request."""
    if not access.can_lock(actor, region):
        raise DomainError(_("您无权锁定该地区的报告期。"))
    lock, _created = PeriodLock.objects.get_or_create(window=window, region=region, defaults={"locked_by": actor})
    return lock


def is_locked(window: ReportingWindow, enterprise: Enterprise) -> bool:
    """A lock of the enterprise's county or city (an absent one is NULL and matches no lock)."""
    return bool(_LOCK_EXISTS.all(window=window.pk, county=enterprise.county_id or None, city=enterprise.city_id or None))


@transaction.atomic
def correction_request(*, actor: Any, submission: Submission, values: dict[str, Any], reason: str) -> CorrectionRequest:
    """A county or city asks to change an accepted report of a locked period (approved one level up)."""
    if not (access.can_review(actor, submission.enterprise) or
            (actor.role == "city_official" and access.can_report(actor, submission.enterprise))):
        raise DomainError(_("您无权为该企业提出更正申请。"))
    if submission.status != S.ACCEPTED:
        raise DomainError(_("只有已审核通过的报告需要更正申请，其他情况请直接修改或退回。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写更正原因")})
    findings = hard(check(selectors.check_rules(submission.window.dataset), values))
    if findings:
        raise ValidationError([f.message_zh for f in findings])
    return CorrectionRequest.objects.create(submission=submission, values=values, reason=reason.strip(),
                                            requested_by=actor)


@transaction.atomic
def correction_decide(*, actor: Any, correction: CorrectionRequest, approve: bool) -> CorrectionRequest:
    """The level above approves (the figures change, audited with the previous values) or refuses."""
    sub = correction.submission
    if not access.can_decide_correction(actor, correction.requested_by, sub.enterprise):
        raise DomainError(_("更正申请由上一级主管部门审批。"))
    if correction.status != CorrectionRequest.Status.PENDING:
        raise DomainError(_("该更正申请已处理。"))
    correction.status = CorrectionRequest.Status.APPROVED if approve else CorrectionRequest.Status.REFUSED
    correction.decided_by, correction.decided_at = actor, timezone.now()
    correction.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if approve:
        before = sub.values
        sub.values = correction.values
        sub.save(update_fields=["values", "updated_at"])
        _write_register(correction.requested_by, sub)
        _event(sub, "correct", actor, note=correction.reason, before=before)
    return correction


def _questions(window: ReportingWindow, enterprise: Enterprise, values: dict, explanations: dict[str, str]) -> list[dict]:
    spec = dataset_spec(window.dataset)
    # The previous period and the bands are read only when an active rule compares with them
    # (two and one queries per submission otherwise spent for nothing).
    found = check(spec.rules, values, previous=selectors.previous_values(window, enterprise) if spec.needs_previous else {},
                  bands=selectors.percentile_bands(window, enterprise) if spec.needs_bands else {})
    refused = hard(found)
    if refused:
        raise ValidationError([f.message_zh for f in refused])
    questions = [{"code": f.code, "field": f.field, "message_zh": f.message_zh,
                  "explanation": (explanations.get(f.code) or "").strip()} for f in soft(found)]
    unanswered = [q for q in questions if not q["explanation"]]
    if unanswered:
        raise ExplanationNeeded(questions)
    return questions


def _check_open(window: ReportingWindow, sub: Submission, today: dt.date) -> None:
    if today < window.opens_on:
        raise DomainError(_("填报期尚未开始（%(date)s 开始）。") % {"date": window.opens_on})
    if is_locked(window, sub.enterprise):
        raise DomainError(_("该报告期已锁定，不能再修改。"))
    reopened = sub.reopened_until is not None and today <= sub.reopened_until
    if today > window.closes_on and not reopened:
        raise DomainError(_("填报期已关闭（%(date)s），如需补报请联系所在县市区。") % {"date": window.closes_on})


def _for_review(actor: Any, submission: Submission) -> Submission:
    sub = Submission.objects.select_for_update().select_related("window__dataset", "enterprise").get(pk=submission.pk)
    if not access.can_review(actor, sub.enterprise):
        raise DomainError(_("只有企业所在县市区可以审核该报告。"))
    if sub.status != S.SUBMITTED:
        raise DomainError(_("只有待审核的报告可以审核。"))
    if is_locked(sub.window, sub.enterprise):
        raise DomainError(_("该报告期已锁定，不能再修改。"))
    return sub


def _write_register(actor: Any, sub: Submission) -> None:
    """Yearly data sets write the accepted figures into EnterpriseYear (fields not reported keep
    their register value); other period types stay in the submission."""
    window = sub.window
    if window.dataset.period_type != PeriodType.YEAR:
        return
    mapped = {f.year_field: sub.values.get(f.code) for f in selectors.fields_of(window.dataset) if f.year_field}
    if not mapped:
        return
    row = EnterpriseYear.objects.filter(enterprise=sub.enterprise, year=window.year).first()
    values = {name: getattr(row, name) for name in YEAR_FIELDS} if row else {}
    for name, value in mapped.items():
        values[name] = None if value in (None, "") else (int(Decimal(value)) if name in INTEGER_YEAR_FIELDS else Decimal(value))
    enterprise_year_upsert(actor=actor, enterprise=sub.enterprise, year=window.year, values=values)


def _event(sub: Submission, action: str, actor: Any, *, note: str = "", before: dict | None = None) -> None:
    SubmissionEvent.objects.create(submission=sub, action=action, actor=actor, note=note, before=before or {})


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.rstrip("%"))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
