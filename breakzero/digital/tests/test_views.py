"""Digital pages through the client: entry, lists scoped by region, export audited, import of assessments."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from breakzero.core.imports import WriteScope, open_for, shell_limits
from breakzero.digital.models import Assessment, DigitalUse, Solution, SolutionAdoption
from breakzero.digital.sheets import AssessmentImporter
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.service_bodies.tests.factories import ServiceBodyFactory

pytestmark = pytest.mark.django_db


def test_assessment_create_as_county_official_stores_computed_level(client_for, county_official):
    firm = EnterpriseFactory(county_id="430104")
    client = client_for(county_official)
    response = client.post(reverse("digital:assessment-create"), {
        "uscc": firm.uscc, "version": "2022", "table": "manufacturing", "assessed_on": "2023-05-10",
        "mode": "self", "score": "80", "is_evaluation_passed": "unknown"})
    assert response.status_code == 302
    assert Assessment.objects.get(enterprise=firm).level == 4


def test_assessment_create_for_another_regions_enterprise_refused(client_for, county_official):
    firm = EnterpriseFactory(county_id="430602")
    response = client_for(county_official).post(reverse("digital:assessment-create"), {
        "uscc": firm.uscc, "version": "2022", "table": "manufacturing", "assessed_on": "2023-05-10",
        "mode": "self", "score": "80"})
    assert response.status_code == 200 and "未找到本辖区内的该企业" in response.content.decode()
    assert not Assessment.objects.exists()


def test_use_list_shows_only_own_region(client_for, county_official, django_assert_max_num_queries):
    own, other = EnterpriseFactory(county_id="430104", name="岳麓上云甲"), EnterpriseFactory(county_id="430602", name="岳阳上云乙")
    for firm in (own, other):
        DigitalUse.objects.create(enterprise=firm, year=2023, kind="cloud", provider="天翼云")
    client = client_for(county_official)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("digital:use-list")).content.decode()
    assert "岳麓上云甲" in body and "岳阳上云乙" not in body
    partial = client.get(reverse("digital:use-list"), headers={"HX-Request": "true"}).content.decode()
    assert "岳麓上云甲" in partial and "<html" not in partial


def test_assessment_export_is_xlsx_of_visible_rows(client_for, city_official):
    Assessment.objects.create(enterprise=EnterpriseFactory(county_id="430104"), version="2024", level=2,
                              assessed_on=dt.date(2024, 10, 1))
    response = client_for(city_official).get(reverse("digital:assessment-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_enterprise_adopts_catalogue_solution(client_for, enterprise_user):
    solution = Solution.objects.create(body=ServiceBodyFactory(), name="MES 轻量化", industry="装备制造", scenario="生产执行")
    client = client_for(enterprise_user)
    assert "MES 轻量化" in client.get(reverse("digital:solution-list")).content.decode()
    response = client.post(reverse("digital:solution-adopt", args=[solution.pk]), {"adopted_on": "2024-03-01",
                                                                                  "outcome": "交付周期缩短20%"})
    assert response.status_code == 302
    assert SolutionAdoption.objects.get().enterprise == enterprise_user.enterprise


def _sheet(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in AssessmentImporter.columns])
    writer.writerows(rows)
    return open_for(AssessmentImporter(), io.BytesIO(buffer.getvalue().encode("utf-8-sig")), limits=shell_limits())


def test_assessment_import_checks_rows_and_keeps_stored_values_for_blank_cells():
    firm = EnterpriseFactory(county_id="430104")
    importer = AssessmentImporter()
    first = importer.run(_sheet([
        [firm.uscc, "2022", "2023-05-10", "62.5", "", "自评", "制造业", "甲评测机构", "否", ""],
        [firm.uscc, "2024", "2024-11-01", "", "", "现场评测", "", "", "是", "通过"],  # 2024 without level
        [firm.uscc, "2022", "2023-05-10", "70", "", "", "", "", "", ""],  # repeat
    ]), scope=WriteScope.everywhere(), apply=True, skip_invalid=True, progress=lambda n: None)
    assert [r.row for r in first.rejected] == [3, 4]
    assert Assessment.objects.get().level == 3
    second = importer.run(_sheet([[firm.uscc, "2022", "2023-05-10", "85", "", "", "", "", "", ""]]),
                          scope=WriteScope.everywhere(), apply=True, skip_invalid=False, progress=lambda n: None)
    stored = Assessment.objects.get()
    assert second.counts.updated == 1 and stored.level == 4 and stored.assessor == "甲评测机构"
