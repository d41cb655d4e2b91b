"""The empowerment indicators (digital levels, talent, contests, 民参军, achievements and IP finance): each one's
value on the small world of test_figure_consistency, and a refresh after a change to its table recomputes it.

Dashboard, drill-down and bulletin agreement for every registered indicator is checked registry-wide in
test_figure_consistency; here are the hand-checked numbers and the refresh path (programme-rules-2.md §3–§7)."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.indicators import definitions
from breakzero.indicators.summaries import changed_indicators, last_refresh, refresh_after_change
from breakzero.indicators.tests.test_figure_consistency import TODAY, _listing, _summary, data  # noqa: F401

EMPOWERMENT = ("cloud_enterprises", "platform_enterprises", "digital_level_1", "digital_level_2", "digital_level_3",
               "digital_level_4", "leading_talents", "flexible_experts", "training_courses", "training_attendees",
               "exchange_visits", "title_approvals", "contest_entries", "contest_winners", "defence_projects",
               "achievements_listed", "patent_deals", "patent_deal_value", "pledge_loans", "pledge_loan_amount",
               "navigation_projects")


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


def test_every_empowerment_indicator_is_registered_and_declares_its_tables():
    for indicator_id in EMPOWERMENT:
        assert definitions.get(indicator_id).reads, indicator_id


def test_digital_levels_count_each_enterprise_once_at_its_best_level_of_the_year(data):
    # 2022: 岳麓区 assessed 三级 then 四级 → 四级 only; 岳阳楼区 二级
    assert [_summary(f"digital_level_{n}", "430000", 2022) for n in (1, 2, 3, 4)] == [0, 1, 0, 1]
    assert _summary("digital_level_4", "430104", 2022) == 1 and _summary("digital_level_4", "430600", 2022) == 0
    # 2021: 岳阳楼区 三级, 芙蓉区 一级
    assert [_summary(f"digital_level_{n}", "430000", 2021) for n in (1, 2, 3, 4)] == [1, 0, 1, 0]
    assert _summary("digital_level_1", "430100", 2021) == 1 and _summary("digital_level_3", "430602", 2021) == 1
    assert [row[-1] for row in _listing("digital_level_4", "430000", 2022).rows()] == [4]


def test_talent_figures_count_experts_courses_attendees_and_visits_by_place(data):
    assert _summary("flexible_experts", "430000", 2022) == 1 and _summary("flexible_experts", "430602", 2021) == 1
    assert _summary("training_courses", "430100", 2022) == 2  # a county course and a city-level one
    assert _summary("training_courses", "430104", 2022) == 1 and _summary("training_courses", "430000", 2021) == 1
    assert _summary("training_attendees", "430000", 2022) == 60 and _summary("training_attendees", "430104", 2022) == 40
    assert _summary("training_attendees", "430600", 2022) == 0  # a head count with no course is 0, not blank
    assert _listing("training_attendees", "430100", 2022).figure() == 60
    assert _summary("exchange_visits", "430000", 2022) == 2 and _summary("exchange_visits", "430104", 2022) == 0


def test_ip_figures_count_achievements_and_navigation_projects(data):
    assert _summary("achievements_listed", "430100", 2022) == 2 and _summary("achievements_listed", "430600", 2022) == 0
    assert _summary("navigation_projects", "430602", 2022) == 1 and _summary("navigation_projects", "430000", 2021) == 1


def _refreshed(indicator_id: str) -> None:
    chosen = changed_indicators(last_refresh())
    assert indicator_id in chosen, indicator_id
    refresh_after_change(sources=["test"], enterprise_ids=None)


def test_refresh_after_a_digital_assessment_recomputes_the_levels(data, today):
    from breakzero.digital.models import Assessment

    firm = Assessment.objects.get(level=2, assessed_on__year=2022).enterprise  # 岳阳楼区, 二级 in 2022
    Assessment.objects.create(enterprise=firm, version="2024", level=4, assessed_on=dt.date(2022, 12, 1))
    chosen = changed_indicators(last_refresh())
    assert "digital_level_4" in chosen and "rd_intensity" not in chosen  # only the figures reading assessments
    refresh_after_change(sources=["digital"], enterprise_ids=[firm.pk])
    assert last_refresh().years == [2022]
    assert _summary("digital_level_4", "430000", 2022) == 2 and _summary("digital_level_2", "430000", 2022) == 0


def test_refresh_after_digital_use_and_talent_changes(data, today):
    from breakzero.digital.models import DigitalUse
    from breakzero.enterprises.models import Enterprise
    from breakzero.talent.models import FlexibleExpert, LeadingTalent

    firm = Enterprise.objects.filter(county_id="430602").first()
    DigitalUse.objects.create(enterprise=firm, year=2022, kind="cloud", provider="天翼云")
    LeadingTalent.objects.create(enterprise=firm, name="丙", programme="芙蓉计划", year=2022)
    FlexibleExpert.objects.create(enterprise=firm, name="孙", from_organisation="湘潭大学",
                                  agreement_start=dt.date(2022, 7, 1), agreement_end=dt.date(2023, 6, 30))
    _refreshed("cloud_enterprises")
    assert _summary("cloud_enterprises", "430600", 2022) == 1 and _summary("cloud_enterprises", "430000", 2022) == 2
    assert _summary("leading_talents", "430000", 2022) == 2
    assert _summary("flexible_experts", "430602", 2022) == 1


def test_refresh_after_course_visit_achievement_and_navigation_changes(data, today):
    from breakzero.ipfinance.models import Achievement, NavigationProject
    from breakzero.talent.models import ExchangeVisit, TrainingCourse

    TrainingCourse.objects.create(organiser="岳阳服务中心", course="精益管理", held_on=dt.date(2022, 9, 1), hours=8,
                                  attendees=25, county_id="430602", city_id="430600")
    ExchangeVisit.objects.filter(city_id="430600").update(started_on=dt.date(2022, 5, 1), ended_on=dt.date(2022, 5, 2),
                                                          participants=31, updated_at=dt.datetime.now(dt.UTC))
    ExchangeVisit.objects.create(organiser="岳麓区工信局", theme="赴杭州", destination="杭州", started_on=dt.date(2022, 8, 1),
                                 ended_on=dt.date(2022, 8, 2), participants=10, county_id="430104", city_id="430100")
    Achievement.objects.create(title="成果丙", kind="patent", holder_kind="enterprise", holder="岳阳某企业",
                               listed_on=dt.date(2022, 4, 1), county_id="430602", city_id="430600")
    NavigationProject.objects.create(name="导航新", kind="enterprise", subject="储能", client="某企业", provider="中心",
                                     started_on=dt.date(2022, 10, 1), county_id="430104", city_id="430100")
    _refreshed("training_attendees")
    assert _summary("training_courses", "430600", 2022) == 1 and _summary("training_attendees", "430000", 2022) == 85
    assert _summary("exchange_visits", "430000", 2022) == 3 and _summary("exchange_visits", "430104", 2022) == 1
    assert _summary("achievements_listed", "430600", 2022) == 1
    assert _summary("navigation_projects", "430000", 2022) == 2


def test_refresh_after_contest_engine_and_ip_finance_changes(data, today):
    from breakzero.calls.models import Application
    from breakzero.contests.models import Entry
    from breakzero.ipfinance.models import PatentDeal, PledgeLoan

    entry = Entry.objects.get(team_name="星火")
    entry.award = "third"
    entry.save()
    pending = Application.objects.get(state="expert_review")
    pending.state = "published"
    pending.save()
    firm = pending.enterprise
    PatentDeal.objects.create(kind="licence", enterprise=firm, counterparty="中南大学", value=Decimal("4.50"),
                              signed_on=dt.date(2022, 10, 1))
    PledgeLoan.objects.create(enterprise=firm, bank="华融湘江银行", amount=Decimal("200.00"), term_months=12,
                              lent_on=dt.date(2022, 11, 1))
    _refreshed("contest_winners")
    assert _summary("contest_winners", "430000", 2022) == 2 and _summary("contest_winners", "430602", 2022) == 1
    assert _summary("defence_projects", "430000", 2022) == 2
    assert _summary("patent_deals", "430000", 2022) == 3 and _summary("patent_deal_value", "430000", 2022) == Decimal("35.00")
    assert _summary("pledge_loans", "430000", 2022) == 2 and _summary("pledge_loan_amount", "430600", 2022) == Decimal("200.00")
