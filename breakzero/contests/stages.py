"""Contest stages on the calls engine (programme-rules-2.md §5.2): each stage of an edition is a call of the engine's
programme type `contest_stage`; an enterprise entry is an application in it.

- Registration puts the entry in the preliminary's call at 待市州推荐; its 市州 recommends or refuses (with the
  reason) through the engine's move, recorded in the engine's history (§5.2: the province reviews the
  市州-recommended projects).
- Recommended entries wait in 专家评审: the province draws the panel from the engine's expert pool
  (calls:panel), each expert scores the entries assigned to them on the engine's one sheet and submits once.
- The province closes a stage: entries are ranked by the mean of the experts' totals (§5.2, CONFIRMED); the top N
  are selected and enter the next stage's call, the others are refused with their rank as the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakzero.accounts.models import Role
from breakzero.calls.models import Application, Call, Level, PanelMember, Programme, State, Transition
from breakzero.calls.scoring import MEAN, aggregate
from breakzero.calls.services import application_decide
from breakzero.calls.services.panels import panel_assign
from breakzero.calls.workflow import ENTERPRISE, record_move
from breakzero.contests.models import STAGE_ORDER, Contest, ContestStage, Entry, JudgeScore, Stage
from breakzero.core.errors import DomainError

PROGRAMME_TYPE = "contest_stage"
PROGRAMME_NAME = "创新创业大赛评审"
# §5.2: the 评分表's criteria and weights are not known (GAP): one criterion, the judge's total out of 100;
# the entry's score is the judges' mean (county roadshow notice, 2025: CONFIRMED).
SCORING = {"criteria": [{"key": "total", "label": "评委总分", "max": 100}], "aggregation": MEAN}
FORM_FIELDS = [{"key": "project", "label": "参赛项目", "kind": "text", "required": True, "prefill": "", "choices": [],
                "fact": ""},
               {"key": "group", "label": "组别", "kind": "text", "required": True, "prefill": "", "choices": [],
                "fact": ""}]
NEXT_STAGE = {Stage.PRELIMINARY: Stage.SEMI_FINAL, Stage.SEMI_FINAL: Stage.FINAL}


@dataclass(frozen=True)
class ResultRow:
    """One entry's line in a stage's results."""

    entry: Entry
    score: Decimal | None
    score_count: int
    rank: int | None
    is_flagged: bool
    outcome: str  # 待评审 / 晋级 / 未晋级 / 历史评分 …
    source: str


def stage_get(*, contest: Contest, stage: str) -> ContestStage | None:
    return ContestStage.objects.select_related("call", "contest").filter(contest=contest, stage=stage).first()


@transaction.atomic
def stage_open(*, contest: Contest, stage: str, actor: Any) -> ContestStage:
    """The stage's call on the engine (created once): the preliminary's chain is the 市州's recommendation."""
    existing = stage_get(contest=contest, stage=stage)
    if existing is not None:
        return existing
    programme, _created = Programme.objects.get_or_create(name=PROGRAMME_NAME, defaults={
        "owner_department": "省工信厅中小企业服务指导处", "level": Programme.ProgrammeLevel.PROVINCIAL,
        "grants": Programme.Grant.LISTING, "programme_type": PROGRAMME_TYPE, "review_chain": [Level.CITY],
        "has_expert_review": True, "scoring_template": SCORING,
        "description": "创客中国等大赛各阶段：市州推荐、专家评分表、晋级（programme-rules-2.md §5.2）"})
    call = Call.objects.create(
        programme=programme, document_number=f"{contest.year}-{contest.kind}-{stage}",
        title=f"{contest.name}·{Stage(stage).label}", year=contest.year, opens_on=contest.registration_opens_on,
        enterprise_deadline=contest.registration_closes_on, rule_set="programme-rules-2.md §5.2",
        review_chain=[Level.CITY] if stage == Stage.PRELIMINARY else [Level.PROVINCE], has_expert_review=True,
        form_fields=FORM_FIELDS, scoring=SCORING, created_by=actor if getattr(actor, "pk", None) else None)
    return ContestStage.objects.create(contest=contest, stage=stage, call=call)


@transaction.atomic
def entry_enter_engine(*, entry: Entry, actor: Any) -> Application:
    """A registered enterprise entry waits for its 市州's recommendation in the preliminary's call."""
    stage_row = stage_open(contest=entry.contest, stage=Stage.PRELIMINARY, actor=actor)
    return _application(stage_row, entry, actor=actor, action="submit", level=ENTERPRISE, to_state=State.AT_CITY,
                        reason="报名参赛")


@transaction.atomic
def entry_recommend(*, entry: Entry, actor: Any, action: str, reason: str = "") -> Application:
    """The 市州's decision on a registered entry: recommend (→ expert review of the preliminary) or refuse with the
    reason; made by the engine's move (it checks the city's region and records the step)."""
    if action not in ("recommend", "refuse"):
        raise DomainError("无效的操作")
    application = entry_application(entry=entry, stage=Stage.PRELIMINARY)
    if application is None:
        raise DomainError("该参赛项目不在市州推荐环节（创客组团队不经平台推荐）")
    return application_decide(application=application, actor=actor, action=action, reason=reason)


def entry_application(*, entry: Entry, stage: str) -> Application | None:
    if not entry.enterprise_id:
        return None
    return (Application.objects.select_related("call").filter(
        call__contest_stage__contest_id=entry.contest_id, call__contest_stage__stage=stage,
        enterprise_id=entry.enterprise_id).first())


@transaction.atomic
def stage_close(*, stage_row: ContestStage, actor: Any, advance_count: int) -> list[Application]:
    """§5.2: rank the stage's entries by the experts' mean; the top `advance_count` advance (at the final: enter the
    award list), the rest are refused with their rank. A tie across the line is not broken here (§5.2: a judges'
    vote decides), so the count must not split it."""
    if getattr(actor, "role", None) != Role.PROVINCE_OFFICIAL:
        raise DomainError("晋级名单由省级主办单位确定")
    if stage_row.closed_at is not None:
        raise DomainError("本阶段结果已确定")
    # Only the edition's registered entries (an application filed on the engine's call page has no entry).
    entrants = Entry.objects.filter(contest_id=stage_row.contest_id).values("enterprise_id")
    waiting = list(Application.objects.filter(call=stage_row.call, state=State.EXPERT_REVIEW, enterprise_id__in=entrants)
                   .order_by("-score", "pk"))
    if not waiting:
        raise DomainError("本阶段没有待评审的参赛项目")
    unscored = sum(1 for a in waiting if a.score is None)
    if unscored:
        raise DomainError(f"尚有 {unscored} 个参赛项目未完成专家评分（专家须提交评分表）")
    if not 1 <= advance_count <= len(waiting):
        raise DomainError(f"晋级数量须在 1 至 {len(waiting)} 之间")
    if advance_count < len(waiting) and waiting[advance_count - 1].score == waiting[advance_count].score:
        raise DomainError(f"第 {advance_count} 名与第 {advance_count + 1} 名平均分相同（{waiting[advance_count].score}），"
                          "按大赛规则由评委投票决定，请调整晋级数量")
    label = Stage(stage_row.stage).label
    selected = []
    for rank, application in enumerate(waiting, start=1):
        if rank <= advance_count:
            application_decide(application=application, actor=actor, action="select",
                               reason=f"{label}第 {rank} 名，平均分 {application.score}")
            selected.append(application)
        else:
            application_decide(application=application, actor=actor, action="refuse",
                               reason=f"未晋级：{label}第 {rank} 名，平均分 {application.score}")
    _advance(stage_row, selected, actor=actor)
    stage_row.advance_count, stage_row.closed_at = advance_count, timezone.now()
    stage_row.save(update_fields=["advance_count", "closed_at", "updated_at"])
    return selected


def stage_results(*, entries: Any, contest: Contest, stage: str) -> list[ResultRow]:
    """The stage's results for the entries the reader sees: from the engine's sheets (rank among all the stage's
    entries), or for a stage scored before it ran on the engine, the mean of the hand-entered judges' totals."""
    stage_row = stage_get(contest=contest, stage=stage)
    if stage_row is None:
        return _legacy_results(entries, stage)
    apps = list(Application.objects.filter(call=stage_row.call).exclude(state=State.AT_CITY)
                .exclude(state=State.REFUSED, score__isnull=True))
    ranks = _ranks([a.score for a in apps if a.score is not None])
    by_enterprise = {a.enterprise_id: a for a in apps}
    rows = []
    for entry in entries.filter(contest=contest, enterprise_id__in=list(by_enterprise)):
        a = by_enterprise[entry.enterprise_id]
        rows.append(ResultRow(entry, a.score, a.score_count, ranks.get(a.score), a.score_flagged,
                              _OUTCOMES.get(a.state, a.get_state_display()), "专家评分表"))
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.entry.pk))


def recommendations(*, entries: Any, contest: Contest) -> list[tuple[Entry, Application | None, Transition | None]]:
    """Each visible enterprise entry of the edition with its preliminary application and the 市州's decision."""
    stage_row = stage_get(contest=contest, stage=Stage.PRELIMINARY)
    apps = ({a.enterprise_id: a for a in Application.objects.filter(call=stage_row.call)} if stage_row else {})
    decisions = {t.application_id: t for t in Transition.objects.filter(
        application__in=list(apps.values()), level=Level.CITY, action__in=["recommend", "refuse"]).order_by("at", "pk")}
    rows = []
    for entry in entries.filter(contest=contest, enterprise__isnull=False):
        application = apps.get(entry.enterprise_id)
        rows.append((entry, application, decisions.get(application.pk) if application else None))
    return rows


def on_move(application: Application, actor: Any, step: Transition) -> None:
    """The engine's hook: a 市州 recommendation puts the entry into the preliminary and gives it to the panel
    already drawn (while no expert has submitted)."""
    if step.action != "recommend":
        return
    stage_row = ContestStage.objects.filter(call_id=application.call_id, stage=Stage.PRELIMINARY).first()
    if stage_row is None:
        return
    Entry.objects.filter(contest_id=stage_row.contest_id, enterprise_id=application.enterprise_id,
                         stage=Stage.REGISTERED).update(stage=Stage.PRELIMINARY, updated_at=timezone.now())
    members = PanelMember.objects.filter(call_id=application.call_id)
    if members.exists() and not members.filter(submitted_at__isnull=False).exists():
        panel_assign(call=stage_row.call)


_OUTCOMES = {State.EXPERT_REVIEW: "待评审", State.SELECTED: "晋级", State.REFUSED: "未晋级"}


def _application(stage_row: ContestStage, entry: Entry, *, actor: Any, action: str, level: str, to_state: str,
                 reason: str) -> Application:
    user = actor if getattr(actor, "pk", None) else None
    application = Application.objects.create(
        call=stage_row.call, enterprise_id=entry.enterprise_id, county_id=entry.county_id, city_id=entry.city_id,
        form_data={"project": entry.project, "group": entry.get_group_display()}, created_by=user)
    step = record_move(application=application, actor=user, action=action, to_state=to_state, level=level,
                       reason=reason)
    application.state, application.submitted_at = to_state, step.at
    application.save(update_fields=["state", "submitted_at", "updated_at"])
    step.save()
    return application


def _advance(stage_row: ContestStage, selected: list[Application], *, actor: Any) -> None:
    nxt = NEXT_STAGE.get(Stage(stage_row.stage))
    if nxt is None:
        return
    next_row = stage_open(contest=stage_row.contest, stage=nxt, actor=actor)
    entries = {e.enterprise_id: e for e in Entry.objects.filter(
        contest_id=stage_row.contest_id, enterprise_id__in=[a.enterprise_id for a in selected])}
    for application in selected:
        entry = entries[application.enterprise_id]
        _application(next_row, entry, actor=actor, action="select", level=Level.PROVINCE,
                     to_state=State.EXPERT_REVIEW, reason=f"{Stage(stage_row.stage).label}晋级")
        entry.stage = nxt
        entry.save(update_fields=["stage", "updated_at"])


def _ranks(scores: list[Decimal]) -> dict[Decimal, int]:
    """Competition ranking (equal means share a rank: 1, 2, 2, 4)."""
    ranks: dict[Decimal, int] = {}
    for position, score in enumerate(sorted(scores, reverse=True), start=1):
        ranks.setdefault(score, position)
    return ranks


def _legacy_results(entries: Any, stage: str) -> list[ResultRow]:
    totals: dict[int, list[Decimal]] = {}
    for score in JudgeScore.objects.filter(entry__in=entries, stage=stage).order_by("entry_id", "pk"):
        totals.setdefault(score.entry_id, []).append(score.total)
    if not totals:
        return []
    means = {pk: aggregate(values, SCORING).score for pk, values in totals.items()}
    ranks = _ranks(list(means.values()))
    rows = [ResultRow(e, means[e.pk], len(totals[e.pk]), ranks[means[e.pk]], False,
                      "已晋级" if STAGE_ORDER.index(Stage(stage)) < _position(e) else "—", "历史评委评分")
            for e in entries.filter(pk__in=list(totals))]
    return sorted(rows, key=lambda r: (r.rank, r.entry.pk))


def _position(entry: Entry) -> int:
    return -1 if entry.stage == Stage.REGISTERED else STAGE_ORDER.index(Stage(entry.stage))
