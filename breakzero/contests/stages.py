"""Contest stages on the calls engine (programme-rules-2.md §5.2, 2023 CONFIRMED): each stage of an edition is a call
of the engine's programme type `contest_stage`; an entry (an enterprise's or a 创客组 team's) is an application in it,
linked to the entry (`Entry.applications`).

- 初赛 (county/park): registration puts the entry under expert review in the preliminary's call; the county (or,
  for an entry without a county, its 市州) closes its entries' 初赛: the top N by the judges' mean go to the 复赛.
- 复赛 (市州): scored the same way; the 市州 closes it for its entries and its qualifiers enter the provincial review
  waiting for the 市州's recommendation.
- 市州 recommendation → provincial expert review: the 市州 recommends or refuses (with the reason) through the
  engine's move, recorded in its history; the recommended projects are scored by the province's panel.
- Selection of the final: the province closes the provincial review; per group, the edition's quota (2023: 20 企业组
  + 10 创客组) enters the final.
- Final: scored, closed by the province (the award list), then awards and the national recommendation
  (contests.services).

Panels are drawn by the province from the engine's pool (calls:panel) for each stage's call; a stage's entries
are ranked by the mean of the experts' totals (§5.2, CONFIRMED); a tie across the line is not broken here (§5.2:
a judges' vote decides).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from breakzero.accounts.access import governed_region
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
NEXT_STAGE = {Stage.PRELIMINARY: Stage.SEMI_FINAL, Stage.SEMI_FINAL: Stage.PROVINCIAL, Stage.PROVINCIAL: Stage.FINAL}
# The level whose officials run each stage (§5.2: county/park 初赛, 市州 复赛 and recommendation, provincial review
# and final by the province's secretariat) and the call's chain on the engine.
CHAIN = {Stage.PRELIMINARY: [Level.COUNTY], Stage.SEMI_FINAL: [Level.CITY], Stage.PROVINCIAL: [Level.CITY],
         Stage.FINAL: [Level.PROVINCE]}
DECIDED_BY = {Stage.PRELIMINARY: Level.COUNTY, Stage.SEMI_FINAL: Level.CITY, Stage.PROVINCIAL: Level.PROVINCE,
              Stage.FINAL: Level.PROVINCE}
CLOSERS = {Stage.PRELIMINARY: (Role.COUNTY_OFFICIAL, Role.CITY_OFFICIAL), Stage.SEMI_FINAL: (Role.CITY_OFFICIAL,),
           Stage.PROVINCIAL: (Role.PROVINCE_OFFICIAL,), Stage.FINAL: (Role.PROVINCE_OFFICIAL,)}
CLOSER_LABELS = {Stage.PRELIMINARY: "初赛结果由区县（园区）或市州承办单位确定", Stage.SEMI_FINAL: "复赛结果由市州承办单位确定",
                 Stage.PROVINCIAL: "决赛入围名单由省级主办单位确定", Stage.FINAL: "决赛结果由省级主办单位确定"}


@dataclass(frozen=True)
class ResultRow:
    """One entry's line in a stage's results (rank within its pool: its county's 初赛, its 市州's 复赛, its group's
    provincial review and final)."""

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
    """The stage's call on the engine (created once)."""
    existing = stage_get(contest=contest, stage=stage)
    if existing is not None:
        return existing
    programme, _created = Programme.objects.get_or_create(name=PROGRAMME_NAME, defaults={
        "owner_department": "省工信厅中小企业服务指导处", "level": Programme.ProgrammeLevel.PROVINCIAL,
        "grants": Programme.Grant.LISTING, "programme_type": PROGRAMME_TYPE, "review_chain": [Level.CITY],
        "has_expert_review": True, "scoring_template": SCORING,
        "description": "创客中国等大赛各阶段：初赛、复赛、市州推荐与省级评审、决赛（programme-rules-2.md §5.2）"})
    call = Call.objects.create(
        programme=programme, document_number=f"{contest.year}-{contest.kind}-{stage}",
        title=f"{contest.name}·{Stage(stage).label}", year=contest.year, opens_on=contest.registration_opens_on,
        enterprise_deadline=contest.registration_closes_on, rule_set="programme-rules-2.md §5.2",
        review_chain=CHAIN[Stage(stage)], has_expert_review=True, decided_by=DECIDED_BY[Stage(stage)], form_fields=FORM_FIELDS, scoring=SCORING,
        created_by=actor if getattr(actor, "pk", None) else None)
    return ContestStage.objects.create(contest=contest, stage=stage, call=call)


@transaction.atomic
def entry_enter_engine(*, entry: Entry, actor: Any) -> Application:
    """A registered entry (enterprise or team) enters its county's 初赛, under the judges' review."""
    stage_row = stage_open(contest=entry.contest, stage=Stage.PRELIMINARY, actor=actor)
    application = _application(stage_row, entry, actor=actor, action="submit", level=ENTERPRISE,
                               to_state=State.EXPERT_REVIEW, reason="报名参赛")
    entry.stage = Stage.PRELIMINARY
    entry.save(update_fields=["stage", "updated_at"])
    _assign_while_open(stage_row.call)
    return application


@transaction.atomic
def entry_recommend(*, entry: Entry, actor: Any, action: str, reason: str = "") -> Application:
    """The 市州's decision on a 复赛 qualifier: recommend (→ the provincial expert review) or refuse with the
    reason; made by the engine's move (it checks the city's region and records the step)."""
    if action not in ("recommend", "refuse"):
        raise DomainError("无效的操作")
    application = entry_application(entry=entry, stage=Stage.PROVINCIAL)
    if application is None:
        raise DomainError("该参赛项目未经复赛晋级，不在市州推荐环节")
    return application_decide(application=application, actor=actor, action=action, reason=reason)


def entry_application(*, entry: Entry, stage: str) -> Application | None:
    return entry.applications.select_related("call").filter(call__contest_stage__stage=stage).first()


@transaction.atomic
def stage_close(*, stage_row: ContestStage, actor: Any, advance_count: int | None = None) -> list[Application]:
    """§5.2: rank the entries of the actor's part of the stage by the experts' mean; the top `advance_count` advance
    (the provincial review: the edition's quota per group; the final: the award list), the rest are refused with
    their rank. A tie across the line is refused (§5.2: a judges' vote decides)."""
    # one close at a time per stage (two counties closing their 初赛 at once)
    stage_row = ContestStage.objects.select_for_update().select_related("contest", "call").get(pk=stage_row.pk)
    stage = Stage(stage_row.stage)
    if stage_row.closed_at is not None:
        raise DomainError("本阶段结果已确定")
    scope = _close_scope(stage, actor)
    if stage == Stage.PROVINCIAL:
        pending = Application.objects.filter(scope, call=stage_row.call, state=State.AT_CITY).count()
        if pending:
            raise DomainError(f"尚有 {pending} 个复赛晋级项目待市州推荐")
    waiting = list(Application.objects.filter(scope, call=stage_row.call, state=State.EXPERT_REVIEW,
                                              contest_entries__contest_id=stage_row.contest_id)
                   .order_by("-score", "pk"))
    if not waiting:
        raise DomainError("本阶段没有待评审的参赛项目")
    unscored = sum(1 for a in waiting if a.score is None)
    if unscored:
        raise DomainError(f"尚有 {unscored} 个参赛项目未完成专家评分（专家须提交评分表）")
    if stage == Stage.PROVINCIAL:
        selected = _close_by_group_quota(stage_row, waiting, actor=actor)
    else:
        selected = _close_pool(waiting, advance_count, actor=actor, label=stage.label)
    _advance(stage_row, selected, actor=actor)
    if not Application.objects.filter(call=stage_row.call, state__in=[State.EXPERT_REVIEW, State.AT_CITY]).exists():
        stage_row.closed_at = timezone.now()
    stage_row.advance_count = (stage_row.advance_count or 0) + len(selected)
    stage_row.save(update_fields=["advance_count", "closed_at", "updated_at"])
    return selected


def stage_results(*, entries: Any, contest: Contest, stage: str) -> list[ResultRow]:
    """The stage's results for the entries the reader sees: from the engine's sheets (rank within the entry's pool),
    or for a stage scored before it ran on the engine, the mean of the hand-entered judges' totals."""
    stage_row = stage_get(contest=contest, stage=stage)
    if stage_row is None:
        return _legacy_results(entries, stage)
    links = _links(stage_row)
    apps = {a.pk: a for a in Application.objects.filter(call=stage_row.call, pk__in=list(links))
            .exclude(state=State.AT_CITY).exclude(state=State.REFUSED, score__isnull=True)}
    by_entry = {links[pk]: a for pk, a in apps.items()}
    every = {e.pk: e for e in Entry.objects.filter(pk__in=list(by_entry)).only("pk", "group", "county_id", "city_id")}
    ranks = _pool_ranks(stage, {pk: (every[pk], a) for pk, a in by_entry.items()})
    rows = [ResultRow(entry, by_entry[entry.pk].score, by_entry[entry.pk].score_count, ranks.get(entry.pk),
                      by_entry[entry.pk].score_flagged, _OUTCOMES.get(by_entry[entry.pk].state,
                                                                      by_entry[entry.pk].get_state_display()), "专家评分表")
            for entry in entries.filter(contest=contest, pk__in=list(by_entry))]
    return sorted(rows, key=lambda r: (_pool_key(stage, r.entry), r.rank is None, r.rank or 0, r.entry.pk))


def recommendations(*, entries: Any, contest: Contest) -> list[tuple[Entry, Application | None, Transition | None]]:
    """Each visible 复赛 qualifier of the edition with its provincial-review application and the 市州's decision."""
    stage_row = stage_get(contest=contest, stage=Stage.PROVINCIAL)
    if stage_row is None:
        return []
    links = _links(stage_row)
    apps = {links[a.pk]: a for a in Application.objects.filter(call=stage_row.call, pk__in=list(links))}
    decisions = {t.application_id: t for t in Transition.objects.filter(
        application__in=list(apps.values()), level=Level.CITY, action__in=["recommend", "refuse"]).order_by("at", "pk")}
    rows = []
    for entry in entries.filter(contest=contest, pk__in=list(apps)):
        application = apps[entry.pk]
        rows.append((entry, application, decisions.get(application.pk)))
    return rows


def on_move(application: Application, actor: Any, step: Transition) -> None:
    """The engine's hook: a 市州 recommendation puts the entry into the provincial review and gives it to the panel
    already drawn (while no expert has submitted)."""
    if step.action != "recommend":
        return
    stage_row = ContestStage.objects.filter(call_id=application.call_id, stage=Stage.PROVINCIAL).first()
    if stage_row is None:
        return
    Entry.objects.filter(applications=application, stage=Stage.SEMI_FINAL).update(stage=Stage.PROVINCIAL,
                                                                                   updated_at=timezone.now())
    _assign_while_open(stage_row.call)


_OUTCOMES = {State.EXPERT_REVIEW: "待评审", State.SELECTED: "晋级", State.REFUSED: "未晋级"}


def _close_scope(stage: Stage, actor: Any) -> Q:
    """The applications of the stage the actor closes: a county's, a 市州's, or (the province) all."""
    role = getattr(actor, "role", None)
    if role not in CLOSERS[stage]:
        raise DomainError(CLOSER_LABELS[stage])
    if role == Role.PROVINCE_OFFICIAL:
        return Q()
    region = governed_region(actor)
    if region is None:
        raise DomainError(CLOSER_LABELS[stage])
    if not region.is_prefecture:
        return Q(county_id=region.code)
    # a 市州 runs the 初赛 only of its entries without a county (the engine skips the county for them)
    return Q(city_id=region.code, county__isnull=True) if stage == Stage.PRELIMINARY else Q(city_id=region.code)


def _close_pool(waiting: list[Application], advance_count: int | None, *, actor: Any, label: str) -> list[Application]:
    if advance_count is None or not 1 <= advance_count <= len(waiting):
        raise DomainError(f"晋级数量须在 1 至 {len(waiting)} 之间")
    if advance_count < len(waiting) and waiting[advance_count - 1].score == waiting[advance_count].score:
        raise DomainError(f"第 {advance_count} 名与第 {advance_count + 1} 名平均分相同（{waiting[advance_count].score}），"
                          "按大赛规则由评委投票决定，请调整晋级数量")
    selected = []
    for rank, application in enumerate(waiting, start=1):
        if rank <= advance_count:
            application_decide(application=application, actor=actor, action="select",
                               reason=f"{label}第 {rank} 名，平均分 {application.score}")
            selected.append(application)
        else:
            application_decide(application=application, actor=actor, action="refuse",
                               reason=f"未晋级：{label}第 {rank} 名，平均分 {application.score}")
    return selected


def _close_by_group_quota(stage_row: ContestStage, waiting: list[Application], *, actor: Any) -> list[Application]:
    """§5.2 (2023): the final takes the edition's quota per group (20 企业组 + 10 创客组), by the provincial review's
    mean within the group."""
    contest = stage_row.contest
    groups = dict(Entry.applications.through.objects.filter(application__in=waiting)
                  .values_list("application_id", "entry__group"))
    quotas = {Entry.Group.ENTERPRISE: contest.final_quota_enterprise, Entry.Group.MAKER: contest.final_quota_maker}
    selected = []
    for group, quota in quotas.items():
        pool = [a for a in waiting if groups.get(a.pk) == group]
        if not pool:
            continue
        if quota is None:
            raise DomainError(f"请先设置本届{Entry.Group(group).label}的决赛名额")
        label = f"{Stage.PROVINCIAL.label}（{Entry.Group(group).label}）"
        if quota == 0:
            _refuse_all(pool, actor=actor, label=label)
        else:
            selected += _close_pool(pool, min(quota, len(pool)), actor=actor, label=label)
    return selected


def _refuse_all(pool: list[Application], *, actor: Any, label: str) -> None:
    for rank, application in enumerate(pool, start=1):
        application_decide(application=application, actor=actor, action="refuse",
                           reason=f"未晋级：{label}第 {rank} 名，平均分 {application.score}（本组无决赛名额）")


def _application(stage_row: ContestStage, entry: Entry, *, actor: Any, action: str, level: str, to_state: str,
                 reason: str) -> Application:
    user = actor if getattr(actor, "pk", None) else None
    application = Application.objects.create(
        call=stage_row.call, enterprise_id=entry.enterprise_id, applicant_name=entry.entrant,
        county_id=entry.county_id, city_id=entry.city_id,
        form_data={"project": entry.project, "group": entry.get_group_display()}, created_by=user)
    step = record_move(application=application, actor=user, action=action, to_state=to_state, level=level,
                       reason=reason)
    application.state, application.submitted_at = to_state, step.at
    application.save(update_fields=["state", "submitted_at", "updated_at"])
    step.save()
    entry.applications.add(application)
    return application


def _advance(stage_row: ContestStage, selected: list[Application], *, actor: Any) -> None:
    nxt = NEXT_STAGE.get(Stage(stage_row.stage))
    if nxt is None or not selected:
        return
    next_row = stage_open(contest=stage_row.contest, stage=nxt, actor=actor)
    # The provincial review starts at the 市州's recommendation; the other stages at the judges' review.
    to_state = State.AT_CITY if nxt == Stage.PROVINCIAL else State.EXPERT_REVIEW
    links = _links(stage_row)
    for entry in Entry.objects.filter(pk__in=[links[a.pk] for a in selected]).select_related("contest"):
        _application(next_row, entry, actor=actor, action="select", level=DECIDED_BY[Stage(stage_row.stage)],
                     to_state=to_state, reason=f"{Stage(stage_row.stage).label}晋级")
        if nxt != Stage.PROVINCIAL:  # a qualifier is in the provincial review once its 市州 recommends it
            entry.stage = nxt
            entry.save(update_fields=["stage", "updated_at"])
    _assign_while_open(next_row.call)


def _assign_while_open(call: Call) -> None:
    """Entries reaching a stage whose panel is drawn go to its experts while no sheet has been submitted."""
    members = PanelMember.objects.filter(call=call)
    if members.exists() and not members.filter(submitted_at__isnull=False).exists():
        panel_assign(call=call)


def _links(stage_row: ContestStage) -> dict[int, int]:
    """application id → entry id for the stage's call."""
    return dict(Entry.applications.through.objects.filter(application__call_id=stage_row.call_id)
                .values_list("application_id", "entry_id"))


def _pool_key(stage: Stage, entry: Entry) -> str:
    """The pool an entry is ranked in: its county's 初赛 (its 市州's when it has no county), its 市州's 复赛, its
    group's provincial review and final."""
    if stage == Stage.PRELIMINARY:
        return entry.county_id or entry.city_id
    if stage == Stage.SEMI_FINAL:
        return entry.city_id
    return entry.group


def _pool_ranks(stage: Stage, rows: dict[int, tuple[Entry, Application]]) -> dict[int, int]:
    pools: dict[str, list[tuple[int, Decimal]]] = {}
    for pk, (entry, application) in rows.items():
        if application.score is not None:
            pools.setdefault(_pool_key(stage, entry), []).append((pk, application.score))
    ranks: dict[int, int] = {}
    for members in pools.values():
        by_score = _ranks([score for _pk, score in members])
        ranks.update({pk: by_score[score] for pk, score in members})
    return ranks


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
