"""Every figure agrees wherever it is shown, and every figure opens the records behind it.

Iterates the indicator registry, so an indicator added later is covered without a new test: for each
one, the dashboard number, what its drill-down records add up to, the `progress` command and the
year bulletin agree for the province, a prefecture and a county.
"""

import datetime as dt
import html
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command

from breakzero.core.numbers import indicator_value
from breakzero.indicators import definitions, records
from breakzero.indicators.models import IndicatorValue
from breakzero.indicators.summaries import summaries_refresh
from breakzero.indicators.tests import fixtures
from breakzero.regions.models import Region
from breakzero.reports.bulletins.assembly import assemble
from breakzero.reports.bulletins.periods import BulletinPeriod
from breakzero.service_bodies.models import EngineerTraining, ServiceBody
from breakzero.service_bodies.tests.factories import EngineerFactory, ServiceBodyFactory

TODAY = dt.date(2023, 1, 15)
REGIONS = ("430000", "430100", "430104", "430600", "430602")
YEARS = (2019, 2020, 2021, 2022)
INDICATORS = sorted(definitions.REGISTRY)


def _build_service_system() -> None:
    """Two platforms (one county, one prefecture-level), a core institution, two engineers."""
    ServiceBodyFactory(region_id="430104", recognized_on=dt.date(2020, 6, 1))
    ServiceBodyFactory(region_id="430100", recognized_on=dt.date(2021, 3, 1))
    ServiceBodyFactory(region_id="430602", kind=ServiceBody.Kind.CORE_INSTITUTION, recognized_on=dt.date(2021, 5, 1))
    ServiceBodyFactory(region_id="430602", recognized_on=dt.date(2021, 5, 1), is_active=False)  # never counted
    EngineerFactory(county_id="430104", city_id="430100", certificate_number="CE-1", certified_on=dt.date(2021, 9, 1))
    trained = EngineerFactory(county_id="430602", city_id="430600")
    EngineerTraining.objects.create(engineer=trained, course="TRIZ", hours=Decimal(16), trained_on=dt.date(2022, 4, 2))
    EngineerFactory(county_id="430102", city_id="430100")  # neither trained nor certified: not counted


def _build_digital() -> None:
    """上云/上平台 in two counties and years; assessments: 三级+ counted once per enterprise and year."""
    from breakzero.digital.models import Assessment, DigitalUse
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    yuelu, yueyang = EnterpriseFactory(county_id="430104"), EnterpriseFactory(county_id="430602")
    DigitalUse.objects.create(enterprise=yuelu, year=2021, kind="cloud", provider="天翼云")
    DigitalUse.objects.create(enterprise=yuelu, year=2022, kind="cloud", provider="天翼云")
    DigitalUse.objects.create(enterprise=yueyang, year=2022, kind="platform", provider="树根互联", platform_name="根云")
    Assessment.objects.create(enterprise=yuelu, version="2022", score=65, level=3, assessed_on=dt.date(2022, 3, 1))
    Assessment.objects.create(enterprise=yuelu, version="2024", level=4, assessed_on=dt.date(2022, 11, 1))
    Assessment.objects.create(enterprise=yueyang, version="2022", score=45, level=2, assessed_on=dt.date(2022, 5, 1))
    _build_contest(yuelu)
    from breakzero.talent.models import LeadingTalent

    LeadingTalent.objects.create(enterprise=yuelu, name="甲", programme="芙蓉计划", year=2022)
    LeadingTalent.objects.create(enterprise=yueyang, kind="team", name="乙团队", programme="芙蓉计划", year=2021)
    _build_engine_results(yuelu, yueyang)
    _build_ip_finance(yuelu, yueyang)
    _build_empowerment(yuelu, yueyang)


def _build_empowerment(yuelu, yueyang) -> None:
    """Digital levels 1–4, flexible experts, courses, visits, achievements and navigation projects (2021–2022).

    2021 levels: 岳阳楼区 三级 (score 70), a 芙蓉区 firm 一级 (score 25); 2022: 岳麓区 四级 (its best), 岳阳楼区 二级.
    Experts: 岳麓区 2022 ×1, 岳阳楼区 2021 ×1. Courses 2022: 岳麓区 40 + 长沙市-level 20 attendees; 岳阳楼区 2021 15.
    Visits: 长沙市 2022, 岳阳楼区 2022. Achievements: 岳麓区 2022 ×2. Navigation: 岳阳楼区 2022, 岳麓区 2021."""
    from breakzero.digital.models import Assessment
    from breakzero.enterprises.tests.factories import EnterpriseFactory
    from breakzero.ipfinance.models import Achievement, NavigationProject
    from breakzero.talent.models import ExchangeVisit, FlexibleExpert, TrainingCourse

    furong = EnterpriseFactory(county_id="430102")
    Assessment.objects.create(enterprise=yueyang, version="2022", score=70, level=3, assessed_on=dt.date(2021, 6, 1))
    Assessment.objects.create(enterprise=furong, version="2022", score=25, level=1, assessed_on=dt.date(2021, 7, 1))
    FlexibleExpert.objects.create(enterprise=yuelu, name="赵", from_organisation="中南大学",
                                  agreement_start=dt.date(2022, 3, 1), agreement_end=dt.date(2024, 2, 28))
    FlexibleExpert.objects.create(enterprise=yueyang, name="钱", from_organisation="湖南大学",
                                  agreement_start=dt.date(2021, 3, 1), agreement_end=dt.date(2023, 2, 28))
    for county, city, held_on, attendees in (("430104", "430100", dt.date(2022, 5, 1), 40),
                                             (None, "430100", dt.date(2022, 6, 1), 20),
                                             ("430602", "430600", dt.date(2021, 6, 1), 15)):
        TrainingCourse.objects.create(organiser="省企业科协联合会", course=f"TRIZ {held_on}", held_on=held_on,
                                      hours=Decimal(16), attendees=attendees, certificates=10, county_id=county,
                                      city_id=city)
    for county, city in ((None, "430100"), ("430602", "430600")):
        ExchangeVisit.objects.create(organiser=f"{city}服务中心", theme="赴深圳交流", destination="深圳",
                                     started_on=dt.date(2022, 4, 10), ended_on=dt.date(2022, 4, 12), participants=30,
                                     county_id=county, city_id=city)
    for title in ("成果甲", "成果乙"):
        Achievement.objects.create(title=title, kind="technology", holder_kind="university", holder="中南大学",
                                   listed_on=dt.date(2022, 3, 1), county_id="430104", city_id="430100")
    for county, city, started in (("430602", "430600", dt.date(2022, 2, 1)), ("430104", "430100", dt.date(2021, 2, 1))):
        NavigationProject.objects.create(name=f"导航{county}", kind="industry", subject="工程机械", client=f"委托{county}",
                                         provider="知识产权中心", started_on=started, county_id=county, city_id=city)


def _build_engine_results(yuelu, yueyang) -> None:
    """职称绿色通道 and 民参军 calls of 2022: published applications count, one still under review does not."""
    from breakzero.calls.models import Application, Call, Programme

    for programme_type, states in (("title_green_channel", ("published", "published")),
                                   ("defence_core_technology", ("published", "expert_review"))):
        programme = Programme.objects.create(name=programme_type, owner_department="中小企业处", programme_type=programme_type)
        call = Call.objects.create(programme=programme, document_number=f"{programme_type}-2022", title=f"2022 {programme_type}",
                                   year=2022, opens_on=dt.date(2022, 3, 1), enterprise_deadline=dt.date(2022, 4, 1))
        for firm, state in zip((yuelu, yueyang), states, strict=True):
            Application.objects.create(call=call, enterprise=firm, county_id=firm.county_id, city_id=firm.city_id, state=state)


def _build_ip_finance(yuelu, yueyang) -> None:
    """Two 2022 deals (岳麓区 10.50 + 岳阳楼区 20.00 万元), one 2021 deal; a 2022 pledge loan in 岳麓区."""
    from breakzero.ipfinance.models import PatentDeal, PledgeLoan

    PatentDeal.objects.create(kind="transfer", enterprise=yuelu, counterparty="中南大学", value=Decimal("10.50"),
                              signed_on=dt.date(2022, 6, 1))
    PatentDeal.objects.create(kind="licence", enterprise=yueyang, counterparty="湖南大学", value=Decimal("20.00"),
                              signed_on=dt.date(2022, 8, 1))
    PatentDeal.objects.create(kind="transfer", enterprise=yueyang, counterparty="湘潭大学", value=Decimal("5.00"),
                              signed_on=dt.date(2021, 8, 1))
    PledgeLoan.objects.create(enterprise=yuelu, bank="长沙银行", amount=Decimal("300.00"), term_months=12,
                              lent_on=dt.date(2022, 9, 1))


def _build_contest(firm) -> None:
    """A 2022 edition: an enterprise entry that won (岳麓区) and a 创客组 team of 岳阳楼区 that did not."""
    from breakzero.contests.models import Contest, Entry

    contest = Contest.objects.create(kind="maker_china", year=2022, name="2022创客中国", registration_opens_on=dt.date(2022, 4, 1),
                                     registration_closes_on=dt.date(2022, 5, 31))
    Entry.objects.create(contest=contest, group="enterprise", enterprise=firm, project="A", county_id="430104",
                         city_id="430100", registered_on=dt.date(2022, 4, 2), stage="final", award="second")
    Entry.objects.create(contest=contest, group="maker", team_name="星火", team_leader="王", project="B",
                         county_id="430602", city_id="430600", registered_on=dt.date(2022, 4, 3))


@pytest.fixture
def data(db):
    cache.clear()
    fixtures.build()
    _build_service_system()
    _build_digital()
    summaries_refresh(today=TODAY)


def _summary(indicator_id: str, code: str, year: int) -> Decimal | None:
    """The stored figure; without a row a count is 0 and a sum or ratio has no value (shown as —)."""
    row = IndicatorValue.objects.filter(indicator=indicator_id, region_id=code, year=year, month__isnull=True).first()
    if row is not None:
        return row.value
    return Decimal(0) if definitions.get(indicator_id).is_count else None


def _listing(indicator_id: str, code: str, year: int) -> records.Listing:
    return records.listing(indicator=definitions.get(indicator_id), region=Region.objects.get(code=code), year=year,
                           month=None)


@pytest.mark.parametrize("indicator_id", INDICATORS)
def test_record_list_every_indicator_region_and_year_opens_and_lists_what_was_counted(
    data, province_official, client_for, indicator_id
):
    client = client_for(province_official)
    for code in REGIONS:
        for year in YEARS:
            response = client.get(f"/progress/records/?indicator={indicator_id}&region={code}&year={year}")
            assert response.status_code == 200, (indicator_id, code, year)
            if _summary(indicator_id, code, year):
                assert "没有记录。" not in response.content.decode(), (indicator_id, code, year)


@pytest.mark.parametrize("indicator_id", INDICATORS)
def test_record_list_xlsx_every_indicator_exports(data, province_official, client_for, indicator_id):
    response = client_for(province_official).get(f"/progress/records/?indicator={indicator_id}&region=430100&year=2022"
                                                 "&format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


@pytest.mark.parametrize("indicator_id", INDICATORS)
def test_fixture_gives_every_indicator_a_non_zero_figure(data, indicator_id):
    """A new indicator needs data here too, or the consistency checks below would only compare zeros."""
    assert IndicatorValue.objects.filter(indicator=indicator_id, region_id__in=REGIONS, value__gt=0).exists()


def test_digital_figures_count_enterprises_once(data):
    assert _summary("cloud_enterprises", "430000", 2022) == 1 and _summary("cloud_enterprises", "430104", 2021) == 1
    assert _summary("platform_enterprises", "430600", 2022) == 1
    assert _summary("digital_level3_plus", "430000", 2022) == 1  # two 三级+ assessments, one enterprise
    assert _listing("digital_level3_plus", "430000", 2022).figure() == 1
    assert _summary("digital_assessed", "430000", 2022) == 2 and _summary("digital_assessed", "430600", 2022) == 1
    assert sorted(row[-1] for row in _listing("digital_assessed", "430000", 2022).rows()) == [2, 4]  # by level
    assert _summary("contest_entries", "430000", 2022) == 2 and _summary("contest_winners", "430600", 2022) == 0
    assert _summary("contest_winners", "430104", 2022) == 1
    assert _summary("leading_talents", "430000", 2022) == 1 and _summary("leading_talents", "430600", 2021) == 1


def test_engine_and_ip_finance_figures_count_published_and_sum_values(data):
    assert _summary("title_approvals", "430000", 2022) == 2 and _summary("title_approvals", "430600", 2022) == 1
    assert _summary("defence_projects", "430000", 2022) == 1 and _summary("defence_projects", "430602", 2022) == 0
    assert _summary("patent_deals", "430000", 2022) == 2 and _summary("patent_deals", "430602", 2021) == 1
    assert _summary("patent_deal_value", "430000", 2022) == Decimal("30.50")
    assert _listing("patent_deal_value", "430100", 2022).figure() == Decimal("10.50")
    assert _summary("pledge_loans", "430104", 2022) == 1 and _summary("pledge_loan_amount", "430600", 2022) is None
    assert _listing("pledge_loan_amount", "430000", 2022).figure() == Decimal("300.00")


def test_service_system_figures_are_not_all_zero(data):
    """The service indicators' hand-checked values (county, prefecture-level and inactive bodies)."""
    assert _summary("platforms", "430000", 2022) == 2 and _summary("platforms", "430104", 2022) == 1
    assert _summary("core_institutions", "430600", 2022) == 1
    assert _summary("innovation_engineers", "430000", 2021) == 1 and _summary("innovation_engineers", "430000", 2022) == 2


@pytest.mark.parametrize("indicator_id", INDICATORS)
def test_figure_dashboard_records_command_and_bulletin_agree(data, province_official, client_for, indicator_id):
    indicator = definitions.get(indicator_id)
    client = client_for(province_official)
    bulletins = {code: assemble(region=Region.objects.get(code=code), period=BulletinPeriod("year", 2022), today=TODAY)
                 for code in ("430000", "430100", "430600")}
    for code, year in (("430000", 2022), ("430100", 2022), ("430104", 2022), ("430000", 2021), ("430602", 2022)):
        shown = _shown(_summary(indicator_id, code, year), indicator)
        page = client.get(f"/progress/?region={code}&year={year}&indicator={indicator_id}").content.decode()
        assert _dashboard_number(page, indicator_id) == shown, ("dashboard", code, year)
        figure = _listing(indicator_id, code, year).figure()
        assert _shown(figure, indicator) == shown, ("records", code, year)
        assert _shown(_command_actual(indicator_id, code, year), indicator) == shown, (
            "progress command", code, year)
        if year == 2022:
            line = _bulletin_line(bulletins, indicator_id, code)
            assert _shown(line.actual, indicator) == shown, ("bulletin", code, year)


def _shown(value: Decimal | None, indicator) -> str:
    """As the pages print it (a fraction as a percentage); no value is a dash."""
    return indicator_value(value, indicator) or "—"


def _dashboard_number(page: str, indicator_id: str) -> str:
    row = re.search(rf'<tr data-indicator="{indicator_id}">(.*?)</tr>', page, re.S)
    assert row is not None, f"{indicator_id} missing from the dashboard"
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(1), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", cells[0])).strip()


def _command_actual(indicator_id: str, code: str, year: int) -> Decimal | None:
    out = io.StringIO()
    call_command("progress", year=year, region=code, format="json", today=TODAY.isoformat(), stdout=out,
                 stderr=io.StringIO())
    row = next(r for r in json.loads(out.getvalue()) if r["indicator"] == indicator_id)
    return Decimal(row["actual"]) if row["actual"] else None


def _bulletin_line(bulletins: dict, indicator_id: str, code: str):
    if code in bulletins:
        return next(line for line in bulletins[code].summary if line.indicator == indicator_id)
    parent = "430000" if code.endswith("00") else code[:4] + "00"
    return next(line for line in bulletins[parent].rankings[indicator_id] if line.region_code == code)


@pytest.mark.parametrize("indicator_id", [i for i in INDICATORS if definitions.get(i).has_months])
def test_figure_monthly_values_equal_their_month_records(data, indicator_id):
    for code in ("430000", "430100", "430602"):
        for month in range(1, 13):
            row = IndicatorValue.objects.filter(indicator=indicator_id, region_id=code, year=2022, month=month).first()
            stored = row.value if row is not None else Decimal(0)
            listing = records.listing(indicator=definitions.get(indicator_id), region=Region.objects.get(code=code),
                                      year=2022, month=month)
            assert listing.figure() == stored, (code, month)


@pytest.mark.parametrize("code", ["430000", "430100", "430104"])
def test_dashboard_every_linked_number_opens_its_records(data, province_official, client_for, code):
    """Whatever the dashboard links a number to (progress table, ranking, level lines) answers 200."""
    client = client_for(province_official)
    links = set()
    for indicator_id in INDICATORS:
        page = client.get(f"/progress/?region={code}&year=2022&indicator={indicator_id}").content.decode()
        links |= {html.unescape(href) for href in re.findall(r'href="(/progress/records/\?[^"]+)"', page)}
        links |= {html.unescape(href) for href in re.findall(r'href="(/patents/[^"]*\?[^"]+)"', page)}
    assert len(links) >= len(INDICATORS)
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize(("period_type", "period"), [("month", 6), ("quarter", 2), ("year", 0)])
def test_bulletin_every_number_equals_the_records_it_links_to(data, province_official, client_for, period_type, period):
    from urllib.parse import parse_qs

    client = client_for(province_official)
    for code in ("430000", "430100"):
        bulletin = assemble(region=Region.objects.get(code=code), period=BulletinPeriod(period_type, 2022, period),
                            today=TODAY)
        for line in [*bulletin.summary, *[row for rows in bulletin.rankings.values() for row in rows]]:
            query = {k: v[0] for k, v in parse_qs(line.records_query).items()}
            indicator = definitions.get(query["indicator"])
            listing = records.listing(indicator=indicator, region=Region.objects.get(code=query["region"]),
                                      year=int(query["year"]), month=None,
                                      until=int(query["until"]) if "until" in query else None)
            assert _shown(listing.figure(), indicator) == _shown(
                line.actual, indicator), (period_type, line.region_code, line.indicator)
        assert client.get(f"/progress/records/?{bulletin.summary[0].records_query}").status_code == 200
