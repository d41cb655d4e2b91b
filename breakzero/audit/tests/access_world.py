"""A fixture world with two of everything for the generated access matrix.

Side A (长沙市 / 岳麓区) holds one user of every role; side B (岳阳市 / 岳阳楼区) holds the objects
those users must not reach: another region, another enterprise, another service body. Objects are
built lazily (`world.get("enterprise")`), so a test pays only for what its route needs.

Every side-B object carries the marker `乙方` in its visible name, so list pages can also be
searched for leaks (`SIDE_B_MARK`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from breakzero.accounts.models import Role, User

SIDE_B_MARK = "乙方"
A = {"city": "430100", "county": "430104"}  # 长沙市 岳麓区
B = {"city": "430600", "county": "430602", "neighbour_county": "430621"}  # 岳阳市 岳阳楼区 (岳阳县 next door)
NEIGHBOUR = "county_official@430621"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class World:
    """Users of every role on side A (keyed by role; plus NEIGHBOUR, a county official in side B's city);
    side-B objects built on first use and cached."""

    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}
        self.users: dict[str, User] = {role: self._side_a_user(role) for role in Role}
        # Inside side B's city but another county: a county's scope stops at its own border.
        self.users[NEIGHBOUR] = User.objects.create(username="a-neighbour", role=Role.COUNTY_OFFICIAL,
                                                    region_id=B["neighbour_county"], display_name="甲方岳阳县")

    def get(self, key: str) -> Any:
        if key not in self._cache:
            try:
                builder = BUILDERS[key]
            except KeyError:
                raise KeyError(f"access_world has no side-B object {key!r}: add a builder to BUILDERS") from None
            self._cache[key] = builder(self)
        return self._cache[key]

    def _side_a_user(self, role: str) -> User:
        region = {Role.PROVINCE_OFFICIAL: "430000", Role.CITY_OFFICIAL: A["city"], Role.COUNTY_OFFICIAL: A["county"],
                  Role.FINANCE: A["city"]}
        user = User.objects.create(username=f"a-{role}", role=role, region_id=region.get(role),
                                   display_name=_person("甲方", role))
        if role == Role.ENTERPRISE:
            user.enterprise = self.get("enterprise_a")
            user.save(update_fields=["enterprise"])
        if role == Role.SERVICE_BODY:
            from breakzero.service_bodies.models import ServiceBodyMember

            ServiceBodyMember.objects.create(user=user, body=self.get("body_a"))
        return user

    def b_user(self, role: str) -> User:
        """A side-B user of `role` (owner of side-B personal objects: import jobs, tokens)."""
        key = f"user_b_{role}"
        if key not in self._cache:
            region = {Role.CITY_OFFICIAL: B["city"], Role.COUNTY_OFFICIAL: B["county"]}.get(role)
            self._cache[key] = User.objects.create(username=f"b-{role}", role=role, region_id=region,
                                                   display_name=_person(SIDE_B_MARK, role))
        return self._cache[key]


def _person(side: str, role: str) -> str:
    """A user's name as people have one (side mark + the role in words, e.g. 甲方企业用户), never the role
    code: the audit trail and every page show it."""
    with translation.override("zh-hans"):
        return f"{side}{Role(role).label}"


def _enterprise(side: dict, name: str) -> Any:
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    return EnterpriseFactory(county_id=side["county"], city_id=side["city"], name=name,
                             contact_person="乙方联系人", contact_phone="13900001111")


def _body(side: dict, name: str) -> Any:
    from breakzero.service_bodies.tests.factories import ServiceBodyFactory

    return ServiceBodyFactory(region_id=side["county"], city_id=side["city"], name=name)


def _year(world: World) -> Any:
    from breakzero.enterprises.tests.factories import EnterpriseYearFactory

    return EnterpriseYearFactory(enterprise=world.get("enterprise"), year=2023)


def _patent(world: World) -> Any:
    from breakzero.patents.tests.factories import PatentApplicantFactory, PatentFactory

    patent = PatentFactory(title=f"{SIDE_B_MARK}一种专利")
    PatentApplicantFactory(patent=patent, enterprise=world.get("enterprise"))
    return patent


def _review_item(world: World) -> Any:
    from breakzero.patents.tests.factories import ReviewItemFactory

    return ReviewItemFactory(applicant_name=f"{SIDE_B_MARK}近似名称有限公司", enterprise=world.get("enterprise"))


def _application(world: World) -> Any:
    """A cultivation application (专精特新) as the engine holds it since the move onto calls, with the old
    number it had before the move (MovedApplication): /cultivation/applications/<old>/ leads to it."""
    from breakzero.calls import services
    from breakzero.calls.models import Application, Programme, State
    from breakzero.calls.tests.factories import make_call
    from breakzero.cultivation.models import MovedApplication

    programme = Programme.objects.filter(programme_type="tier_srdi_sme").first() or services.programme_create(
        name="专精特新中小企业", owner_department="中小企业发展处", programme_type="tier_srdi_sme",
        has_expert_review=False)
    call = make_call(programme=programme, document_number="湘工信测试〔2026〕2号", title="全省专精特新测试批次")
    enterprise = world.get("enterprise")
    application = Application.objects.create(call=call, enterprise=enterprise, county_id=enterprise.county_id,
                                             city_id=enterprise.city_id, state=State.AT_COUNTY,
                                             form_data={"statement": f"{SIDE_B_MARK}申报说明"})
    MovedApplication.objects.create(old_id=application.pk, application=application)
    return application


def _title(world: World) -> Any:
    from breakzero.cultivation.models import Title

    return Title.objects.create(enterprise=world.get("enterprise"), tier="srdi_sme", level="provincial", batch="2023",
                                recognized_on=dt.date(2023, 1, 1), valid_until=dt.date(2099, 12, 31))


def _event(world: World) -> Any:
    from breakzero.service_bodies.tests.factories import ServiceEventFactory

    return ServiceEventFactory(body=world.get("body"), title=f"{SIDE_B_MARK}培训活动", held_on=timezone.localdate())


def _material(world: World) -> Any:
    from breakzero.service_bodies.models import EventMaterial

    material = EventMaterial(event=world.get("event"), original_name="乙方材料.pdf", size=len(PDF))
    material.file.save("b-material.pdf", ContentFile(PDF), save=False)
    material.save()
    return material


def _engineer(world: World) -> Any:
    from breakzero.service_bodies.tests.factories import EngineerFactory

    return EngineerFactory(name=f"{SIDE_B_MARK}工程师", county_id=B["county"], city_id=B["city"],
                           employer=world.get("enterprise"))


def _record(world: World) -> Any:
    from breakzero.service_bodies.tests.factories import ServiceRecordFactory

    return ServiceRecordFactory(body=world.get("body"), enterprise=world.get("enterprise"),
                                content=f"{SIDE_B_MARK}服务内容", served_on=timezone.localdate())


def _need(world: World) -> Any:
    from breakzero.service_bodies.models import TechNeed

    return TechNeed.objects.create(enterprise=world.get("enterprise"), title=f"{SIDE_B_MARK}技术需求",
                                   description="乙方需求内容", is_open=True)


def _scheme(world: World) -> Any:
    from breakzero.service_bodies.models import EvaluationScheme

    return EvaluationScheme.objects.create(name="省级绩效评价", year=2024)


def _subsidy(world: World) -> Any:
    from breakzero.service_bodies.models import SubsidyPlan

    return SubsidyPlan.objects.create(scheme=world.get("scheme"), budget=Decimal("100"), threshold=Decimal("60"))


def _plan(world: World) -> Any:
    from breakzero.reports.models import ImplementationPlan

    plan = ImplementationPlan(region_id=B["city"], period="2021", original_name="乙方方案.pdf", file_kind="pdf",
                              file_size=len(PDF), uploaded_by=world.b_user(Role.CITY_OFFICIAL))
    plan.file.save("b-plan.pdf", ContentFile(PDF), save=False)
    plan.save()
    return plan


def _bulletin(world: World) -> Any:
    from breakzero.reports.models import Bulletin

    bulletin = Bulletin(period_type="year", year=2024, region_id=B["city"], status=Bulletin.Status.DONE,
                        message=f"{SIDE_B_MARK}通报", created_by=world.b_user(Role.CITY_OFFICIAL))
    bulletin.pdf.save("b-bulletin.pdf", ContentFile(PDF), save=False)
    bulletin.xlsx.save("b-bulletin.xlsx", ContentFile(b"PK"), save=False)
    bulletin.save()
    return bulletin


def _task(world: World) -> Any:
    from breakzero.reports.models import SupervisionTask

    creator = world.b_user(Role.CITY_OFFICIAL)
    return SupervisionTask.objects.create(
        region_id=B["county"], creator_region_id=B["city"], created_by=creator, title=f"{SIDE_B_MARK}督办事项",
        description="请说明进展", due_date=timezone.localdate() + dt.timedelta(days=10),
    )


def _attachment(world: World) -> Any:
    from breakzero.reports.models import TaskAttachment, TaskEntry

    entry = TaskEntry.objects.create(task=world.get("task"), kind="answer", author=world.b_user(Role.COUNTY_OFFICIAL),
                                     text="乙方答复", created_at=timezone.now())
    attachment = TaskAttachment(entry=entry, original_name="乙方附件.pdf", file_kind="pdf", file_size=len(PDF))
    attachment.file.save("b-attachment.pdf", ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def _import_job(world: World) -> Any:
    from breakzero.core.models import ImportJob

    job = ImportJob(kind="enterprises", created_by=world.b_user(Role.COUNTY_OFFICIAL), original_name="乙方企业.csv",
                    status=ImportJob.Status.PREVIEW, total_rows=1)
    job.file.save("b-import.csv", ContentFile("统一社会信用代码,企业名称\n".encode()), save=False)
    job.save()
    return job


def _token(world: World) -> Any:
    from breakzero.accounts.models import ApiToken

    owner = world.b_user(Role.CITY_OFFICIAL)
    return ApiToken.objects.create(user=owner, name="乙方令牌", key_hash=ApiToken.hash_key("bz_side_b_token"),
                                   prefix="bz_side", expires_at=timezone.now() + dt.timedelta(days=30))


def _notification(world: World) -> Any:
    from breakzero.notifications.models import Notice

    return Notice.objects.create(user=world.b_user(Role.CITY_OFFICIAL), title=f"{SIDE_B_MARK}通知",
                                 created_at=timezone.now())


def _official(world: World) -> Any:
    """A county official of side B's county (its city's officials page lists and deactivates it)."""
    return User.objects.create(username="b-official", role=Role.COUNTY_OFFICIAL, region_id=B["county"],
                               display_name=f"{SIDE_B_MARK}下级管理员")


def _member(world: World) -> Any:
    """A staff account of side B's service body (its members page and removal)."""
    from breakzero.service_bodies.models import ServiceBodyMember

    user = User.objects.create(username="b-member", role=Role.SERVICE_BODY, display_name=f"{SIDE_B_MARK}机构人员")
    return ServiceBodyMember.objects.create(user=user, body=world.get("body"))


def _call(world: World) -> Any:
    """A province-wide call (calls are announced to every logged-in user): no side-B mark in its title."""
    from breakzero.calls.tests.factories import make_call

    return make_call(document_number="湘工信测试〔2026〕1号", title="全省测试申报批次")


def _call_application(world: World) -> Any:
    from breakzero.calls.models import Application, State

    call = world.get("call")
    enterprise = world.get("enterprise")
    return Application.objects.create(call=call, enterprise=enterprise, county_id=enterprise.county_id,
                                      city_id=enterprise.city_id, state=State.AT_COUNTY,
                                      form_data={"summary": f"{SIDE_B_MARK}申报内容"})


def _call_objection(world: World) -> Any:
    from breakzero.calls.models import Objection

    application = world.get("call_application")
    return Objection.objects.create(reference="YYSIDEB0001", call=application.call, application=application,
                                    name=f"{SIDE_B_MARK}异议人", contact="13900002222", reason=f"{SIDE_B_MARK}异议理由")


def _recognition(world: World, kind: str) -> Any:
    from breakzero.calls.models import Recognition

    call = world.get("call")
    return Recognition.objects.create(enterprise=world.get("enterprise"), programme=call.programme, kind=kind,
                                      level="provincial", authority="湖南省工业和信息化厅", batch="湘工信测试〔2026〕9号",
                                      recognized_on=dt.date(2026, 1, 5), details={"product": f"{SIDE_B_MARK}产品"})


def _obligation(world: World) -> Any:
    from breakzero.calls.models import Obligation

    return Obligation.objects.create(recognition=_recognition(world, "tech_centre"), kind="half_year_report",
                                     period="2026H1", due_on=timezone.localdate() + dt.timedelta(days=10))


def _case(world: World) -> Any:
    from breakzero.demonstration.models import TypicalCase

    return TypicalCase.objects.create(enterprise=world.get("enterprise"), title=f"{SIDE_B_MARK}典型案例",
                                      technology="检测", problem="良率", results=[])


def _fund(world: World) -> Any:
    """A province-wide fund (role-wide: every official and finance user sees it): no side-B mark."""
    from breakzero.funds.models import Fund

    return Fund.objects.create(name="全省测试专项资金", code="test-fund")


def _budget(world: World) -> Any:
    from breakzero.funds.models import Budget

    return Budget.objects.create(fund=world.get("fund"), year=2026, total=Decimal("1000.00"),
                                 province_kept=Decimal("0.00"), allocated_down=Decimal("1000.00"))


def _allocation(world: World) -> Any:
    """岳阳市's allocation to its counties."""
    from breakzero.funds.models import Allocation, AllocationLine

    allocation = Allocation.objects.create(budget=world.get("budget"), parent_region_id=B["city"], amount=Decimal("100.00"),
                                           weights={"participants": "1"})
    AllocationLine.objects.create(allocation=allocation, region_id=B["county"], amount=Decimal("100.00"))
    return allocation


def _fund_project(world: World) -> Any:
    from breakzero.funds.models import FundProject

    enterprise = world.get("enterprise")
    return FundProject.objects.create(fund=world.get("fund"), year=2026, enterprise=enterprise, city_id=B["city"],
                                      county_id=B["county"], name=f"{SIDE_B_MARK}资金项目", approved_amount=Decimal("100.00"),
                                      approved_on=dt.date(2026, 6, 1))


def _fund_voucher(world: World) -> Any:
    """A service voucher issued to 岳阳's enterprise: its name must not reach another city's lists."""
    from breakzero.funds.models import Voucher

    return Voucher.objects.create(fund=world.get("fund"), year=2026, code="FWQ2026SIDEB", enterprise=world.get("enterprise"),
                                  face_value=Decimal("500.00"), issued_on=dt.date(2026, 3, 1), expires_on=dt.date(2026, 12, 31))


def _fund_ban(world: World) -> Any:
    """岳阳's enterprise on the 信用湖南 blacklist and 岳阳's service body banned after a clawback: the
    credit page shows each region its own (access.party_scope)."""
    from breakzero.funds.models import Ban, CreditRecord

    CreditRecord.objects.create(enterprise=world.get("enterprise"), kind="blacklist", listed_on=dt.date(2026, 1, 5),
                                source=f"{SIDE_B_MARK}信用公示")
    return Ban.objects.create(fund=world.get("fund"), service_body=world.get("body"), starts_on=dt.date(2026, 6, 1),
                              ends_on=dt.date(2029, 5, 31), reason=f"{SIDE_B_MARK}追回原因")


def _fund_application(world: World) -> Any:
    """An application of 岳阳's enterprise to a fund call (项目法), waiting at its city."""
    from breakzero.calls import services as calls
    from breakzero.calls.models import Application, State
    from breakzero.calls.tests.factories import make_call
    from breakzero.funds.models import Category, FundCall
    from breakzero.funds.programme_types import FUND_CALL

    programme = calls.programme_create(name="全省测试资金项目", owner_department="财务处", programme_type=FUND_CALL)
    call = make_call(programme=programme, document_number="湘工信财务测试〔2026〕1号", title="全省测试资金申报")
    budget = world.get("budget")
    category = Category.objects.create(budget=budget, kind="transformation", name="转型升级类", amount=Decimal("100.00"))
    FundCall.objects.create(call=call, fund=budget.fund, budget=budget, category=category)
    enterprise = world.get("enterprise")
    return Application.objects.create(call=call, enterprise=enterprise, county_id=enterprise.county_id,
                                      city_id=enterprise.city_id, state=State.AT_CITY,
                                      form_data={"project_name": f"{SIDE_B_MARK}资金申报"})
def _reporting_window(world: World) -> Any:
    """An open window of the seeded yearly data set: province-wide (every enterprise's form), no side-B mark."""
    from breakzero.reporting.models import DataSet, ReportingWindow

    today = timezone.localdate()
    return ReportingWindow.objects.create(dataset=DataSet.objects.get(code="annual-innovation"), period="2025", year=2025,
                                          opens_on=today - dt.timedelta(days=5), due_on=today + dt.timedelta(days=5),
                                          closes_on=today + dt.timedelta(days=10))


def _submission(world: World) -> Any:
    from breakzero.reporting.models import Submission

    enterprise = world.get("enterprise")
    return Submission.objects.create(window=world.get("reporting_window"), enterprise=enterprise,
                                     county_id=enterprise.county_id, status=Submission.Status.SUBMITTED,
                                     values={"operating_revenue": "1000"},
                                     questions=[{"code": "x", "field": "operating_revenue",
                                                 "message_zh": "核实", "explanation": f"{SIDE_B_MARK}企业说明"}])


def _correction(world: World) -> Any:
    from breakzero.reporting.models import CorrectionRequest, Submission

    submission = world.get("submission")
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.ACCEPTED)
    return CorrectionRequest.objects.create(submission=submission, values={"operating_revenue": "900"},
                                            reason=f"{SIDE_B_MARK}更正原因", requested_by=world.b_user(Role.COUNTY_OFFICIAL))
def _digital_assessment(world: World) -> Any:
    from breakzero.digital.models import Assessment

    return Assessment.objects.create(enterprise=world.get("enterprise"), version="2024", level=2,
                                     assessed_on=dt.date(2024, 10, 8), assessor=f"{SIDE_B_MARK}评测机构")


def _solution(world: World) -> Any:
    from breakzero.digital.models import Solution

    return Solution.objects.create(body=world.get("body"), name=f"{SIDE_B_MARK}解决方案", industry="装备制造",
                                   scenario="生产执行")


def _contest(world: World) -> Any:
    from breakzero.contests.models import Contest

    return Contest.objects.get_or_create(kind="maker_china", year=2023, defaults={
        "name": "2023年创客中国湖南省大赛", "registration_opens_on": dt.date(2023, 4, 1),
        "registration_closes_on": dt.date(2023, 5, 31)})[0]


def _contest_entry(world: World) -> Any:
    from breakzero.contests.models import Entry

    return Entry.objects.create(contest=world.get("contest"), group="enterprise", enterprise=world.get("enterprise"),
                                project=f"{SIDE_B_MARK}参赛项目", county_id=B["county"], city_id=B["city"],
                                registered_on=dt.date(2023, 4, 10), stage="preliminary")


def _leading_talent(world: World) -> Any:
    from breakzero.talent.models import LeadingTalent

    return LeadingTalent.objects.create(enterprise=world.get("enterprise"), name=f"{SIDE_B_MARK}领军人才",
                                        programme="芙蓉计划", year=2022)


def _pledge_loan(world: World) -> Any:
    from breakzero.ipfinance.models import PledgeLoan

    loan = PledgeLoan.objects.create(enterprise=world.get("enterprise"), bank=f"{SIDE_B_MARK}质押银行",
                                     amount=Decimal(300), term_months=12, lent_on=dt.date(2022, 3, 1))
    loan.patents.add(world.get("patent"))
    return loan


def _defence_qualification(world: World) -> Any:
    from breakzero.defence.models import Qualification

    return Qualification.objects.create(enterprise=world.get("enterprise"), kind="supplier", number=f"{SIDE_B_MARK}资格证书",
                                        valid_from=dt.date(2021, 1, 1), valid_until=dt.date(2026, 12, 31))


def _achievement(world: World) -> Any:
    from breakzero.ipfinance.models import Achievement

    return Achievement.objects.create(title=f"{SIDE_B_MARK}下架成果", kind="technology", holder_kind="university",
                                      holder="乙方大学", listed_on=dt.date(2022, 6, 1), is_open=False,
                                      county_id=B["county"], city_id=B["city"])


def _navigation_project(world: World) -> Any:
    from breakzero.ipfinance.models import NavigationProject

    project = NavigationProject(name=f"{SIDE_B_MARK}专利导航", kind="industry", subject="石化", client="乙方委托单位",
                                provider="乙方服务机构", started_on=dt.date(2022, 3, 1), report_name="乙方报告.pdf",
                                county_id=B["county"], city_id=B["city"])
    project.report.save("b-navigation.pdf", ContentFile(PDF), save=False)
    project.save()
    return project


def _training_course(world: World) -> Any:
    """A course of side B's service body (recorded by the body itself, plan §二(八))."""
    from breakzero.talent.models import TrainingCourse

    body = world.get("body")
    return TrainingCourse.objects.create(organiser=body.name, body=body, course=f"{SIDE_B_MARK}培训课程",
                                         held_on=dt.date(2022, 5, 1), hours=Decimal(8), attendees=20, certificates=0,
                                         county_id=B["county"], city_id=B["city"])


def _exchange_visit(world: World) -> Any:
    from breakzero.talent.models import ExchangeVisit

    return ExchangeVisit.objects.create(organiser="乙方中小企业服务中心", theme=f"{SIDE_B_MARK}交流考察", destination="深圳",
                                        started_on=dt.date(2023, 4, 10), ended_on=dt.date(2023, 4, 12), participants=20,
                                        county_id=B["county"], city_id=B["city"])


BUILDERS: dict[str, Callable[[World], Any]] = {
    "enterprise_a": lambda w: _enterprise(A, "甲方测试科技有限公司"),
    "body_a": lambda w: _body(A, "甲方服务平台"),
    "enterprise": lambda w: _enterprise(B, f"{SIDE_B_MARK}竞争科技有限公司"),
    "enterprise_year": _year,
    "patent": _patent,
    "review_item": _review_item,
    "application": _application,
    "title": _title,
    "body": lambda w: _body(B, f"{SIDE_B_MARK}服务平台"),
    "body_staff": lambda w: w.get("body"),  # the same body, as the object of its staff pages
    "event_registrations": lambda w: w.get("event"),  # the same event, as the object of its registrations page
    "public_event": lambda w: w.get("event"),  # the same event, as shown on the public portal
    "member": _member,
    "official": _official,
    "event": _event,
    "material": _material,
    "engineer": _engineer,
    "record": _record,
    "need": _need,
    "scheme": _scheme,
    "subsidy": _subsidy,
    "plan": _plan,
    "bulletin": _bulletin,
    "task": _task,
    "attachment": _attachment,
    "import_job": _import_job,
    "token": _token,
    "notification": _notification,
    "call": _call,
    "call_application": _call_application,
    "call_objection": _call_objection,
    "obligation": _obligation,
    "project": lambda w: _recognition(w, "major_product_innovation"),
    "case": _case,
    "fund": _fund,
    "budget": _budget,
    "allocation": _allocation,
    "fund_project": _fund_project,
    "fund_voucher": _fund_voucher,
    "fund_application": _fund_application,
    "fund_ban": _fund_ban,
    "reporting_window": _reporting_window,
    "reporting_dataset": lambda w: __import__("breakzero.reporting.models", fromlist=["DataSet"]).DataSet.objects.get(
        code="annual-innovation"),
    "submission": _submission,
    "correction": _correction,
    "digital_assessment": _digital_assessment,
    "solution": _solution,
    "contest": _contest,
    "contest_entry": _contest_entry,
    "leading_talent": _leading_talent,
    "pledge_loan": _pledge_loan,
    "defence_qualification": _defence_qualification,
    "achievement": _achievement,
    "navigation_project": _navigation_project,
    "exchange_visit": _exchange_visit,
    "training_course": _training_course,
}
