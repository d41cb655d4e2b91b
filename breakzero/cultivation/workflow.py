"""The application state machine in one place: allowed moves, who may make them, and the transition service.

Flow: enterprise submits → county review → city review → province
decision (approve to publicity, return for changes, reject) → publicity period (公示)
with objections → published list (tier titles / list memberships created).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.cultivation.models import Application, ApplicationStatus as S, ApplicationStep, Objection

ENTERPRISE, COUNTY, CITY, PROVINCE = "enterprise", "county", "city", "province"
ACTION_LABELS = {"submit": _("提交申报"), "approve": _("审核通过"), "return": _("退回修改"), "reject": _("不予通过"),
                 "publish": _("公示期满，发布")}
ACTION_DONE = {"submit": _("已提交申报。"), "approve": _("已审核通过。"), "return": _("已退回修改。"),
               "reject": _("已不予通过。"), "publish": _("已公示期满，发布。")}
REVIEW_STAGE = {S.SUBMITTED: COUNTY, S.COUNTY_APPROVED: CITY, S.CITY_APPROVED: PROVINCE}
NEXT_ON_APPROVE = {S.SUBMITTED: S.COUNTY_APPROVED, S.COUNTY_APPROVED: S.CITY_APPROVED, S.CITY_APPROVED: S.PUBLICITY}


@dataclass(frozen=True)
class Move:
    to_status: str
    actor_kind: str


# (from_status, action) → (to_status, who). Anything not listed is illegal.
TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, "submit"): Move(S.SUBMITTED, ENTERPRISE),
    (S.RETURNED, "submit"): Move(S.SUBMITTED, ENTERPRISE),
    **{(status, "approve"): Move(NEXT_ON_APPROVE[status], stage) for status, stage in REVIEW_STAGE.items()},
    **{(status, "return"): Move(S.RETURNED, stage) for status, stage in REVIEW_STAGE.items()},
    **{(status, "reject"): Move(S.REJECTED, stage) for status, stage in REVIEW_STAGE.items()},
    (S.PUBLICITY, "publish"): Move(S.PUBLISHED, PROVINCE),
    (S.PUBLICITY, "reject"): Move(S.REJECTED, PROVINCE),
}
COMMENT_REQUIRED = frozenset({"return", "reject"})


def actor_kind(user: Any, application: Application) -> str | None:
    """Which role in this application's flow `user` plays (None: none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    enterprise = application.enterprise
    if user.role == Role.ENTERPRISE:
        return ENTERPRISE if user.enterprise_id == enterprise.pk else None
    if user.role == Role.PROVINCE_OFFICIAL:
        return PROVINCE
    if user.role == Role.CITY_OFFICIAL and user.region_id == enterprise.city_id:
        return CITY
    if user.role == Role.COUNTY_OFFICIAL and enterprise.county_id and user.region_id == enterprise.county_id:
        return COUNTY
    return None


def allowed_actions(*, application: Application, user: Any) -> list[str]:
    """Actions `user` may take on `application` now (for the buttons and the API)."""
    kind = actor_kind(user, application)
    acts = [a for (status, a), move in TRANSITIONS.items() if status == application.status and move.actor_kind == kind]
    # The county step falls to the city when the enterprise has no county recorded.
    if kind == CITY and application.status == S.SUBMITTED and application.enterprise.county_id is None:
        acts = ["approve", "return", "reject"]
    return acts


@transaction.atomic
def application_transition(
    *, application: Application, actor: Any, action: str, comment: str = "", override_reason: str = ""
) -> Application:
    """Move `application` by `action` if the table allows it for this actor; record the step.

    Approving an application whose own check-up says 不符合 needs an explicit override reason, which is
    recorded on the step (and shown in the history).
    """
    application = Application.objects.select_for_update().select_related("enterprise").get(pk=application.pk)
    move = TRANSITIONS.get((application.status, action))
    if move is None:
        raise DomainError(_("当前状态“%(status)s”下不能执行“%(action)s”。")
                          % {"status": application.get_status_display(), "action": ACTION_LABELS.get(action, action)})
    if action not in allowed_actions(application=application, user=actor):
        raise DomainError(_("您无权在此环节处理该申报。"))
    comment = (comment or "").strip()
    if action in COMMENT_REQUIRED and not comment:
        raise DomainError(_("退回或不予通过时必须填写意见。"))
    if action == "publish":
        _check_publishable(application)
    override_reason = (override_reason or "").strip()
    if action == "approve" and check_failed(application) and not override_reason:
        raise DomainError(_("该申报的政策评估结果为“不符合”，审核通过须填写不符合仍通过的理由（将记入办理记录）。"))
    if action != "approve" or not check_failed(application):
        override_reason = ""
    from_status = application.status
    application.status = move.to_status
    fields = ["status", "updated_at", *_side_effects(application, action)]
    application.save(update_fields=fields)
    ApplicationStep.objects.create(application=application, actor=actor, action=action, from_status=from_status,
                                   to_status=move.to_status, comment=comment, override_reason=override_reason,
                                   at=timezone.now())
    if action == "publish":
        from breakzero.cultivation.services import application_publish_effects

        application_publish_effects(application=application)
    from breakzero.cultivation.notices import application_moved

    application_moved(application)
    return application


# The rule in the application's evaluation snapshot that is its own check-up (lists have none).
PROGRAMME_CHECK = {"tier_innovative": "innovative_sme", "tier_srdi": "srdi_sme", "tier_little_giant": "little_giant"}


def check_failed(application: Application) -> bool:
    """True when the application's own check-up (its programme's rule in the snapshot) says 不符合."""
    rule = PROGRAMME_CHECK.get(application.programme)
    return any(r.get("rule") == rule and r.get("passed") is False for r in application.evaluation or [])


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Mon–Fri) after `start`, counting `start` as day 1 when a weekday."""
    current, counted = start, 0
    while True:
        if current.weekday() < 5:
            counted += 1
            if counted >= days:
                return current
        current += dt.timedelta(days=1)


def publicity_days() -> int:
    """Length of the 公示 period in working days (setting CULTIVATION_PUBLICITY_WORKING_DAYS, default 5)."""
    return int(getattr(settings, "CULTIVATION_PUBLICITY_WORKING_DAYS", 5))


def _side_effects(application: Application, action: str) -> list[str]:
    today = timezone.localdate()
    if action == "submit":
        application.submitted_at = timezone.now()
        return ["submitted_at"]
    if application.status == S.PUBLICITY:
        application.publicity_start = today
        application.publicity_end = add_working_days(today, publicity_days())
        return ["publicity_start", "publicity_end"]
    if action == "publish":
        application.published_on = today
        return ["published_on"]
    return []


def _check_publishable(application: Application) -> None:
    if application.publicity_end and timezone.localdate() <= application.publicity_end:
        raise DomainError(_("公示期至 %(end)s 结束，期满后方可发布。") % {"end": f"{application.publicity_end:%Y-%m-%d}"})
    objections = Objection.objects.filter(application=application)
    if objections.filter(status=Objection.Status.OPEN).exists():
        raise DomainError(_("尚有未处理的公示异议，处理完毕后方可发布。"))
    if objections.filter(status=Objection.Status.UPHELD).exists():
        raise DomainError(_("存在成立的公示异议，不能发布；请作“不予通过”处理。"))
