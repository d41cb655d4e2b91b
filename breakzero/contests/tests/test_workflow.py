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


def test_edition_from_registration_to_results(client_for, county_official, city_official, province_official):
    contest, firm = _contest(), EnterpriseFactory(county_id="430104", name="岳麓创客甲")
    county = client_for(county_official)
    response = county.post(reverse("contests:entry-create", args=[contest.pk]), {
        "group": "enterprise", "uscc": firm.uscc, "project": "高精度减速器", "registered_on": "2023-04-10",
        "is_registered_online": "true"})
    entry = Entry.objects.get()
    assert response.status_code == 302 and entry.city_id == "430100"
    client_for(city_official).post(reverse("contests:entry-recommend", args=[entry.pk]), {"action": "recommend"})
    expert = engine.expert_create(user=make_user("t-judge", Role.EXPERT), name="李专家", fields=["智能制造"],
                                  employer="中南大学")
    for stage in ("preliminary", "semi_final", "final"):
        row = ContestStage.objects.get(contest=contest, stage=stage)
        engine.panel_draw(call=row.call, actor=province_official, field="", size=1)
        assignment = Assignment.objects.get(member__call=row.call)
        client_for(expert.user).post(reverse("calls:score-sheet", args=[row.call_id]), {f"s-{assignment.pk}-total": "85", "submit": "1"})
        province = client_for(province_official)  # one test client: logged in as each user in turn
        province.post(reverse("contests:stage-results", args=[contest.pk, stage]), {"advance_count": "1"})
    province.post(reverse("contests:entry-award", args=[entry.pk]), {"award": "first"})
    entry.refresh_from_db()
    assert (entry.stage, entry.award) == ("final", "first")
    Title.objects.create(enterprise=firm, tier="srdi_sme", level="provincial", batch="2024年第一批",
                         recognized_on=dt.date(2024, 6, 1), valid_until=dt.date(2027, 6, 1))
    page = client_for(city_official).get(reverse("contests:entry-detail", args=[entry.pk])).content.decode()
    assert "85.00" in page and "2024年6月1日" in page, page[page.find("<main"):]


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
