"""The application state machine: the moves each level may make, and the one service that makes them.

Chain per call (`Call.review_chain`, copied from the programme): e.g. county → city → province;
a programme may skip the county, and an enterprise without a county goes straight to the city.
After the province: expert review when the call has one, then 拟入选, 公示 and publication
(list-level moves in `calls.services.publicity`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from breakzero.accounts.models import Role
from breakzero.calls.models import LEVEL_STATE, STATE_LEVEL, Application, Call, CallQuota, Level, State, Transition
from breakzero.calls.registry import programme_type_of
from breakzero.core.errors import DomainError

ENTERPRISE = "enterprise"
ACTION_LABELS = {
    "submit": gettext_lazy("提交申报"), "recommend": gettext_lazy("推荐"), "return": gettext_lazy("退回修改"),
    "refuse": gettext_lazy("不予推荐"), "withdraw": gettext_lazy("撤回申报"), "select": gettext_lazy("拟入选"),
    "publicity": gettext_lazy("进入公示"), "publish": gettext_lazy("发布"), "invite": gettext_lazy("邀请申报"),
}
REASON_REQUIRED = frozenset({"return", "refuse"})
SUBMITTABLE = (State.DRAFT, State.RETURNED)
WITHDRAWABLE = (State.DRAFT, State.RETURNED, State.AT_COUNTY, State.AT_CITY, State.AT_PROVINCE)
ROLE_LEVEL = {Role.COUNTY_OFFICIAL: Level.COUNTY, Role.CITY_OFFICIAL: Level.CITY, Role.PROVINCE_OFFICIAL: Level.PROVINCE}


@dataclass(frozen=True)
class Outcome:
    to_state: str
    level: str


def chain_for(application: Application) -> list[str]:
    """The call's levels that apply to this enterprise (no county recorded → the county is skipped)."""
    chain = [lvl for lvl in application.call.review_chain if lvl in Level.values]
    if application.county_id is None:
        chain = [lvl for lvl in chain if lvl != Level.COUNTY]
    return chain or [Level.PROVINCE]


def level_of(user: Any, application: Application) -> str | None:
    """The level at which `user` acts on `application` (None: not a reviewer of it)."""
    if not getattr(user, "is_authenticated", False):
        return None
    level = ROLE_LEVEL.get(user.role)
    if level == Level.PROVINCE:
        return level
    if level == Level.CITY and user.region_id == application.city_id:
        return level
    if level == Level.COUNTY and application.county_id and user.region_id == application.county_id:
        return level
    return None


def expert_decider(application: Application) -> str:
    """The level that decides after the experts: the call's (the province by default); a county decision falls to
    the city for an applicant without a county, as the chain skips the county for it."""
    decider = application.call.decided_by or Level.PROVINCE
    if decider == Level.COUNTY and application.county_id is None:
        return Level.CITY
    return decider


def allowed_actions(*, application: Application, user: Any) -> list[str]:
    """The moves `user` may make on `application` now (buttons, API, and the check in `application_move`)."""
    state = application.state
    if (getattr(user, "role", None) == Role.ENTERPRISE and application.enterprise_id
            and user.enterprise_id == application.enterprise_id):
        acts = ["submit"] if state in SUBMITTABLE else []
        return acts + (["withdraw"] if state in WITHDRAWABLE else [])
    level = level_of(user, application)
    if level is None:
        return []
    if STATE_LEVEL.get(state) == level:
        return ["recommend", "return", "refuse"]
    if state == State.EXPERT_REVIEW and level == expert_decider(application):
        return ["select", "refuse"]
    return []


def next_state(application: Application, action: str) -> Outcome:
    """Where `action` takes `application` (DomainError when the move does not exist)."""
    chain, state = chain_for(application), application.state
    level = STATE_LEVEL.get(state, "")
    if action == "submit" and state in SUBMITTABLE:
        return Outcome(LEVEL_STATE[chain[0]], ENTERPRISE)
    if action == "withdraw" and state in WITHDRAWABLE:
        return Outcome(State.WITHDRAWN, ENTERPRISE)
    if action == "recommend" and level:
        later = chain[chain.index(level) + 1:] if level in chain else []
        if later:
            return Outcome(LEVEL_STATE[later[0]], level)
        return Outcome(State.EXPERT_REVIEW if application.call.has_expert_review else State.SELECTED, level)
    if action == "return" and level:
        return Outcome(State.RETURNED, level)
    if action == "refuse" and (level or state == State.EXPERT_REVIEW):
        return Outcome(State.REFUSED, level or expert_decider(application))
    if action == "select" and state == State.EXPERT_REVIEW:
        return Outcome(State.SELECTED, expert_decider(application))
    raise DomainError(_("当前状态“%(state)s”下不能执行“%(action)s”。")
                      % {"state": application.get_state_display(), "action": ACTION_LABELS.get(action, action)})


@transaction.atomic
def application_move(
    *, application: Application, actor: Any, action: str, reason: str = "", rank: int | None = None,
) -> Application:
    """Make one move if the actor may, within deadline and quota; record it with the check-up result.

    Recommending an application whose stored check-up failed needs a reason (the decision is
    taken beside the platform's result and stays on record as against it).
    """
    # of=("self",): the enterprise is a nullable join (a team has none), which PostgreSQL cannot lock
    application = (Application.objects.select_for_update(of=("self",))
                   .select_related("call", "call__programme", "enterprise").get(pk=application.pk))
    outcome = next_state(application, action)
    if action not in allowed_actions(application=application, user=actor):
        raise DomainError(_("您无权在此环节处理该申报。"))
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise DomainError(_("退回或不予推荐时必须填写理由。"))
    against = action in {"recommend", "select"} and application.eligibility_passed is False
    if against and not reason:
        raise DomainError(_("该企业未通过平台条件核验，推荐须填写理由。"))
    _check_deadline(application.call, action, outcome.level)
    if action == "recommend":
        _check_quota(application, outcome.level)
    return _record(application, actor=actor, action=action, outcome=outcome, reason=reason, rank=rank,
                   against=against)


def record_move(*, application: Application, actor: Any, action: str, to_state: str, level: str = "",
                reason: str = "") -> Transition:
    """List-level moves (公示, publication) record each application's step through here."""
    step = Transition(application=application, actor=actor, action=action, level=level,
                      from_state=application.state, to_state=to_state, reason=reason,
                      eligibility_passed=application.eligibility_passed, at=timezone.now())
    return step


def _record(application: Application, *, actor: Any, action: str, outcome: Outcome, reason: str, rank: int | None,
            against: bool) -> Application:
    step = Transition(application=application, actor=actor, action=action, level=outcome.level,
                      from_state=application.state, to_state=outcome.to_state, reason=reason, rank=rank,
                      eligibility_passed=application.eligibility_passed, against_eligibility=against,
                      at=timezone.now())
    application.state = outcome.to_state
    application.level_rank = None
    fields = ["state", "level_rank", "updated_at"]
    if action == "submit":
        application.submitted_at = step.at
        fields.append("submitted_at")
    application.save(update_fields=fields)
    step.save()
    kind = programme_type_of(application)
    if kind is not None and kind.on_move is not None:
        kind.on_move(application, actor, step)  # e.g. funds: the city 工信 decision kept beside 财政's opinion
    from breakzero.calls.notices import application_moved

    application_moved(application)
    return application


def _check_deadline(call: Call, action: str, level: str) -> None:
    today = timezone.localdate()
    if action == "submit":
        if today < call.opens_on or today > call.enterprise_deadline:
            raise DomainError(_("不在申报期内（%(start)s 至 %(end)s）。")
                              % {"start": f"{call.opens_on:%Y-%m-%d}", "end": f"{call.enterprise_deadline:%Y-%m-%d}"})
        return
    deadline = call.deadline_for(level)
    if action == "recommend" and deadline and today > deadline:
        raise DomainError(_("本级推荐已于 %(day)s 截止。") % {"day": f"{deadline:%Y-%m-%d}"})


def _check_quota(application: Application, level: str) -> None:
    """A county or city recommends at most its quota in a call (no quota row: no limit)."""
    region_id = {Level.COUNTY: application.county_id, Level.CITY: application.city_id}.get(level)
    if region_id is None:
        return
    quota = CallQuota.objects.filter(call_id=application.call_id, region_id=region_id).values_list("quota", flat=True).first()
    if quota is None:
        return
    used = quota_used(call_id=application.call_id, level=level, region_id=region_id)
    if used >= quota:
        raise DomainError(_("本地区推荐名额（%(quota)s 个）已用完。") % {"quota": quota})


def quota_used(*, call_id: int, level: str, region_id: str) -> int:
    """Applications this region recommended at `level` that are still in the running or done."""
    region = Q(application__county_id=region_id) if level == Level.COUNTY else Q(application__city_id=region_id)
    return (Transition.objects.filter(region, application__call_id=call_id, action="recommend", level=level)
            .exclude(application__state__in=[State.RETURNED, State.WITHDRAWN])
            .values("application_id").distinct().count())
