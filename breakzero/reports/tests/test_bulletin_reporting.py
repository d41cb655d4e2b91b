"""Bulletins say how much of the self-reported figures is accepted, pending or missing, and rank the
regions by on-time reports (data collection: timeliness in bulletins)."""

import datetime as dt
import io

import openpyxl
import pytest

from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.indicators.models import Participant
from breakzero.regions.models import Region
from breakzero.reporting.models import Submission
from breakzero.reporting.tests.factories import WindowFactory
from breakzero.reports.bulletins.assembly import assemble
from breakzero.reports.bulletins.periods import BulletinPeriod
from breakzero.reports.bulletins.render import render_xlsx, table_rows

pytestmark = pytest.mark.django_db
S = Submission.Status


@pytest.fixture
def reports():
    """长沙 (430104): 3 expected, 1 accepted on time, 1 pending late, 1 missing; 岳阳 (430602): 2 on time, pending."""
    window = WindowFactory(period="2021", year=2021, opens_on=dt.date(2022, 3, 1), due_on=dt.date(2022, 4, 30),
                           closes_on=dt.date(2022, 5, 31))
    firms = [EnterpriseFactory(county_id=c) for c in ("430104", "430104", "430602", "430602", "430104")]
    for firm in firms:
        Participant.objects.create(enterprise=firm, year=2021)
    for firm, status, late in ((firms[0], S.ACCEPTED, False), (firms[1], S.SUBMITTED, True),
                               (firms[2], S.SUBMITTED, False), (firms[3], S.SUBMITTED, False)):
        Submission.objects.create(window=window, enterprise=firm, county_id=firm.county_id, status=status, is_late=late)
    return window


def test_bulletin_reporting_totals_then_cities_ranked_by_timeliness(reports):
    data = assemble(region=Region.objects.get(code="430000"), period=BulletinPeriod("year", 2021),
                    today=dt.date(2022, 6, 1))
    total, *ranked = data.reporting
    assert (total.region_code, total.rank, total.expected, total.accepted, total.pending, total.missing) == (
        "430000", None, 5, 1, 3, 1)
    assert [(r.region_code, r.rank, r.on_time, r.on_time_rate) for r in ranked] == [
        ("430600", 1, 2, 100.0), ("430100", 2, 1, 33.3)]
    assert all(r.window == "年度创新数据 2021" for r in data.reporting)


def test_bulletin_reporting_city_ranks_counties_and_renders(reports):
    data = assemble(region=Region.objects.get(code="430100"), period=BulletinPeriod("year", 2021),
                    today=dt.date(2022, 6, 1))
    rows = table_rows(data)["填报及时率"]
    assert rows[0][:3] == ["年度创新数据 2021", "合计", "长沙市"] and rows[0][3:10] == [3, 2, 1, 1, 1, 0, 1]
    assert rows[1][1:4] == [1, "岳麓区", 3] and rows[1][10] == "33.3%"
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))
    assert "填报及时率" in book.sheetnames


def test_bulletin_reporting_window_not_yet_open_is_left_out(reports):
    data = assemble(region=Region.objects.get(code="430000"), period=BulletinPeriod("year", 2021),
                    today=dt.date(2022, 1, 15))
    assert data.reporting == []
