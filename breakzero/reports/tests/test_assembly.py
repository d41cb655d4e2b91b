"""Bulletin data assembly on a hand-computed fixture (summaries written directly)."""

import datetime as dt
from decimal import Decimal

import pytest

from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.regions.models import Region
from breakzero.reports.bulletins.assembly import assemble
from breakzero.reports.bulletins.periods import BulletinPeriod
from breakzero.reports.tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date(2022, 3, 1)


@pytest.fixture
def fixture_2021():
    f.refreshed(2020, 2021)
    f.value("break_zero", "430000", 2021, 270)  # default province target 300 → 90 % → at risk
    f.value("participants", "430000", 2021, 1200)  # default 1000 → on track
    f.value("break_zero", "430100", 2021, 100)
    f.target("break_zero", "430100", 2021, 80)  # 125 % on track
    f.value("break_zero", "430200", 2021, 30)
    f.target("break_zero", "430200", 2021, 32)  # 93.75 % at risk
    f.value("break_zero", "430600", 2021, 30)
    f.target("break_zero", "430600", 2021, 50)  # 60 % off track
    for month, amount in ((1, 10), (3, 5), (6, 20)):
        f.value("break_zero", "430100", 2021, amount, month=month)
    f.value("participants", "430104", 2021, 5)
    EnterpriseYearFactory(enterprise=EnterpriseFactory(county_id="430104"), year=2021)
    f.plan("430100", "2021")
    f.plan("430600", "2020-2022", status="approved")
    f.plan("430200", "2021", status="returned")


def _province():
    return Region.objects.get(code="430000")


def test_assemble_year_province_summary_matches_hand_computation(fixture_2021):
    data = assemble(region=_province(), period=BulletinPeriod("year", 2021), today=TODAY)
    rows = {r.indicator: r for r in data.summary}
    assert (rows["break_zero"].actual, rows["break_zero"].target) == (Decimal(270), Decimal(300))
    assert rows["break_zero"].ratio == Decimal("0.9000") and rows["break_zero"].status == "at_risk"
    assert rows["participants"].ratio == Decimal("1.2000") and rows["participants"].status == "on_track"
    assert data.as_of == dt.date(2021, 12, 31)


def test_assemble_year_ranking_shares_rank_on_ties(fixture_2021):
    data = assemble(region=_province(), period=BulletinPeriod("year", 2021), today=TODAY)
    ranking = data.rankings["break_zero"]
    assert [(r.region_code, r.rank) for r in ranking[:3]] == [("430100", 1), ("430200", 2), ("430600", 2)]
    assert ranking[3].rank == 4 and ranking[3].actual == Decimal(0)
    assert len(ranking) == 14


def test_assemble_year_lagging_lists_off_track_before_at_risk(fixture_2021):
    data = assemble(region=_province(), period=BulletinPeriod("year", 2021), today=TODAY)
    assert [(r.region_code, r.indicator, r.status) for r in data.lagging] == [
        ("430600", "break_zero", "off_track"), ("430200", "break_zero", "at_risk")]


def test_assemble_year_missing_plans_data_and_participants(fixture_2021):
    data = assemble(region=_province(), period=BulletinPeriod("year", 2021), today=TODAY)
    missing = {m.region_code: m.reasons for m in data.missing}
    assert "430100" not in missing and "430600" not in missing  # year plan; whole-period plan
    assert missing["430200"] == ["未提交2021年度实施方案（或已退回待重报）"]  # returned counts as missing
    assert "430104" in missing and not any("企业" in r for r in missing["430104"])  # has data and participants
    assert missing["430102"][1:] == ["无2021年度企业数据", "无2021年度参与企业"]


def test_assemble_month_uses_year_to_date_monthly_values(fixture_2021):
    city = Region.objects.get(code="430100")
    data = assemble(region=city, period=BulletinPeriod("month", 2021, 3), today=TODAY)
    row = {r.indicator: r for r in data.summary}["break_zero"]
    # Jan 10 + Mar 5 = 15 of 80; run-rate forecast 15 / 0.25 = 60 → 75 % → off track
    assert row.actual == Decimal(15) and row.ratio == Decimal("0.1875")
    assert row.forecast == Decimal(60) and row.status == "off_track"
    assert data.as_of == dt.date(2021, 3, 31)


def test_assemble_city_ranks_its_counties_only(fixture_2021):
    data = assemble(region=Region.objects.get(code="430100"), period=BulletinPeriod("year", 2021), today=TODAY)
    codes = {r.region_code for r in data.rankings["break_zero"]}
    assert codes and all(c.startswith("4301") and c != "430100" for c in codes)
    assert all(m.region_code.startswith("4301") for m in data.missing)


def test_assemble_to_json_is_serialisable(fixture_2021):
    import json

    data = assemble(region=_province(), period=BulletinPeriod("quarter", 2021, 1), today=TODAY)
    assert json.loads(json.dumps(data.to_json()))["label"] == "2021年第1季度"
