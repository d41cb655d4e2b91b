"""Exchange visits (plan §二(八), §三(四)) and the region-placed imports of training courses and visits: dates and
counts checked, rows outside the importer's region refused, a second load updates instead of duplicating."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.core.errors import DomainError
from breakzero.core.imports import OUTSIDE_SCOPE
from breakzero.ipfinance.tests.test_imports import _run
from breakzero.regions.models import Region
from breakzero.talent import services
from breakzero.talent.models import ExchangeVisit, TrainingCourse

pytestmark = pytest.mark.django_db
VISIT = {"organiser": "岳麓区中小企业服务中心", "theme": "专精特新企业赴深圳交流", "destination": "深圳",
         "started_on": dt.date(2023, 4, 10), "ended_on": dt.date(2023, 4, 12), "participants": 30, "enterprises": 20}


def test_visit_dates_counts_and_region_checked(county_official):
    county = Region.objects.get(code="430104")
    with pytest.raises(DomainError, match="结束日期"):
        services.visit_create(actor=county_official, county=county, values={**VISIT, "ended_on": dt.date(2023, 4, 9)})
    with pytest.raises(DomainError, match="参加企业数"):
        services.visit_create(actor=county_official, county=county, values={**VISIT, "enterprises": 31})
    with pytest.raises(DomainError, match="本辖区"):
        services.visit_create(actor=county_official, county=Region.objects.get(code="430602"), values=VISIT)
    assert services.visit_create(actor=county_official, county=county, values=VISIT).city_id == "430100"


def test_visit_list_scoped_to_region_and_form(client_for, county_official, other_county_official):
    response = client_for(county_official).post(reverse("talent:visit-create"), {
        **{k: str(v) for k, v in VISIT.items()}, "county_code": "430104"})
    assert response.status_code == 302 and ExchangeVisit.objects.count() == 1
    assert "专精特新企业赴深圳交流" in client_for(county_official).get(reverse("talent:visit-list")).content.decode()
    assert "专精特新企业赴深圳交流" not in client_for(other_county_official).get(reverse("talent:visit-list")).content.decode()


def test_course_import_certificates_beyond_attendees_and_other_region_rejected(county_official):
    rows = [("430104", "省企业科协联合会", "TRIZ 创新工程师训练营", "2022-05-01", "16", "40", "30"),
            ("430104", "省企业科协联合会", "创新方法大讲堂", "2022-06-01", "8", "40", "41"),
            ("430602", "岳阳市协会", "外地培训", "2022-06-01", "8", "40", ""),
            ("430100", "长沙市协会", "市级培训", "2022-06-01", "8", "40", "")]  # a city-level row: not a county's
    outcome = _run("training_courses", rows, county_official, skip_invalid=True)
    assert [(r.row, r.errors[0].column) for r in outcome.rejected] == [
        (3, "发证人数"), (4, "所在区县代码"), (5, "所在区县代码")]
    assert {r.errors[0].reason for r in outcome.rejected[1:]} == {OUTSIDE_SCOPE}
    course = TrainingCourse.objects.get()
    assert (course.county_id, course.city_id, course.certificates) == ("430104", "430100", 30)
    again = _run("training_courses", [(*rows[0][:6], "35")], county_official)
    assert again.counts.updated == 1 and TrainingCourse.objects.get().certificates == 35


def test_visit_import_city_level_by_city_official_and_unknown_region(city_official):
    rows = [("430100", "长沙市中小企业服务中心", "赴苏州交流", "苏州", "2023-05-10", "2023-05-12", "25", "18"),
            ("999999", "某单位", "无效区划", "某地", "2023-05-10", "2023-05-09", "25", "")]
    outcome = _run("exchange_visits", rows, city_official, skip_invalid=True)
    assert {e.column for e in outcome.rejected[0].errors} == {"所在区县代码", "结束日期"}
    visit = ExchangeVisit.objects.get()
    assert (visit.county_id, visit.city_id, visit.enterprises) == (None, "430100", 18)
