"""Officials' yearly imports become accepted submissions entered by the official, with rule findings."""

import io

import pytest

from breakzero.core import hooks
from breakzero.core.imports import get_importer, run_file
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.enterprises.tests.fixtures.builders import YEARLY_HEADERS, csv_bytes, uscc, yearly_row
from breakzero.enterprises.models import EnterpriseYear
from breakzero.reporting.models import PeriodLock, Submission, SubmissionEvent
from breakzero.reporting.tests.factories import WindowFactory


@pytest.fixture
def firms(db):
    return [EnterpriseFactory(uscc=uscc(i), county_id="430104") for i in (1, 2)]


def _import(rows, skip_invalid=False):
    importer = get_importer("enterprise-years")
    outcome = run_file(importer, io.BytesIO(csv_bytes(YEARLY_HEADERS, rows)), user=None, apply=True,
                       skip_invalid=skip_invalid)
    hooks._REFRESHERS["reporting_official_entries"].func(sources=["yearly"], enterprise_ids=outcome.changed_ids)
    return outcome


def test_import_creates_accepted_official_submissions_with_findings(firms):
    window = WindowFactory(period="2024", year=2024)
    _import([yearly_row(firms[0].uscc, 2024), yearly_row(firms[1].uscc, 2024, rd=3000),
             yearly_row(firms[0].uscc, 2023)])
    subs = {s.enterprise_id: s for s in Submission.objects.filter(window=window)}
    assert set(subs) == {firms[0].pk, firms[1].pk}
    first = subs[firms[0].pk]
    assert first.status == "accepted" and first.is_entered_by_official and first.values["rd_expense"] == "320.00"
    assert first.questions == []
    assert [q["code"] for q in subs[firms[1].pk].questions] == ["intensity"]  # 3000 / 8000 = 37.5 %
    assert SubmissionEvent.objects.filter(action="import").count() == 2


def test_reimport_changed_value_updates_and_keeps_custom_fields(firms):
    window = WindowFactory(period="2024", year=2024)
    _import([yearly_row(firms[0].uscc, 2024)])
    sub = Submission.objects.get(window=window)
    sub.values["total_cost"] = "7000"
    sub.save()
    _import([yearly_row(firms[0].uscc, 2024, rd=330)])
    sub.refresh_from_db()
    assert sub.values["total_cost"] == "7000" and sub.values["rd_expense"] == "330.00"
    assert SubmissionEvent.objects.filter(action="import").count() == 2


def test_refresher_ignores_other_sources(firms):
    WindowFactory(period="2024", year=2024)
    hooks._REFRESHERS["reporting_official_entries"].func(sources=["enterprises"], enterprise_ids=[firms[0].pk])
    assert not Submission.objects.exists()


def _reasons(outcome) -> list[str]:
    return [e.reason for rejected in outcome.rejected for e in rejected.errors]


def test_import_row_breaking_hard_rule_is_refused_like_the_form(firms):
    window = WindowFactory(period="2024", year=2024)
    outcome = _import([yearly_row(firms[0].uscc, 2024), yearly_row(firms[1].uscc, 2024, new_rev=9000)],
                      skip_invalid=True)  # 新产品销售收入 9000 > 营业收入 8000
    assert [r.row for r in outcome.rejected] == [3]
    assert _reasons(outcome) == ["新产品销售收入不能超过营业收入（年度创新数据审核规则）"]
    assert not EnterpriseYear.objects.filter(enterprise=firms[1], year=2024).exists()
    assert list(Submission.objects.filter(window=window).values_list("enterprise_id", flat=True)) == [firms[0].pk]


def test_import_without_window_for_the_year_keeps_old_behaviour(firms):
    WindowFactory(period="2024", year=2024)
    outcome = _import([yearly_row(firms[1].uscc, 2023, new_rev=9000)])  # no 2023 window: no rules
    assert not outcome.rejected and EnterpriseYear.objects.filter(enterprise=firms[1], year=2023).exists()


def test_import_into_locked_period_is_refused(firms, county_official):
    window = WindowFactory(period="2024", year=2024)
    _import([yearly_row(firms[0].uscc, 2024)])
    PeriodLock.objects.create(window=window, region_id="430104", locked_by=county_official)
    outcome = _import([yearly_row(firms[0].uscc, 2024, rd=999)], skip_invalid=True)
    assert "2024 年度数据已锁定，修改须提出更正申请并经上一级批准" in _reasons(outcome)
    assert EnterpriseYear.objects.get(enterprise=firms[0], year=2024).rd_expense == 320
    assert Submission.objects.get(window=window).values["rd_expense"] == "320.00"
