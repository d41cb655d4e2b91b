"""Data quality page: soft-rule outliers, declarations contradicted, patents without a report; scoped."""

import datetime as dt

import pytest

from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.patents.tests.factories import PatentApplicantFactory, PatentFactory
from breakzero.policies.models import DeclaredFacts
from breakzero.reporting.models import Submission
from breakzero.reporting.tests.factories import WindowFactory

VALUES = {"operating_revenue": "2000", "rd_expense": "60", "total_cost": "1800"}


@pytest.fixture
def window(db):
    return WindowFactory(period="2021", year=2021)


def test_data_quality_lists_each_problem_with_enterprise_links(client_for, county_official, window):
    flagged, hnte, silent, fine = (EnterpriseFactory(county_id="430104") for _ in range(4))
    Submission.objects.create(window=window, enterprise=flagged, status="submitted", values=VALUES,
                              questions=[{"code": "intensity", "field": "rd_expense", "message_zh": "研发投入强度超过 30%",
                                          "explanation": "集中投入"}])
    Submission.objects.create(window=window, enterprise=hnte, status="accepted", values=VALUES)
    DeclaredFacts.objects.create(enterprise=hnte, year=2021, data={"has_valid_hnte": True, "rd_expense": "60"})
    Submission.objects.create(window=window, enterprise=fine, status="accepted", values=VALUES)
    PatentApplicantFactory(enterprise=silent, patent=PatentFactory(application_date=dt.date(2021, 5, 1)))
    PatentApplicantFactory(enterprise=fine, patent=PatentFactory(application_date=dt.date(2021, 5, 1)))
    page = client_for(county_official).get(f"/reporting/windows/{window.pk}/quality/")
    assert [s.enterprise for s in page.context["outliers"]] == [flagged]
    assert [(s.enterprise, [c.code for c in found]) for s, found in page.context["contradictions"]] == [(hnte, ["rd_vs_hnte"])]
    assert page.context["patents_no_report"] == [silent]
    assert f"/enterprises/{silent.pk}/" in page.content.decode()


def test_data_quality_other_region_sees_nothing_of_ours(client_for, other_county_official, window):
    silent = EnterpriseFactory(county_id="430104")
    PatentApplicantFactory(enterprise=silent, patent=PatentFactory(application_date=dt.date(2021, 5, 1)))
    page = client_for(other_county_official).get(f"/reporting/windows/{window.pk}/quality/")
    assert page.context["patents_no_report"] == []
    assert client_for(other_county_official).get(f"/reporting/windows/{window.pk}/quality/?region=430104").status_code == 404
