"""Contest stages on the calls engine (§5.2): 市州 recommendation with reasons, experts from the engine's pool scoring
their assigned entries on one sheet, stage results (rank, mean, who advances), and who sees what."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from breakzero.accounts.models import Role
from breakzero.calls import services as engine
from breakzero.calls.models import Application, Assignment, PanelMember, State, Transition
from breakzero.contests import services, stages
from breakzero.contests.models import Contest, ContestStage, Entry, JudgeScore
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


def _contest(year=2023):
    return Contest.objects.create(kind="maker_china", year=year, name=f"{year}年创客中国湖南省大赛",
                                  registration_opens_on=dt.date(year, 4, 1), registration_closes_on=dt.date(year, 5, 31))


def _register(actor, contest, county="430104", project="高精度减速器"):
    firm = EnterpriseFactory(county_id=county)
    return services.entry_register(actor=actor, contest=contest, values={
        "group": "enterprise", "enterprise": firm, "project": project, "registered_on": dt.date(2023, 4, 10),
        "is_registered_online": True, "prior_awards": []})


def _expert(username, name, conflicts=()):
    return engine.expert_create(user=make_user(username, Role.EXPERT), name=name, fields=["智能制造"],
                                employer="中南大学", declared_conflict_ids=[e.pk for e in conflicts])


def _score(expert, contest, totals, stage="preliminary"):
    """The expert fills the one sheet of the stage: {entry: total}, then submits once."""
    member = PanelMember.objects.get(expert=expert, call__contest_stage__contest=contest, call__contest_stage__stage=stage)
    by_entry = {a.application.enterprise_id: a.pk for a in member.assignments.select_related("application")}
    sheet = {by_entry[entry.enterprise_id]: {"total": str(total)} for entry, total in totals.items()}
    return engine.score_sheet_submit(member=member, actor=expert.user, scores=sheet)


def test_entry_register_enterprise_waits_for_its_city_on_the_engine(county_official):
    entry = _register(county_official, _contest())
    application = stages.entry_application(entry=entry, stage="preliminary")
    assert application.state == State.AT_CITY and application.city_id == "430100"
    assert application.call.contest_stage.stage == "preliminary"
    assert list(application.transitions.values_list("action", "to_state")) == [("submit", State.AT_CITY)]
    assert entry.stage == "registered"


def test_entry_recommend_city_moves_entry_to_preliminary(county_official, city_official):
    entry = _register(county_official, _contest())
    stages.entry_recommend(entry=entry, actor=city_official, action="recommend")
    entry.refresh_from_db()
    assert entry.stage == "preliminary"
    assert stages.entry_application(entry=entry, stage="preliminary").state == State.EXPERT_REVIEW


def test_entry_recommend_refusal_needs_reason_and_keeps_it(county_official, city_official, client_for):
    contest = _contest()
    entry = _register(county_official, contest)
    with pytest.raises(DomainError, match="理由"):
        stages.entry_recommend(entry=entry, actor=city_official, action="refuse")
    stages.entry_recommend(entry=entry, actor=city_official, action="refuse", reason="项目与大赛方向不符")
    entry.refresh_from_db()
    assert entry.stage == "registered"
    step = Transition.objects.get(action="refuse")
    assert (step.level, step.reason, step.to_state) == ("city", "项目与大赛方向不符", State.REFUSED)
    page = client_for(city_official).get(reverse("contests:recommendation-list", args=[contest.pk])).content.decode()
    assert "项目与大赛方向不符" in page and "不予推荐" in page


def test_entry_recommend_other_city_refused(county_official, other_city_official, client_for):
    contest = _contest()
    entry = _register(county_official, contest)
    with pytest.raises(DomainError):
        stages.entry_recommend(entry=entry, actor=other_city_official, action="recommend")
    response = client_for(other_city_official).post(reverse("contests:entry-recommend", args=[entry.pk]),
                                                    {"action": "recommend"})
    assert response.status_code == 404
    page = client_for(other_city_official).get(reverse("contests:recommendation-list", args=[contest.pk]))
    assert entry.entrant not in page.content.decode()
    assert stages.entry_application(entry=entry, stage="preliminary").state == State.AT_CITY


def test_recommendation_list_city_sees_own_region_province_all(county_official, other_county_official, city_official,
                                                               province_official, client_for):
    contest = _contest()
    own, other = _register(county_official, contest), _register(other_county_official, contest, county="430602")
    city_page = client_for(city_official).get(reverse("contests:recommendation-list", args=[contest.pk])).content.decode()
    assert own.entrant in city_page and other.entrant not in city_page
    province = client_for(province_official)
    assert other.entrant in province.get(reverse("contests:recommendation-list", args=[contest.pk])).content.decode()
    response = province.get(reverse("contests:recommendation-export", args=[contest.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and rows[0][0] == 1 and {r[6] for r in rows} == {"待市州推荐"}


def _scored_preliminary(county_official, city_official, province_official, totals_a, totals_b):
    contest = _contest()
    first, second = _register(county_official, contest, project="甲项目"), _register(county_official, contest, project="乙项目")
    for entry in (first, second):
        stages.entry_recommend(entry=entry, actor=city_official, action="recommend")
    a, b = _expert("t-expert-a", "李专家"), _expert("t-expert-b", "王专家")
    stage_row = ContestStage.objects.get(contest=contest, stage="preliminary")
    engine.panel_draw(call=stage_row.call, actor=province_official, field="智能制造", size=2, seed=1)
    _score(a, contest, {first: totals_a[0], second: totals_a[1]})
    _score(b, contest, {first: totals_b[0], second: totals_b[1]})
    stage_row.refresh_from_db()
    return contest, stage_row, first, second


def test_stage_close_top_advances_rest_refused_with_rank(county_official, city_official, province_official):
    contest, stage_row, first, second = _scored_preliminary(county_official, city_official, province_official,
                                                            (80, 70), (90, 75))
    rows = stages.stage_results(entries=Entry.objects.all(), contest=contest, stage="preliminary")
    assert [(r.entry, r.score, r.rank, r.score_count) for r in rows] == [
        (first, Decimal("85.00"), 1, 2), (second, Decimal("72.50"), 2, 2)]
    with pytest.raises(DomainError, match="省级"):
        stages.stage_close(stage_row=stage_row, actor=city_official, advance_count=1)
    stages.stage_close(stage_row=stage_row, actor=province_official, advance_count=1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stage, second.stage) == ("semi_final", "preliminary")
    assert stages.entry_application(entry=first, stage="semi_final").state == State.EXPERT_REVIEW
    refused = stages.entry_application(entry=second, stage="preliminary")
    assert refused.state == State.REFUSED
    assert refused.transitions.last().reason == "未晋级：初赛第 2 名，平均分 72.50"
    with pytest.raises(DomainError, match="已确定"):
        stages.stage_close(stage_row=stage_row, actor=province_official, advance_count=1)


def test_stage_close_tie_across_the_line_refused(county_official, city_official, province_official):
    _contest_, stage_row, first, second = _scored_preliminary(county_official, city_official, province_official,
                                                              (80, 90), (90, 80))
    with pytest.raises(DomainError, match="评委投票"):
        stages.stage_close(stage_row=stage_row, actor=province_official, advance_count=1)
    assert stages.stage_close(stage_row=stage_row, actor=province_official, advance_count=2)


def test_stage_close_before_every_sheet_is_in_refused(county_official, city_official, province_official):
    contest = _contest()
    entry = _register(county_official, contest)
    stages.entry_recommend(entry=entry, actor=city_official, action="recommend")
    _expert("t-expert-a", "李专家")
    stage_row = ContestStage.objects.get(contest=contest, stage="preliminary")
    engine.panel_draw(call=stage_row.call, actor=province_official, field="", size=1, seed=1)
    with pytest.raises(DomainError, match="未完成专家评分"):
        stages.stage_close(stage_row=stage_row, actor=province_official, advance_count=1)


def test_panel_drawn_before_a_late_recommendation_gets_it(county_official, city_official, province_official):
    contest = _contest()
    early, late = _register(county_official, contest), _register(county_official, contest, project="晚推荐")
    stages.entry_recommend(entry=early, actor=city_official, action="recommend")
    expert = _expert("t-expert-a", "李专家")
    engine.panel_draw(call=ContestStage.objects.get(contest=contest).call, actor=province_official, field="", size=1)
    stages.entry_recommend(entry=late, actor=city_official, action="recommend")
    assert Assignment.objects.filter(member__expert=expert).count() == 2


def test_expert_sees_only_assigned_entries(county_official, city_official, province_official, client_for):
    contest = _contest()
    first, second = _register(county_official, contest), _register(county_official, contest, project="乙项目")
    for entry in (first, second):
        stages.entry_recommend(entry=entry, actor=city_official, action="recommend")
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


def test_stage_results_page_and_export_scoped_to_region(county_official, other_county_official, city_official,
                                                       other_city_official, province_official, client_for):
    contest, stage_row, first, second = _scored_preliminary(county_official, city_official, province_official,
                                                            (80, 70), (90, 75))
    url = reverse("contests:stage-results", args=[contest.pk, "preliminary"])
    assert "85.00" in client_for(city_official).get(url).content.decode()
    assert first.entrant not in client_for(other_city_official).get(url).content.decode()
    client_for(city_official).post(url, {"advance_count": "1"})  # only the province fixes who advances
    assert ContestStage.objects.get(pk=stage_row.pk).closed_at is None
    province = client_for(province_official)
    response = province.post(url, {"advance_count": "1"})
    assert response.status_code == 302 and ContestStage.objects.get(pk=stage_row.pk).closed_at is not None
    assert "晋级" in province.get(url).content.decode()
    export = province.get(reverse("contests:stage-export", args=[contest.pk, "preliminary"]))
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == 1 and rows[0][5] == 85 and rows[1][8] == "未晋级"
    assert province.get(reverse("contests:stage-results", args=[contest.pk, "bogus"])).status_code == 404


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


def test_maker_entry_not_on_the_engine(county_official):
    from breakzero.regions.models import Region

    entry = services.entry_register(actor=county_official, contest=_contest(), values={
        "group": "maker", "team_name": "星火团队", "team_leader": "王小明", "county": Region.objects.get(code="430104"),
        "project": "智能巡检", "registered_on": dt.date(2023, 4, 12), "prior_awards": []})
    assert stages.entry_application(entry=entry, stage="preliminary") is None
    assert not Application.objects.exists()
    with pytest.raises(DomainError, match="创客组"):
        stages.entry_recommend(entry=entry, actor=county_official, action="recommend")


def test_stage_pages_read_as_chinese(county_official, city_official, province_official, client_for):
    from django.utils import translation

    from breakzero.core.tests.test_chinese_interface import findings, internal_codes

    contest, stage_row, first, second = _scored_preliminary(county_official, city_official, province_official,
                                                            (80, 70), (90, 75))
    stages.stage_close(stage_row=stage_row, actor=province_official, advance_count=1)
    urls = [reverse("contests:recommendation-list", args=[contest.pk]), reverse("contests:entry-detail", args=[first.pk])]
    urls += [reverse("contests:stage-results", args=[contest.pk, s]) for s in ("preliminary", "semi_final", "final")]
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


def test_stage_call_refuses_a_direct_filing_and_offers_no_apply_button(county_official, client_for):
    """Entries reach a stage by registration and recommendation (§5.2), never by an enterprise filing on the call."""
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
