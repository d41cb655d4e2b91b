"""Contest xlsx import: registrations of an edition (kind "contest_entries"), row by row with the same checks as
the registration form (programme-rules-2.md §5.2): the edition must exist and the date fall in its window; a 企业组
entry names its enterprise by USCC within the importer's region, a 创客组 entry its team, leader and county; an
entrant that already won a provincial-or-higher innovation contest is refused (rules.contests)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from breakzero.contests.models import Contest, Entry
from breakzero.contests.services import registration_check
from breakzero.contests.stages import entry_enter_engine
from breakzero.core.imports import NOT_FOUND_IN_SCOPE, OUTSIDE_SCOPE, ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.record_imports import choice, parsed
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_date, parse_int
from breakzero.rules.results import blocking_items
from breakzero.rules.uscc import normalize_uscc

_YES_NO = {"是": True, "否": False}
PRIOR_LEVELS = {"县级": "county", "市级": "city", "省级": "provincial", "国家级": "national",
           "county": "county", "city": "city", "provincial": "provincial", "national": "national"}
COLUMNS = (
    Column("year", "年度"),
    Column("contest_kind", "赛事", required=False, help="创客中国 / 新型信息消费大赛 / 人工智能创新大赛（空白为创客中国）"),
    Column("group", "组别", help="企业组 / 创客组"),
    Column("uscc", "统一社会信用代码", required=False, help="企业组必填"),
    Column("team_name", "团队名称", required=False, help="创客组必填"),
    Column("team_leader", "团队负责人", required=False, help="创客组必填"),
    Column("team_members", "团队成员", required=False, help="创客组：成员姓名，用、分隔"),
    Column("region", "所在区县代码", required=False, help="创客组必填（6 位区县代码）；企业组取企业所在区县"),
    Column("project", "参赛项目"),
    Column("registered_on", "报名日期"),
    Column("is_registered_online", "已在大赛管理系统在线报名", required=False, help="是 / 否"),
    Column("prior_awards", "以往获奖", required=False, help="赛事名称,级别(县级/市级/省级/国家级),年度；多项用；分隔"),
)


class ContestEntryImporter:
    kind = "contest_entries"
    title = "创新创业大赛报名"
    scoped_by = "企业组：企业所在区县；创客组：所填区县"
    columns = COLUMNS
    example_rows = (("2023", "创客中国", "企业组", "91430100MA4L0000XX", "", "", "", "", "高精度减速器", "2023-04-10", "是", ""),
                    ("2023", "创客中国", "创客组", "", "星火团队", "王某", "李某、张某", "430104", "智能巡检机器人", "2023-04-12", "是", ""))

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_official", False))

    def run(self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
        from breakzero.enterprises.models import Enterprise
        from breakzero.regions.models import Region

        labels = {c.key: c.header for c in COLUMNS}
        counties = {r.code: r for r in Region.objects.filter(level=Region.Level.COUNTY)}
        enterprises = Enterprise.objects.filter(**(scope.enterprise_filter() or {})).select_related("county", "city")
        outcome, good, seen = ImportOutcome(), [], set()
        for row, values in sheet:
            outcome.total_rows += 1
            errors: list[RowError] = []

            def bad(key: str, reason: str, row: int = row, values: dict = values, errors: list = errors) -> None:
                errors.append(RowError(row, labels.get(key, ""), cell_text(values.get(key)), reason))

            entry = self._entry(values, bad, scope=scope, counties=counties, enterprises=enterprises)
            key = entry and (entry.contest_id, entry.enterprise_id, "" if entry.enterprise_id else entry.team_name,
                             "" if entry.enterprise_id else entry.project)
            if entry is not None and key in seen:
                bad("project", "与前面的行重复")
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
                continue
            seen.add(key)
            current = self._current(entry)
            if current is None:
                outcome.counts.created += 1
                good.append(entry)
                continue
            fields = ("project", "registered_on", "team_leader", "team_members", "is_registered_online", "prior_awards")
            changed = [f for f in fields if getattr(entry, f) not in (None, "", []) and getattr(current, f) != getattr(entry, f)]
            if not changed:
                outcome.counts.unchanged += 1
                continue
            outcome.counts.updated += 1
            for f in changed:
                setattr(current, f, getattr(entry, f))
            good.append(current)
        writes = apply and (not outcome.rejected or skip_invalid)
        with transaction.atomic():
            for entry in good if writes else ():
                is_new = entry.pk is None
                entry.save()
                if is_new:  # an enterprise's or a team's entry enters its county's 初赛 (contests.stages)
                    entry_enter_engine(entry=entry, actor=getattr(scope, "user", None))
        outcome.applied = writes
        outcome.rejected.sort(key=lambda r: r.row)
        progress(outcome.total_rows)
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        """Figures are recomputed by the nightly summary refresh; nothing to enqueue."""

    def _entry(self, values: dict[str, Any], bad: Any, *, scope: WriteScope, counties: dict, enterprises: Any) -> Entry | None:
        year = parsed(values, "year", parse_int, bad)
        kind = choice(values, "contest_kind", Contest.Kind.choices, bad, required=False) or Contest.Kind.MAKER_CHINA
        group = choice(values, "group", Entry.Group.choices, bad)
        project = cell_text(values.get("project"))[:200]
        registered_on = parsed(values, "registered_on", parse_date, bad)
        online_text = cell_text(values.get("is_registered_online"))
        if online_text and online_text not in _YES_NO:
            bad("is_registered_online", "应为：是 / 否")
        awards = _awards(cell_text(values.get("prior_awards")), bad)
        if not project:
            bad("project", "请填写")
        contest = Contest.objects.filter(kind=kind, year=year).first() if year else None
        if year and contest is None:
            bad("year", "未找到该年度的该赛事（请先由省级发布赛事）")
        enterprise = county = None
        team_name, leader = cell_text(values.get("team_name"))[:200], cell_text(values.get("team_leader"))[:50]
        members = cell_text(values.get("team_members"))[:500]
        if group == Entry.Group.ENTERPRISE:
            enterprise = enterprises.filter(uscc=normalize_uscc(cell_text(values.get("uscc")))).first()
            if enterprise is None:
                bad("uscc", NOT_FOUND_IN_SCOPE)
            else:
                county = enterprise.county
        elif group == Entry.Group.MAKER:
            for key, text in (("team_name", team_name), ("team_leader", leader)):
                if not text:
                    bad(key, "创客组请填写")
            county = counties.get(cell_text(values.get("region")))
            if county is None:
                bad("region", "创客组请填写所在区县的 6 位代码")
            elif not scope.allows(county.code, county.city_code):
                bad("region", OUTSIDE_SCOPE)
                county = None
        if contest is None or county is None or registered_on is None or not group:
            return None
        if not (contest.registration_opens_on <= registered_on <= contest.registration_closes_on):
            bad("registered_on", f"报名日期须在 {contest.registration_opens_on} 至 {contest.registration_closes_on} 之间")
        evaluation = registration_check(contest=contest, group=group, enterprise=enterprise, team_leader=leader,
                                        is_registered_online=_YES_NO.get(online_text), prior_awards=awards)
        if evaluation.passed is False:
            bad("prior_awards", "不符合报名条件：" + "；".join(i.reason_zh for i in blocking_items(evaluation)))
        return Entry(contest=contest, group=group, enterprise=enterprise, team_name=team_name, team_leader=leader,
                     team_members=members if group == Entry.Group.MAKER else "", project=project, county=county, city_id=county.city_code, registered_on=registered_on,
                     is_registered_online=_YES_NO.get(online_text), prior_awards=awards)

    @staticmethod
    def _current(entry: Entry) -> Entry | None:
        if entry.enterprise_id:
            return Entry.objects.filter(contest=entry.contest, enterprise=entry.enterprise).first()
        return Entry.objects.filter(contest=entry.contest, enterprise__isnull=True, team_name=entry.team_name,
                                    project=entry.project).first()


def _awards(text: str, bad: Any) -> list[dict]:
    awards = []
    for part in filter(None, (p.strip() for p in text.replace(";", "；").split("；"))):
        pieces = [p.strip() for p in part.replace("，", ",").split(",")]
        if len(pieces) != 3 or pieces[1] not in PRIOR_LEVELS or not pieces[2].isdigit():
            bad("prior_awards", "以往获奖格式：赛事名称,级别(县级/市级/省级/国家级),年度")
            return []
        awards.append({"contest_name": pieces[0], "level": PRIOR_LEVELS[pieces[1]], "year": int(pieces[2])})
    return awards
