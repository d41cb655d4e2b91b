"""Contest stages on the calls engine (§5.2, 2023): county 初赛 → 市州 复赛 → 市州 recommendation → provincial expert
review → the final by the edition's quota per group; 创客组 teams on the engine like enterprises; experts from the
engine's pool scoring their assigned entries on one sheet; results (rank within the pool, mean, who advances); who
sees and who decides what."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from breakzero.accounts.models import Role
from breakzero.calls import selectors, services as engine
from breakzero.calls.models import Application, Assignment, Expert, PanelMember, State, Transition
from breakzero.contests import services, stages
from breakzero.contests.models import Contest, ContestStage, Entry, JudgeScore
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.regions.models import Region
from conftest import make_user

pytestmark = pytest.mark.django_db


def _contest(year=2023, **quotas):
    return Contest.objects.create(kind="maker_china", year=year, name=f"{year}年创客中国湖南省大赛",
                                  registration_opens_on=dt.date(year, 4, 1), registration_closes_on=dt.date(year, 5, 31),
                                  **quotas)


def _register(actor, contest, county="430104", project="高精度减速器"):
    firm = EnterpriseFactory(county_id=county)
    return services.entry_register(actor=actor, contest=contest, values={
        "group": "enterprise", "enterprise": firm, "project": project, "registered_on": dt.date(2023, 4, 10),
        "is_registered_online": True, "prior_awards": []})


def _team(actor, contest, county="430104", name="星火团队", project="智能巡检"):
    return services.entry_register(actor=actor, contest=contest, values={
        "group": "maker", "team_name": name, "team_leader": "王小明", "team_members": "李四、张三",
        "county": Region.objects.get(code=county), "project": project, "registered_on": dt.date(2023, 4, 12),
        "is_registered_online": True, "prior_awards": []})


def _expert(username, name, conflicts=()):
    return engine.expert_create(user=make_user(username, Role.EXPERT), name=name, fields=["智能制造"],
                                employer="中南大学", declared_conflict_ids=[e.pk for e in conflicts])


def _score(expert, contest, totals, stage="preliminary"):
    """The expert fills the one sheet of the stage: {entry: total}, then submits once."""
    member = PanelMember.objects.get(expert=expert, call__contest_stage__contest=contest, call__contest_stage__stage=stage)
    by_application = {a.application_id: a.pk for a in member.assignments.all()}
    sheet = {by_application[stages.entry_application(entry=entry, stage=stage).pk]: {"total": str(total)}
             for entry, total in totals.items()}
    return engine.score_sheet_submit(member=member, actor=expert.user, scores=sheet)


def _judged(contest, stage, province_official, totals_a, totals_b):
    """Two experts drawn for the stage score the entries: {entry: total} each."""
    Expert.objects.update(is_active=False)  # the stage's panel: the two experts made here
    a = _expert(f"t-{stage}-a", "李专家")
    b = _expert(f"t-{stage}-b", "王专家")
    row = ContestStage.objects.get(contest=contest, stage=stage)
    engine.panel_draw(call=row.call, actor=province_official, field="智能制造", size=2, seed=1)
    _score(a, contest, totals_a, stage)
    _score(b, contest, totals_b, stage)
    row.refresh_from_db()
    return row


def _scored_preliminary(county_official, province_official, totals_a, totals_b):
    contest = _contest()
    first, second = _register(county_official, contest, project="甲项目"), _register(county_official, contest, project="乙项目")
    row = _judged(contest, "preliminary", province_official, dict(zip((first, second), totals_a)),
                  dict(zip((first, second), totals_b)))
    return contest, row, first, second


def _at_provincial(entry, actor, *, recommend_by=None):
    """An entry already through its 复赛, waiting for (or given) its 市州's recommendation."""
    row = stages.stage_open(contest=entry.contest, stage="provincial", actor=actor)
    stages._application(row, entry, actor=actor, action="select", level="city", to_state=State.AT_CITY,
                        reason="复赛晋级")
    Entry.objects.filter(pk=entry.pk).update(stage="semi_final")
    entry.refresh_from_db()
    if recommend_by is not None:
        stages.entry_recommend(entry=entry, actor=recommend_by, action="recommend")
        entry.refresh_from_db()
    return entry


def test_entry_register_enterprise_enters_its_county_preliminary(county_official):
    entry = _register(county_official, _contest())
    application = stages.entry_application(entry=entry, stage="preliminary")
    assert (application.state, application.county_id, application.city_id) == (State.EXPERT_REVIEW, "430104", "430100")
    assert application.call.contest_stage.stage == "preliminary" and application.call.decided_by == "county"
    assert list(application.transitions.values_list("action", "to_state")) == [("submit", State.EXPERT_REVIEW)]
    assert entry.stage == "preliminary"


def test_team_entry_is_an_application_without_enterprise_in_its_county(county_official):
    entry = _team(county_official, _contest())
    application = stages.entry_application(entry=entry, stage="preliminary")
    assert (application.enterprise_id, application.applicant, application.county_id, application.city_id) == (
        None, "星火团队", "430104", "430100")
    assert entry.team_members == "李四、张三"


def test_team_scored_and_advances_like_an_enterprise(county_official, province_official, client_for):
    contest = _contest()
    firm, team = _register(county_official, contest), _team(county_official, contest)
    row = _judged(contest, "preliminary", province_official, {firm: 70, team: 90}, {firm: 72, team: 88})
    rows = stages.stage_results(entries=Entry.objects.all(), contest=contest, stage="preliminary")
    assert [(r.entry, r.score, r.rank) for r in rows] == [(team, Decimal("89.00"), 1), (firm, Decimal("71.00"), 2)]
    stages.stage_close(stage_row=row, actor=county_official, advance_count=1)
    team.refresh_from_db()
    firm.refresh_from_db()
    assert (team.stage, firm.stage) == ("semi_final", "preliminary")
    semi = stages.entry_application(entry=team, stage="semi_final")
    assert (semi.enterprise_id, semi.applicant_name, semi.state) == (None, "星火团队", State.EXPERT_REVIEW)
    province = client_for(province_official)
    listed = province.get(reverse("calls:application-list", args=[semi.call_id]) + "?q=星火").content.decode()
    assert "星火团队" in listed  # the engine's own lists name the team
    exported_apps = province.get(reverse("calls:application-export", args=[semi.call_id]))
    app_rows = list(openpyxl.load_workbook(io.BytesIO(exported_apps.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1] or "", r[2]) for r in app_rows] == [("", "星火团队")]
    sheet = client_for(province_official).get(reverse("contests:stage-export", args=[contest.pk, "preliminary"]))
    exported = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[3]) for r in exported] == [(1, "星火团队", "创客组"), (2, firm.entrant, "企业组")]


def test_preliminary_closed_by_its_county_rest_refused_with_rank(county_official, city_official, province_official):
    contest, row, first, second = _scored_preliminary(county_official, province_official, (80, 70), (90, 75))
    rows = stages.stage_results(entries=Entry.objects.all(), contest=contest, stage="preliminary")
    assert [(r.entry, r.score, r.rank, r.score_count) for r in rows] == [
        (first, Decimal("85.00"), 1, 2), (second, Decimal("72.50"), 2, 2)]
    with pytest.raises(DomainError, match="区县"):
        stages.stage_close(stage_row=row, actor=province_official, advance_count=1)
    with pytest.raises(DomainError, match="没有待评审"):  # a 市州 closes only its entries without a county
        stages.stage_close(stage_row=row, actor=city_official, advance_count=1)
    stages.stage_close(stage_row=row, actor=county_official, advance_count=1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stage, second.stage) == ("semi_final", "preliminary")
    refused = stages.entry_application(entry=second, stage="preliminary")
    assert refused.state == State.REFUSED
    assert (refused.transitions.last().reason, refused.transitions.last().level) == ("未晋级：初赛第 2 名，平均分 72.50", "county")
    with pytest.raises(DomainError, match="已确定"):
        stages.stage_close(stage_row=ContestStage.objects.get(pk=row.pk), actor=county_official, advance_count=1)


def test_preliminary_each_county_closes_its_own(county_official, other_county_official, province_official):
    contest = _contest()
    own, other = _register(county_official, contest), _register(other_county_official, contest, county="430602")
    row = _judged(contest, "preliminary", province_official, {own: 80, other: 70}, {own: 80, other: 70})
    stages.stage_close(stage_row=row, actor=county_official, advance_count=1)
    assert stages.entry_application(entry=other, stage="preliminary").state == State.EXPERT_REVIEW
    assert ContestStage.objects.get(pk=row.pk).closed_at is None  # another county's part is still open
    stages.stage_close(stage_row=ContestStage.objects.get(pk=row.pk), actor=other_county_official, advance_count=1)
    assert ContestStage.objects.get(pk=row.pk).closed_at is not None
    ranks = {r.entry: r.rank for r in stages.stage_results(entries=Entry.objects.all(), contest=contest, stage="preliminary")}
    assert ranks == {own: 1, other: 1}  # ranked within each county


def test_stage_close_tie_across_the_line_refused(county_official, province_official):
    _contest_, row, first, second = _scored_preliminary(county_official, province_official, (80, 90), (90, 80))
    with pytest.raises(DomainError, match="评委投票"):
        stages.stage_close(stage_row=row, actor=county_official, advance_count=1)
    assert stages.stage_close(stage_row=row, actor=county_official, advance_count=2)


def test_stage_close_before_every_sheet_is_in_refused(county_official, province_official):
    contest = _contest()
    _register(county_official, contest)
    _expert("t-expert-a", "李专家")
    row = ContestStage.objects.get(contest=contest, stage="preliminary")
    engine.panel_draw(call=row.call, actor=province_official, field="", size=1, seed=1)
    with pytest.raises(DomainError, match="未完成专家评分"):
        stages.stage_close(stage_row=row, actor=county_official, advance_count=1)


def test_semi_final_closed_by_its_city_qualifiers_wait_for_its_recommendation(county_official, city_official,
                                                                             province_official):
    contest, row, first, second = _scored_preliminary(county_official, province_official, (80, 70), (90, 75))
    stages.stage_close(stage_row=row, actor=county_official, advance_count=2)
    semi = _judged(contest, "semi_final", province_official, {first: 60, second: 90}, {first: 62, second: 92})
    with pytest.raises(DomainError, match="市州"):
        stages.stage_close(stage_row=semi, actor=county_official, advance_count=1)
    stages.stage_close(stage_row=semi, actor=city_official, advance_count=1)
    second.refresh_from_db()
    application = stages.entry_application(entry=second, stage="provincial")
    assert (second.stage, application.state) == ("semi_final", State.AT_CITY)
    with pytest.raises(DomainError, match="未经复赛晋级"):
        stages.entry_recommend(entry=first, actor=city_official, action="recommend")
    stages.entry_recommend(entry=second, actor=city_official, action="recommend")
    second.refresh_from_db()
    assert (second.stage, stages.entry_application(entry=second, stage="provincial").state) == (
        "provincial", State.EXPERT_REVIEW)


def test_entry_recommend_refusal_needs_reason_and_keeps_it(county_official, city_official, client_for):
    contest = _contest()
    entry = _at_provincial(_team(county_official, contest), county_official)
    with pytest.raises(DomainError, match="理由"):
        stages.entry_recommend(entry=entry, actor=city_official, action="refuse")
    stages.entry_recommend(entry=entry, actor=city_official, action="refuse", reason="项目与大赛方向不符")
    entry.refresh_from_db()
    assert entry.stage == "semi_final"
    step = Transition.objects.get(action="refuse")
    assert (step.level, step.reason, step.to_state) == ("city", "项目与大赛方向不符", State.REFUSED)
    page = client_for(city_official).get(reverse("contests:recommendation-list", args=[contest.pk])).content.decode()
    assert "项目与大赛方向不符" in page and "不予推荐" in page and "星火团队" in page


def test_entry_recommend_other_city_refused(county_official, other_city_official, client_for):
    contest = _contest()
    entry = _at_provincial(_register(county_official, contest), county_official)
    with pytest.raises(DomainError):
        stages.entry_recommend(entry=entry, actor=other_city_official, action="recommend")
    response = client_for(other_city_official).post(reverse("contests:entry-recommend", args=[entry.pk]),
                                                    {"action": "recommend"})
    assert response.status_code == 404
    page = client_for(other_city_official).get(reverse("contests:recommendation-list", args=[contest.pk]))
    assert entry.entrant not in page.content.decode()
    assert stages.entry_application(entry=entry, stage="provincial").state == State.AT_CITY


def test_recommendation_list_city_sees_own_region_province_all(county_official, other_county_official, city_official,
                                                               province_official, client_for):
    contest = _contest()
    own = _at_provincial(_register(county_official, contest), county_official)
    other = _at_provincial(_register(other_county_official, contest, county="430602"), other_county_official)
    city_page = client_for(city_official).get(reverse("contests:recommendation-list", args=[contest.pk])).content.decode()
    assert own.entrant in city_page and other.entrant not in city_page
    province = client_for(province_official)
    assert other.entrant in province.get(reverse("contests:recommendation-list", args=[contest.pk])).content.decode()
    response = province.get(reverse("contests:recommendation-export", args=[contest.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and rows[0][0] == 1 and {r[6] for r in rows} == {"待市州推荐"}


def test_provincial_review_selects_the_final_by_the_editions_quota_per_group(county_official, city_official,
                                                                            province_official):
    contest = _contest(final_quota_enterprise=1)
    firms = [_at_provincial(_register(county_official, contest, project=f"企业{i}"), county_official,
                            recommend_by=city_official) for i in range(2)]
    teams = [_at_provincial(_team(county_official, contest, name=f"团队{i}", project=f"创客{i}"), county_official,
                            recommend_by=city_official) for i in range(2)]
    totals = {firms[0]: 70, firms[1]: 80, teams[0]: 90, teams[1]: 60}
    row = _judged(contest, "provincial", province_official, totals, totals)
    with pytest.raises(DomainError, match="省级"):
        stages.stage_close(stage_row=row, actor=city_official)
    with pytest.raises(DomainError, match="创客组的决赛名额"):
        stages.stage_close(stage_row=row, actor=province_official)
    Contest.objects.filter(pk=contest.pk).update(final_quota_maker=1)
    row = ContestStage.objects.select_related("contest").get(pk=row.pk)
    selected = stages.stage_close(stage_row=row, actor=province_official)
    assert {a.applicant for a in selected} == {firms[1].entrant, "团队0"}
    finalists = set(Entry.objects.filter(stage="final").values_list("pk", flat=True))
    assert finalists == {firms[1].pk, teams[0].pk}
    ranks = {r.entry.pk: r.rank for r in stages.stage_results(entries=Entry.objects.all(), contest=contest,
                                                               stage="provincial")}
    assert ranks == {firms[1].pk: 1, firms[0].pk: 2, teams[0].pk: 1, teams[1].pk: 2}  # within each group


def test_provincial_review_waits_for_every_city_decision(county_official, province_official):
    contest = _contest(final_quota_enterprise=1, final_quota_maker=1)
    _at_provincial(_register(county_official, contest), county_official)
    row = stages.stage_get(contest=contest, stage="provincial")
    with pytest.raises(DomainError, match="待市州推荐"):
        stages.stage_close(stage_row=row, actor=province_official)


def test_expert_sees_only_assigned_entries(county_official, province_official, client_for):
    contest = _contest()
    first, second = _register(county_official, contest), _register(county_official, contest, project="乙项目")
    # each expert declared a conflict with one entrant: each is assigned only the other entry
    a = _expert("t-expert-a", "李专家", conflicts=[second.enterprise])
    _expert("t-expert-b", "王专家", conflicts=[first.enterprise])
    engine.panel_draw(call=ContestStage.objects.get(contest=contest).call, actor=province_official, field="", size=2)
    expert = client_for(a.user)
    page = expert.get(reverse("contests:entry-detail", args=[first.pk]))
    assert page.status_code == 200 and "高精度减速器" in page.content.decode()
    assert "各阶段评分" not in page.content.decode()  # not the other judges' scores
    assert expert.get(reverse("contests:entry-detail", args=[second.pk])).status_code == 404
    idle = client_for(make_user("t-expert-none", Role.EXPERT))
    assert idle.get(reverse("contests:entry-detail", args=[first.pk])).status_code == 404


def test_panel_drawn_before_a_late_registration_gets_it(county_official, province_official):
    contest = _contest()
    _register(county_official, contest)
    expert = _expert("t-expert-a", "李专家")
    engine.panel_draw(call=ContestStage.objects.get(contest=contest).call, actor=province_official, field="", size=1)
    _team(county_official, contest)
    assert Assignment.objects.filter(member__expert=expert).count() == 2


def test_stage_results_page_and_export_scoped_to_region(county_official, other_county_official, city_official,
                                                       other_city_official, province_official, client_for):
    contest, row, first, second = _scored_preliminary(county_official, province_official, (80, 70), (90, 75))
    url = reverse("contests:stage-results", args=[contest.pk, "preliminary"])
    assert "85.00" in client_for(city_official).get(url).content.decode()
    assert first.entrant not in client_for(other_city_official).get(url).content.decode()
    client_for(other_county_official).post(url, {"advance_count": "1"})  # another county closes nothing here
    client_for(province_official).post(url, {"advance_count": "1"})  # nor the province (the county runs its 初赛)
    assert stages.entry_application(entry=first, stage="preliminary").state == State.EXPERT_REVIEW
    county = client_for(county_official)
    response = county.post(url, {"advance_count": "1"})
    assert response.status_code == 302 and ContestStage.objects.get(pk=row.pk).closed_at is not None
    assert "晋级" in county.get(url).content.decode()
    export = client_for(province_official).get(reverse("contests:stage-export", args=[contest.pk, "preliminary"]))
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == 1 and rows[0][5] == 85 and rows[1][8] == "未晋级"
    assert county.get(reverse("contests:stage-results", args=[contest.pk, "bogus"])).status_code == 404


def test_stage_results_hand_entered_judges_read_as_history(county_official, client_for, city_official):
    contest = _contest()
    entry = Entry.objects.create(contest=contest, group="maker", team_name="星火团队", team_leader="王小明",
                                 project="智能巡检", county_id="430104", city_id="430100",
                                 registered_on=dt.date(2023, 4, 12), stage="semi_final")
    for judge, total in (("甲", "80"), ("乙", "91")):
        JudgeScore.objects.create(entry=entry, stage="preliminary", judge=judge, total=Decimal(total))
    rows = stages.stage_results(entries=Entry.objects.all(), contest=contest, stage="preliminary")
    assert [(r.score, r.rank, r.outcome, r.source) for r in rows] == [(Decimal("85.50"), 1, "已晋级", "历史评委评分")]
    page = client_for(city_official).get(reverse("contests:entry-detail", args=[entry.pk])).content.decode()
    assert "甲 80.00" in page
    assert str(JudgeScore.objects.get(judge="甲")) == "智能巡检 · 初赛 · 评委甲"


def test_team_linked_to_the_enterprise_it_founded(county_official, other_county_official, client_for):
    contest = _contest()
    entry = _team(county_official, contest)
    founded = EnterpriseFactory(county_id="430104")
    with pytest.raises(DomainError, match="本辖区"):
        services.entry_link_enterprise(actor=other_county_official, entry=entry, enterprise=founded)
    response = client_for(county_official).post(reverse("contests:entry-link", args=[entry.pk]), {"uscc": founded.uscc})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.enterprise_id == founded.pk
    assert stages.entry_application(entry=entry, stage="preliminary").enterprise_id == founded.pk
    with pytest.raises(DomainError, match="尚未关联"):
        services.entry_link_enterprise(actor=county_official, entry=entry, enterprise=EnterpriseFactory(county_id="430104"))
    registered = _register(county_official, contest, project="另一项目")
    with pytest.raises(DomainError, match="已在本届"):
        services.entry_link_enterprise(actor=county_official, entry=_team(county_official, contest, name="乙队"),
                                       enterprise=registered.enterprise)


def test_stage_pages_read_as_chinese(county_official, city_official, province_official, client_for):
    from django.utils import translation

    from breakzero.core.tests.test_chinese_interface import findings, internal_codes

    contest, row, first, second = _scored_preliminary(county_official, province_official, (80, 70), (90, 75))
    stages.stage_close(stage_row=row, actor=county_official, advance_count=1)
    urls = [reverse("contests:recommendation-list", args=[contest.pk]), reverse("contests:entry-detail", args=[first.pk]),
            reverse("contests:later-paths", args=[contest.pk])]
    urls += [reverse("contests:stage-results", args=[contest.pk, s]) for s in ("preliminary", "semi_final", "provincial",
                                                                                "final")]
    urls.append(reverse("calls:application-detail", args=[stages.entry_application(entry=first, stage="preliminary").pk]))
    codes, problems = internal_codes(), []
    with translation.override("zh-hans"):
        for user in (province_official, city_official):
            client = client_for(user)
            for url in urls:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
                assert response.status_code == 200, url
                problems += [f"{url}: {f}" for f in findings(response.content.decode(), codes)]
    assert not problems, problems


def test_stage_call_refuses_a_direct_filing_and_is_not_listed_to_enterprises(county_official, province_official,
                                                                            client_for):
    """Entries reach a stage by registration and the stage before (§5.2), never by an enterprise filing on the call;
    the stage calls are reached from the edition's pages, not offered in the calls list (officials still see them
    there: the province draws their panels)."""
    entry = _register(county_official, _contest())
    call = stages.entry_application(entry=entry, stage="preliminary").call
    call.status = "open"
    call.save(update_fields=["status"])
    firm = EnterpriseFactory(county_id="430104")
    with pytest.raises(DomainError, match="不接受企业直接申报"):
        engine.application_create(call=call, enterprise=firm, actor=county_official)
    user = make_user("contest-firm", Role.ENTERPRISE, "430104", enterprise=firm)
    page = client_for(user).get(reverse("calls:call-detail", args=[call.pk])).content.decode()
    assert 'id="apply"' not in page
    assert not Application.objects.filter(call=call, enterprise=firm).exists()
    assert call.title not in client_for(user).get(reverse("calls:call-list")).content.decode()
    assert call.title in client_for(province_official).get(reverse("calls:call-list")).content.decode()
    assert not selectors.calls_listed_for(user).filter(pk=call.pk).exists()  # the API's list reads the same
    from breakzero.portal.selectors import open_calls

    assert call.opens_on <= dt.date(2023, 4, 10) <= call.enterprise_deadline
    assert call.pk not in [c.pk for c in open_calls(today=dt.date(2023, 4, 10))]  # nor on the public portal


def test_final_quotas_set_by_the_province_until_the_selection(county_official, city_official, province_official,
                                                             client_for):
    contest = _contest()
    with pytest.raises(DomainError, match="省级"):
        services.contest_set_final_quotas(actor=city_official, contest=contest, enterprise=5, maker=5)
    client_for(province_official).post(reverse("contests:contest-quota", args=[contest.pk]),
                                       {"enterprise": "20", "maker": "10"})
    contest.refresh_from_db()
    assert (contest.final_quota_enterprise, contest.final_quota_maker) == (20, 10)
    entry = _at_provincial(_register(county_official, contest), county_official, recommend_by=city_official)
    row = _judged(contest, "provincial", province_official, {entry: 80}, {entry: 82})
    stages.stage_close(stage_row=row, actor=province_official)
    with pytest.raises(DomainError, match="已确定"):
        services.contest_set_final_quotas(actor=province_official, contest=contest, enterprise=1, maker=1)


def test_stage_application_decisions_refused_on_the_engines_page_and_api(county_official, city_official, client_for):
    """A stage's entries move by the stage's ranking and the 市州's recommendation on the contest pages (§5.2):
    the engine's application page offers no decision buttons for them, and a posted decision (page or API) is
    refused with the reason, leaving the entry where it was; the contest's own recommendation still works."""
    contest = _contest()
    entry = _at_provincial(_register(county_official, contest), county_official)
    application = stages.entry_application(entry=entry, stage="provincial")
    client = client_for(city_official)
    page = client.get(reverse("calls:application-detail", args=[application.pk])).content.decode()
    assert 'id="decision-form"' not in page
    response = client.post(reverse("calls:application-decide", args=[application.pk]), {"action": "recommend"},
                           follow=True)
    assert "业务页面" in response.content.decode()
    api = client.post(f"/api/v1/calls/applications/{application.pk}/decisions",
                      {"action": "recommend", "reason": ""}, content_type="application/json")
    assert api.status_code == 400 and "业务页面" in api.json()["detail"]
    assert engine.engine_actions(application=application, user=city_official) == []
    application.refresh_from_db()
    assert application.state == State.AT_CITY
    stages.entry_recommend(entry=entry, actor=city_official, action="recommend")
    assert stages.entry_application(entry=entry, stage="provincial").state == State.EXPERT_REVIEW
