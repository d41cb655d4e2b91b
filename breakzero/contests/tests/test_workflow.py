"""创客中国: an edition from registration through the 市州 recommendation and the experts' sheets to results;
earlier winners refused; later path."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.accounts.models import Role
from breakzero.calls import services as engine
from breakzero.calls.models import Assignment
from breakzero.contests import services
from breakzero.contests.models import Contest, ContestStage, Entry
from breakzero.core.errors import DomainError
from breakzero.cultivation.models import Title
from breakzero.enterprises.tests.factories import EnterpriseFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


def _contest(year=2023):
    return Contest.objects.create(kind="maker_china", year=year, name=f"{year}年创客中国湖南省大赛",
                                  registration_opens_on=dt.date(year, 4, 1), registration_closes_on=dt.date(year, 5, 31))


def _entry_values(firm, **extra):
    return {"group": "enterprise", "enterprise": firm, "project": "高精度减速器", "registered_on": dt.date(2023, 4, 10),
            "is_registered_online": True, "prior_awards": [], **extra}


def _judge(client_for, expert, call_id, total):
    """An expert fills and submits the one sheet of a stage's call through the engine's page."""
    cells = {f"s-{a.pk}-total": str(total) for a in Assignment.objects.filter(member__call_id=call_id,
                                                                             member__expert=expert)}
    client_for(expert.user).post(reverse("calls:score-sheet", args=[call_id]), {**cells, "submit": "1"})


def test_edition_from_registration_to_national_recommendation(client_for, county_official, city_official,
                                                              province_official):
    """§5.2 (2023): an enterprise and a 创客组 team registered by their county go through the county's 初赛, the
    市州's 复赛 and recommendation, the provincial review (the edition's quota per group), the final, the awards
    and the national recommendation; the team is linked to the enterprise it founded and the national result feeds
    the 63号 direct condition."""
    from breakzero.policies.assembly import enterprise_facts, load_sources

    province = client_for(province_official)
    province.post(reverse("contests:contest-list"), {
        "kind": "maker_china", "year": "2023", "name": "2023年创客中国湖南省大赛", "registration_opens_on": "2023-04-01",
        "registration_closes_on": "2023-05-31", "final_quota_enterprise": "20", "final_quota_maker": "10"})
    contest = Contest.objects.get()
    assert (contest.final_quota_enterprise, contest.final_quota_maker) == (20, 10)
    firm = EnterpriseFactory(county_id="430104", name="岳麓创客甲")
    county = client_for(county_official)
    county.post(reverse("contests:entry-create", args=[contest.pk]), {
        "group": "enterprise", "uscc": firm.uscc, "project": "高精度减速器", "registered_on": "2023-04-10",
        "is_registered_online": "true"})
    county.post(reverse("contests:entry-create", args=[contest.pk]), {
        "group": "maker", "team_name": "星火团队", "team_leader": "王小明", "team_members": "李四、张三",
        "county": "430104", "project": "智能巡检", "registered_on": "2023-04-12", "is_registered_online": "true"})
    entry, team = Entry.objects.get(enterprise=firm), Entry.objects.get(team_name="星火团队")
    expert = engine.expert_create(user=make_user("t-judge", Role.EXPERT), name="李专家", fields=["智能制造"],
                                  employer="中南大学")
    closers = {"preliminary": county_official, "semi_final": city_official, "provincial": province_official,
               "final": province_official}
    for stage, total in (("preliminary", 85), ("semi_final", 86), ("provincial", 87), ("final", 88)):
        if stage == "provincial":  # the 市州 recommends its 复赛 qualifiers to the provincial review
            for e in (entry, team):
                client_for(city_official).post(reverse("contests:entry-recommend", args=[e.pk]), {"action": "recommend"})
        row = ContestStage.objects.get(contest=contest, stage=stage)
        engine.panel_draw(call=row.call, actor=province_official, field="", size=1)
        _judge(client_for, expert, row.call_id, total)
        client_for(closers[stage]).post(reverse("contests:stage-results", args=[contest.pk, stage]), {"advance_count": "2"})
        assert ContestStage.objects.get(pk=row.pk).closed_at is not None, stage
    province = client_for(province_official)
    for e in (entry, team):
        province.post(reverse("contests:entry-award", args=[e.pk]), {"award": "first"})
        province.post(reverse("contests:entry-national-recommend", args=[e.pk]))
    county.post(reverse("contests:entry-link", args=[team.pk]), {"uscc": (founded := EnterpriseFactory(county_id="430104")).uscc})
    province = client_for(province_official)
    province.post(reverse("contests:entry-national", args=[team.pk]), {"national_result": "top500"})
    team.refresh_from_db()
    entry.refresh_from_db()
    assert (entry.stage, entry.award, entry.is_recommended_national) == ("final", "first", True)
    assert (team.stage, team.award, team.is_recommended_national, team.national_result, team.enterprise_id) == (
        "final", "first", True, "top500", founded.pk)
    facts = enterprise_facts(load_sources(as_of=dt.date(2024, 1, 1), enterprise_ids=[founded.pk])[founded.pk])
    assert facts.is_maker_china_top500_3y is True
    Title.objects.create(enterprise=firm, tier="srdi_sme", level="provincial", batch="2024年第一批",
                         recognized_on=dt.date(2024, 6, 1), valid_until=dt.date(2027, 6, 1))
    page = client_for(city_official).get(reverse("contests:entry-detail", args=[entry.pk])).content.decode()
    assert "88.00" in page and "2024年6月1日" in page, page[page.find("<main"):]
    results = province.get(reverse("contests:stage-results", args=[contest.pk, "final"])).content.decode()
    assert "星火团队" in results and "岳麓创客甲" in results


def test_later_paths_page_and_export_scoped(client_for, county_official, other_county_official, city_official,
                                           province_official):
    """Each entrant's later path per edition, read from the records (titles here), for the entries the user sees."""
    import io

    import openpyxl

    contest = _contest()
    own = services.entry_register(actor=county_official, contest=contest, values=_entry_values(
        EnterpriseFactory(county_id="430104", name="本地创客企业")))
    other = services.entry_register(actor=other_county_official, contest=contest, values=_entry_values(
        EnterpriseFactory(county_id="430602", name="外地创客企业")))
    Title.objects.create(enterprise=own.enterprise, tier="srdi_sme", level="provincial", recognized_on=dt.date(2024, 6, 1),
                         valid_until=dt.date(2027, 6, 1))
    Title.objects.create(enterprise=own.enterprise, tier="innovative_sme", level="provincial",
                         recognized_on=dt.date(2022, 6, 1), valid_until=dt.date(2025, 6, 1))  # before it registered
    url = reverse("contests:later-paths", args=[contest.pk])
    page = client_for(city_official).get(url).content.decode()
    assert "本地创客企业" in page and "外地创客企业" not in page and "专精特新中小企业" in page
    assert "创新型中小企业" not in page
    assert "外地创客企业" in client_for(province_official).get(url).content.decode()
    assert client_for(make_user("t-firm", Role.ENTERPRISE, "430104", enterprise=own.enterprise)).get(url).status_code == 404
    export = client_for(city_official).get(reverse("contests:later-paths-export", args=[contest.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[8]) for r in rows] == [("本地创客企业", "2024-06-01 省级专精特新中小企业")]
    assert other.pk not in [e.pk for e in Entry.objects.filter(enterprise__name="本地创客企业")]


def test_entry_register_earlier_provincial_winner_refused(county_official, province_official):
    firm = EnterpriseFactory(county_id="430104")
    earlier = Entry.objects.create(contest=_contest(2022), group="enterprise", enterprise=firm, project="旧项目",
                                   county=firm.county, city=firm.city, registered_on=dt.date(2022, 4, 5),
                                   stage="final", award="third")
    with pytest.raises(DomainError, match="不得报名"):
        services.entry_register(actor=county_official, contest=_contest(), values=_entry_values(firm))
    earlier.award = ""
    earlier.save()
    assert services.entry_register(actor=county_official, contest=_contest_get(), values=_entry_values(firm)).pk


def _contest_get():
    return Contest.objects.get(year=2023)


def test_entry_register_declared_city_award_allowed_national_refused(county_official):
    firm, contest = EnterpriseFactory(county_id="430104"), _contest()
    city_award = [{"contest_name": "长沙市创新创业大赛", "level": "city", "year": 2022}]
    assert services.entry_register(actor=county_official, contest=contest,
                                   values=_entry_values(firm, prior_awards=city_award)).pk
    other = EnterpriseFactory(county_id="430104")
    national = [{"contest_name": "中国创新创业大赛", "level": "national", "year": 2021}]
    with pytest.raises(DomainError):
        services.entry_register(actor=county_official, contest=contest, values=_entry_values(other, prior_awards=national))


def test_entry_register_outside_window_or_region_refused(county_official):
    contest = _contest()
    with pytest.raises(DomainError, match="报名日期"):
        services.entry_register(actor=county_official, contest=contest, values=_entry_values(
            EnterpriseFactory(county_id="430104"), registered_on=dt.date(2023, 6, 1)))
    with pytest.raises(DomainError, match="本辖区"):
        services.entry_register(actor=county_official, contest=contest,
                                values=_entry_values(EnterpriseFactory(county_id="430602")))
    assert not Entry.objects.exists()


def test_maker_team_leader_is_masked_in_export(client_for, county_official):
    from breakzero.regions.models import Region

    contest = _contest()
    services.entry_register(actor=county_official, contest=contest, values={
        "group": "maker", "team_name": "星火团队", "team_leader": "王小明", "county": Region.objects.get(code="430104"),
        "project": "智能巡检", "registered_on": dt.date(2023, 4, 12), "prior_awards": []})
    response = client_for(county_official).get(reverse("contests:contest-export", args=[contest.pk]))
    assert response.status_code == 200
    page = client_for(county_official).get(reverse("contests:contest-detail", args=[contest.pk])).content.decode()
    assert "星火团队" in page and "王小明" not in page


def test_later_paths_page_queries_do_not_grow_with_entrants(client_for, county_official, province_official):
    """Titles, break zero, recognitions and funds are read once per page, not once per entrant."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contest = _contest()
    client = client_for(province_official)
    url = reverse("contests:later-paths", args=[contest.pk])

    def count() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured]

    services.entry_register(actor=county_official, contest=contest, values=_entry_values(EnterpriseFactory(county_id="430104")))
    count()  # the first request also fills the per-process caches (menu, regions)
    one = count()
    for n in range(3):
        firm = EnterpriseFactory(county_id="430104")
        services.entry_register(actor=county_official, contest=contest, values=_entry_values(firm, project=f"项目{n}"))
        Title.objects.create(enterprise=firm, tier="srdi_sme", level="provincial", recognized_on=dt.date(2024, 6, 1),
                             valid_until=dt.date(2027, 6, 1))
    more = count()
    assert len(more) == len(one), "\n".join(more)
