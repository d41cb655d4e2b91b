"""Guard: every registered importer applies the importing user's write scope to every row.

The test walks the registry: each importer is run as a county official (岳麓区) over a file
with a row of their own county and rows touching another county (岳阳楼区). The foreign
rows must be rejected, the own row accepted, and nothing of the other county may change.
An importer registered without a scenario below fails `test_every_importer_has_a_scope_scenario`,
so a new importer is covered as soon as it exists.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from breakzero.core.imports import WriteScope, importers, open_for, register, shell_limits
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory

HOME, FOREIGN = "430104", "430602"  # 岳麓区 (the official's), 岳阳楼区 (another city's county)


@dataclass
class Scenario:
    rows: list[dict[str, Any]]  # by column key; the file's first data row is row 2
    foreign_rows: set[int]  # row numbers that touch the other county


def _firms() -> tuple[Enterprise, Enterprise]:
    home = EnterpriseFactory(county_id=HOME, name="湖南岳麓甲科技有限公司")
    foreign = EnterpriseFactory(county_id=FOREIGN, name="岳阳楼乙科技有限公司", contact_person="赵六")
    return home, foreign


def _enterprises() -> Scenario:
    home, foreign = _firms()
    new_home = {"uscc": "91430104MA4L1A2B9U", "name": "湖南新登记科技有限公司", "county": HOME, "industry_code": "C3911"}
    moved = {"uscc": foreign.uscc, "name": "被改名的公司", "county": HOME, "industry_code": "C3911"}
    new_foreign = {"uscc": "91430602MA4L1A2B9X", "name": "岳阳新公司", "county": FOREIGN, "industry_code": "C3911"}
    return Scenario([new_home, moved, new_foreign], {3, 4})


def _enterprise_years() -> Scenario:
    home, foreign = _firms()
    EnterpriseYearFactory(enterprise=foreign, year=2021)
    return Scenario(
        [{"uscc": home.uscc, "year": 2021, "operating_revenue": 100},
         {"uscc": foreign.uscc, "year": 2021, "operating_revenue": 1, "employees": ""}],
        {3},
    )  # fmt: skip


def _patents() -> Scenario:
    return _patent_rows()[0]


def _patent_rows() -> tuple[Scenario, dict[str, Any]]:
    """The scenario, and a row listing the official's own firm on the other county's patent."""
    from breakzero.patents.tests.factories import PatentApplicantFactory, PatentFactory, number

    home, foreign = _firms()
    stored = PatentFactory(application_number=number(2021, "invention", 700001), legal_status="granted",
                           publication_number="CN113000001B", publication_date=dt.date(2022, 6, 10))  # fmt: skip
    PatentApplicantFactory(patent=stored, position=1, name=foreign.name, enterprise=foreign)
    row = {"application_date": "2021-03-05", "kind_label": "发明", "title": "一种装置", "publication_number": "",
           "publication_date": "", "legal_status": "失效"}  # fmt: skip
    own = {**row, "application_number": number(2021, "invention", 700002), "applicants": home.name}
    change_foreign = {**row, "application_number": stored.application_number, "applicants": foreign.name}
    hijack = {**row, "application_number": stored.application_number, "applicants": home.name}
    new_foreign = {**row, "application_number": number(2021, "invention", 700003), "applicants": foreign.name}
    return Scenario([own, change_foreign, new_foreign], {3, 4}), hijack


def _titles() -> Scenario:
    home, foreign = _firms()
    row = {"label": "省级专精特新中小企业", "batch": "第一批", "recognized_on": "2022-01-10"}
    return Scenario([{**row, "uscc": home.uscc, "name": home.name}, {**row, "uscc": foreign.uscc, "name": foreign.name}], {3})


def _participants() -> Scenario:
    home, foreign = _firms()
    return Scenario([{"uscc": home.uscc, "year": 2022}, {"uscc": foreign.uscc, "year": 2022, "note": "改"}], {3})


def _engineers() -> Scenario:
    from breakzero.service_bodies.tests.factories import EngineerFactory

    home, foreign = _firms()
    stored = EngineerFactory(county_id=FOREIGN, city_id="430600", phone="13900000000")
    base = {"certificate_number": "X-1"}
    return Scenario(
        [{**base, "name": "本地工程师", "id_number": "110101199003074514", "county": HOME},
         {**base, "name": "搬走", "id_number": stored.id_number, "county": HOME},
         {**base, "name": "外地新人", "id_number": "110101199003077256", "county": FOREIGN},
         {**base, "name": "挂外地企业", "id_number": "11010119900307003X", "employer_uscc": foreign.uscc}],
        {3, 4, 5},
    )  # fmt: skip


def _event_attendees() -> Scenario:
    from breakzero.service_bodies.tests.factories import ServiceEventFactory

    home, foreign = _firms()
    own_event = ServiceEventFactory(body__region_id=HOME)
    foreign_event = ServiceEventFactory(body__region_id=FOREIGN)
    return Scenario(
        [{"event": own_event.pk, "uscc": home.uscc, "attendee_name": "张三"},
         {"event": foreign_event.pk, "uscc": foreign.uscc, "attendee_name": "李四"}],
        {3},
    )  # fmt: skip


def _digital_assessments() -> Scenario:
    home, foreign = _firms()
    row = {"version": "2022", "assessed_on": "2023-05-10", "score": "65"}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _leading_talents() -> Scenario:
    home, foreign = _firms()
    row = {"name": "张三", "programme": "芙蓉计划", "year": "2022"}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _defence_qualifications() -> Scenario:
    home, foreign = _firms()
    row = {"kind": "保密资格", "valid_from": "2022-01-01", "valid_until": "2026-12-31"}
    return Scenario([{**row, "number": "BM-1", "uscc": home.uscc}, {**row, "number": "BM-2", "uscc": foreign.uscc}], {3})


def _patent_deals() -> Scenario:
    from breakzero.patents.tests.factories import PatentFactory

    home, foreign = _firms()
    row = {"kind": "转让", "counterparty": "中南大学", "value": "10", "signed_on": "2022-06-01",
           "patents": PatentFactory().application_number}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _flexible_experts() -> Scenario:
    home, foreign = _firms()
    row = {"name": "李四", "from_organisation": "中南大学", "agreement_start": "2022-01-01", "agreement_end": "2024-12-31"}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _digital_uses() -> Scenario:
    home, foreign = _firms()
    row = {"year": "2022", "kind": "上云", "provider": "天翼云"}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _pledge_loans() -> Scenario:
    from breakzero.patents.tests.factories import PatentFactory

    home, foreign = _firms()
    row = {"bank": "长沙银行", "amount": "300", "term_months": "12", "lent_on": "2022-09-01",
           "patents": PatentFactory().application_number}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _digital_projects() -> Scenario:
    home, foreign = _firms()
    row = {"year": "2023", "name": "MES 系统建设", "scope": "生产执行"}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _placed(row: dict[str, Any]) -> Scenario:
    """A region-placed record (core.record_imports.RegionRecordImporter): the row names its county by code; the
    other county, and the city above the official's county, are outside the scope."""
    return Scenario([{**row, "region": HOME}, {**row, "region": FOREIGN}, {**row, "region": "430100"}], {3, 4})


def _training_courses() -> Scenario:
    return _placed({"organiser": "省企业科协联合会", "course": "TRIZ 训练营", "held_on": "2022-05-01", "hours": "16",
                    "attendees": "40", "certificates": "30"})


def _exchange_visits() -> Scenario:
    return _placed({"organiser": "服务中心", "theme": "赴深圳交流", "destination": "深圳", "started_on": "2023-04-10",
                    "ended_on": "2023-04-12", "participants": "30"})


def _achievements() -> Scenario:
    return _placed({"title": "高强铝合金焊接工艺", "kind": "技术成果", "holder_kind": "高校", "holder": "中南大学",
                    "listed_on": "2022-06-01"})


def _navigation_projects() -> Scenario:
    return _placed({"name": "产业专利导航", "kind": "产业规划类", "subject": "工程机械", "client": "市场监管局",
                    "provider": "交易中心", "started_on": "2022-03-01"})


def _contest_entries() -> Scenario:
    from breakzero.contests.models import Contest

    home, foreign = _firms()
    Contest.objects.create(kind="maker_china", year=2023, name="2023年创客中国", registration_opens_on=dt.date(2023, 4, 1),
                           registration_closes_on=dt.date(2023, 5, 31))
    row = {"year": "2023", "project": "项目", "registered_on": "2023-04-10", "is_registered_online": "是"}
    return Scenario([{**row, "group": "企业组", "uscc": home.uscc}, {**row, "group": "企业组", "uscc": foreign.uscc},
                     {**row, "group": "创客组", "team_name": "乙团队", "team_leader": "李某", "region": FOREIGN}], {3, 4})


def _digital_solutions() -> Scenario:
    """A solution of a body of the official's county goes in; one of another county's body is refused."""
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory

    own, foreign = ServiceBodyFactory(region_id=HOME), ServiceBodyFactory(region_id=FOREIGN)
    row = {"name": "MES 云平台", "industry": "工程机械", "scenario": "生产执行"}
    return Scenario([{**row, "body_uscc": own.uscc}, {**row, "body_uscc": foreign.uscc}], {3})


def _digital_adoptions() -> Scenario:
    """An official records adoptions by the enterprises of their county only (any body's solution)."""
    from breakzero.digital.models import Solution
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory

    home, foreign = _firms()
    solution = Solution.objects.create(body=ServiceBodyFactory(region_id=FOREIGN), name="MES 云平台", industry="工程机械",
                                       scenario="生产执行")
    row = {"body_uscc": solution.body.uscc, "solution": solution.name, "adopted_on": "2023-06-01"}
    return Scenario([{**row, "uscc": home.uscc}, {**row, "uscc": foreign.uscc}], {3})


def _body_training_courses() -> Scenario:
    """Courses of a body the user manages go in (placed in the body's county); another county's body's are refused."""
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory

    own, foreign = ServiceBodyFactory(region_id=HOME), ServiceBodyFactory(region_id=FOREIGN)
    row = {"course": "TRIZ 训练营", "held_on": "2022-05-01", "hours": "16", "attendees": "40", "certificates": "30"}
    return Scenario([{**row, "body_uscc": own.uscc}, {**row, "body_uscc": foreign.uscc}], {3})


SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "digital_solutions": _digital_solutions,
    "digital_adoptions": _digital_adoptions,
    "body_training_courses": _body_training_courses,
    "digital_assessments": _digital_assessments,
    "enterprises": _enterprises,
    "enterprise-years": _enterprise_years,
    "patents": _patents,
    "titles": _titles,
    "participants": _participants,
    "engineers": _engineers,
    "event_attendees": _event_attendees,
    "leading_talents": _leading_talents,
    "defence_qualifications": _defence_qualifications,
    "pledge_loans": _pledge_loans,
    "digital_uses": _digital_uses,
    "patent_deals": _patent_deals,
    "flexible_experts": _flexible_experts,
    "digital_projects": _digital_projects,
    "training_courses": _training_courses,
    "exchange_visits": _exchange_visits,
    "achievements": _achievements,
    "navigation_projects": _navigation_projects,
    "contest_entries": _contest_entries,
}


def _empowerment_models() -> list:
    from breakzero.defence.models import Qualification
    from breakzero.ipfinance.models import PledgeLoan
    from breakzero.talent.models import LeadingTalent

    from breakzero.digital.models import DigitalUse

    from breakzero.ipfinance.models import PatentDeal

    from breakzero.talent.models import FlexibleExpert

    from breakzero.contests.models import Entry
    from breakzero.digital.models import TransformationProject

    from breakzero.digital.models import SolutionAdoption

    return [LeadingTalent, Qualification, PledgeLoan, DigitalUse, PatentDeal, FlexibleExpert, TransformationProject, Entry,
            SolutionAdoption]


def _placed_models() -> list:
    from breakzero.ipfinance.models import Achievement, NavigationProject
    from breakzero.talent.models import ExchangeVisit, TrainingCourse

    return [TrainingCourse, ExchangeVisit, Achievement, NavigationProject]


def foreign_state() -> dict[str, list]:
    """Everything stored about the other county, as plain values (compared before/after)."""
    from breakzero.cultivation.models import Title
    from breakzero.digital.models import Assessment
    from breakzero.indicators.models import Participant
    from breakzero.patents.models import Patent, PatentApplicant
    from breakzero.service_bodies.models import Engineer, EventAttendance

    firms = Enterprise.objects.filter(county_id=FOREIGN)
    patents = Patent.objects.filter(applicants__enterprise__in=firms)
    return {
        "enterprises": list(firms.order_by("pk").values()),
        "years": list(EnterpriseYear.objects.filter(enterprise__in=firms).order_by("pk").values()),
        "titles": list(Title.objects.filter(enterprise__in=firms).order_by("pk").values()),
        "digital_assessments": list(Assessment.objects.filter(enterprise__in=firms).order_by("pk").values()),
        "participants": list(Participant.objects.filter(enterprise__in=firms).order_by("pk").values()),
        "patents": list(patents.order_by("pk").values()),
        "applicants": list(PatentApplicant.objects.filter(patent__in=patents).order_by("pk").values()),
        "patent_count": [Patent.objects.filter(applicants__enterprise__county_id=FOREIGN).count()],
        "engineers": list(Engineer.objects.filter(county_id=FOREIGN).order_by("pk").values()),
        "engineer_employers": list(Engineer.objects.filter(employer__in=firms).values_list("pk", flat=True)),
        "attendances": list(EventAttendance.objects.filter(event__body__region_id=FOREIGN).order_by("pk").values()),
        "foreign_firm_attendances": list(EventAttendance.objects.filter(enterprise__in=firms).values_list("pk", flat=True)),
        "empowerment": [list(m.objects.filter(enterprise__in=firms).values_list("pk", flat=True)) for m in _empowerment_models()],
        "foreign_solutions": list(__import__("breakzero.digital.models", fromlist=["Solution"]).Solution.objects
                                  .filter(body__region_id=FOREIGN).order_by("pk").values()),
        "placed": [list(m.objects.exclude(county_id=HOME).values_list("pk", flat=True)) for m in _placed_models()],
        "foreign_entries": [list(__import__("breakzero.contests.models", fromlist=["Entry"]).Entry.objects
                                 .filter(county_id=FOREIGN).values_list("pk", flat=True))],
    }


def _csv(importer: Any, rows: list[dict[str, Any]]) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in importer.columns])
    writer.writerows([[row.get(c.key, "") for c in importer.columns] for row in rows])
    return io.BytesIO(buffer.getvalue().encode("utf-8-sig"))


def _run(importer: Any, rows: list[dict[str, Any]], scope: WriteScope):
    sheet = open_for(importer, _csv(importer, rows), limits=shell_limits())
    return importer.run(sheet, scope=scope, apply=True, skip_invalid=True, progress=lambda n: None)


def test_every_importer_has_a_scope_scenario():
    kinds = {importer.kind for importer in importers()}
    assert kinds, "no importer registered"
    missing = kinds - SCENARIOS.keys()
    assert not missing, f"importers without a write-scope scenario in this test: {sorted(missing)}"


def test_register_refuses_an_importer_that_does_not_declare_its_scope():
    class Unscoped:
        kind, title, columns, example_rows = "unscoped", "x", (), ()

    with pytest.raises(ImproperlyConfigured):
        register(Unscoped())  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_importer_as_county_official_rejects_rows_of_another_county(kind, county_official):
    importer = next((i for i in importers() if i.kind == kind), None)
    assert importer is not None, f"{kind} is not registered"
    scenario = SCENARIOS[kind]()
    before = foreign_state()
    outcome = _run(importer, scenario.rows, WriteScope.of(county_official))
    rejected = {r.row for r in outcome.rejected}
    assert scenario.foreign_rows <= rejected, [(r.row, r.reason) for r in outcome.rejected]
    assert 2 not in rejected, [(r.row, r.reason) for r in outcome.rejected]  # the official's own row goes in
    assert outcome.applied
    assert foreign_state() == before
    for r in outcome.rejected:  # never where the other region's enterprise is
        assert "岳阳" not in r.reason and FOREIGN not in r.reason


@pytest.mark.django_db
def test_patent_import_own_enterprise_cannot_take_over_another_countys_patent(county_official):
    from breakzero.core.imports import get_importer

    _, hijack = _patent_rows()
    before = foreign_state()
    outcome = _run(get_importer("patents"), [hijack], WriteScope.of(county_official))
    assert [r.row for r in outcome.rejected] == [2]
    assert foreign_state() == before


@pytest.mark.django_db
def test_shell_scope_writes_another_countys_rows():
    """The shell imports with full scope: the same foreign year row is written."""
    from breakzero.core.imports import get_importer

    scenario = _enterprise_years()
    outcome = _run(get_importer("enterprise-years"), scenario.rows, WriteScope.everywhere())
    assert not outcome.rejected
    foreign = Enterprise.objects.get(county_id=FOREIGN)
    year = EnterpriseYear.objects.get(enterprise=foreign, year=2021)
    assert year.operating_revenue == Decimal("1")
    assert year.employees == 120  # blank cell: the stored value stays
