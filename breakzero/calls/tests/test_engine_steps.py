"""Eligibility listing, expert panels with conflicts, 公示 with objections, publication and recognitions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from breakzero.calls import services
from breakzero.calls.eligibility import eligibility_run_execute
from breakzero.calls.models import (
    Application, Assignment, CalendarDay, EligibilityResult, EligibilityRun, Objection, PanelMember, State,
)
from breakzero.calls.selectors import eligibility_list
from breakzero.calls.services.panels import panel_assign
from breakzero.calls.tests import factories
from breakzero.calls.tests.factories import make_call
from breakzero.calls.workingdays import add_working_days
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


def _enterprise(rd, county="430104"):
    enterprise = EnterpriseFactory(county_id=county)
    if rd is not None:
        EnterpriseYearFactory(enterprise=enterprise, year=timezone.localdate().year - 1, rd_expense=Decimal(rd))
    return enterprise


def test_eligibility_run_stores_results_and_scopes_by_region(province_official, county_official, other_city_official):
    call = make_call()
    a, b, c = _enterprise("300"), _enterprise("299"), _enterprise(None, county="430602")
    run = EligibilityRun.objects.create(call=call, as_of=timezone.localdate())
    run = eligibility_run_execute(run_id=run.pk)
    assert run.status == "done" and run.processed == 3 and run.eligible == 1
    rows = {r.enterprise_id: r for r in EligibilityResult.objects.filter(call=call)}
    assert rows[a.pk].passed is True and rows[b.pk].passed is False and rows[c.pk].passed is None
    assert rows[b.pk].unmet_count == 1 and "研发费用" in rows[b.pk].first_gap
    assert [r.enterprise_id for r in eligibility_list(user=county_official, call=call)] == [a.pk]
    assert list(eligibility_list(user=other_city_official, call=call, passed="all")) == [rows[c.pk]]
    assert eligibility_run_execute(run_id=run.pk).processed == 3  # safe to run twice
    assert EligibilityResult.objects.filter(call=call).count() == 3


def test_eligibility_run_failure_ends_failed_with_reason():
    call = make_call()
    _enterprise("300")
    from breakzero.calls import registry

    registry.register_programme_type(factories.TEST_TYPE, name_zh="坏", facts_builder=lambda ids, d: 1 / 0,
                                     eligibility=factories.rd_eligibility)
    run = eligibility_run_execute(run_id=EligibilityRun.objects.create(call=call, as_of=timezone.localdate()).pk)
    assert run.status == "failed" and "division" in run.message
    factories.register_test_type()


def _expert(username, *, field="智能制造", employer="湖南大学", region=None, enterprise=None):
    user = make_user(username, "expert")
    return services.expert_create(user=user, name=username, fields=[field], employer=employer, region_id=region,
                                  employer_enterprise_id=enterprise.pk if enterprise else None)


def _at_expert_review(call, enterprise):
    application = services.application_create(call=call, enterprise=enterprise, actor=None, form_data={"summary": "x"})
    Application.objects.filter(pk=application.pk).update(state=State.EXPERT_REVIEW)
    application.refresh_from_db()
    return application


def test_panel_draw_excludes_conflicts(province_official):
    call = make_call()
    applicant = _enterprise("400")
    application = _at_expert_review(call, applicant)
    clean = _expert("e-clean", region="430600")
    own = _expert("e-own", enterprise=applicant)
    same_name = _expert("e-name", employer=applicant.name)
    local = _expert("e-local", region="430100")
    declared = _expert("e-declared")
    declared.declared_conflicts.add(applicant)
    _expert("e-other-field", field="新材料")
    exclusions = services.panel_draw(call=call, actor=province_official, field="智能制造", size=5, seed=1)
    reasons = {e.expert_id: e.reason for e in exclusions}
    assert reasons == {own.pk: "申报企业员工", same_name.pk: "与申报企业同一单位", local.pk: "与申报企业同一地区",
                       declared.pk: "本人申明回避"}
    assert list(Assignment.objects.values_list("member__expert_id", "application_id")) == [(clean.pk, application.pk)]
    panel_assign(call=call)
    assert Assignment.objects.count() == 1  # idempotent


def test_score_sheet_submitted_once_and_aggregated_with_outlier(province_official):
    call = make_call()
    applications = [_at_expert_review(call, _enterprise("400", county="430602")) for _ in range(2)]
    experts = [_expert(f"e{i}", region="430100") for i in range(3)]
    services.panel_draw(call=call, actor=province_official, field="智能制造", size=3, seed=2)
    points = {experts[0].pk: (50, 30), experts[1].pk: (52, 30), experts[2].pk: (30, 28)}
    for member in PanelMember.objects.filter(call=call).select_related("expert", "call"):
        tech, market = points[member.expert_id]
        scores = {a.pk: {"tech": tech, "market": market} for a in member.assignments.all()}
        with pytest.raises(DomainError, match="本人"):
            services.score_sheet_submit(member=member, actor=province_official, scores=scores)
        services.score_sheet_submit(member=member, actor=member.expert.user, scores=scores)
        with pytest.raises(DomainError, match="已提交"):
            services.score_sheet_submit(member=member, actor=member.expert.user, scores=scores)
    application = Application.objects.get(pk=applications[0].pk)
    assert application.score == Decimal("80.00") and application.score_count == 3  # trimmed: 58, 80, 82 → 80
    assert application.score_flagged
    assert Assignment.objects.get(application=application, member__expert=experts[2]).is_outlier


def test_score_sheet_incomplete_refused(province_official):
    call = make_call()
    application = _at_expert_review(call, _enterprise("400", county="430602"))
    expert = _expert("e-x", region="430100")
    services.panel_draw(call=call, actor=province_official, field="", size=1, seed=1)
    member = PanelMember.objects.get(expert=expert)
    assignment = member.assignments.get()
    with pytest.raises(DomainError, match="未完成"):
        services.score_sheet_submit(member=member, actor=expert.user, scores={assignment.pk: {"tech": 70, "market": 10}})
    assert application.pk == assignment.application_id


def test_add_working_days_skips_holidays_and_counts_make_up_days():
    # 2024-09-27 (Fri) + 5 working days: 27, 29 (Sun make-up), 30, then Oct 1-7 off, Oct 8, 9
    assert add_working_days(dt.date(2024, 9, 27), 5) == dt.date(2024, 10, 9)
    assert add_working_days(dt.date(2026, 12, 7), 5) == dt.date(2026, 12, 11)
    CalendarDay.objects.create(date=dt.date(2026, 12, 9), is_working_day=False, note="测试")
    assert add_working_days(dt.date(2026, 12, 7), 5) == dt.date(2026, 12, 14)


def _on_publicity(call, province_official, count=2):
    apps = []
    for _ in range(count):
        application = services.application_create(call=call, enterprise=_enterprise("400"), actor=None,
                                                  form_data={"summary": "x"})
        Application.objects.filter(pk=application.pk).update(state=State.SELECTED)
        apps.append(application)
    services.call_publicity_start(call=call, actor=province_official, start=timezone.localdate())
    return apps


def test_publicity_objection_and_publish(province_official, city_official):
    factories.published.clear()
    call = make_call()
    first, second = _on_publicity(call, province_official)
    call.refresh_from_db()
    assert call.status == "publicity" and call.publicity_end >= call.publicity_start
    first.refresh_from_db()
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    objection = services.objection_file(application=first, name="张三", contact="13800000000", reason="数据不实",
                                        attachment=pdf, client_ip="10.0.0.1")
    assert objection.reference.startswith("YY")
    with pytest.raises(DomainError, match="公示期"):
        services.call_publish(call=call, actor=province_official, document_number="湘工信〔2026〕9号")
    call.publicity_end = timezone.localdate() - dt.timedelta(days=1)
    call.save(update_fields=["publicity_end"])
    with pytest.raises(DomainError, match="未处理"):
        services.call_publish(call=call, actor=province_official, document_number="湘工信〔2026〕9号")
    with pytest.raises(DomainError, match="省级"):
        services.objection_resolve(objection=objection, actor=city_official, upheld=True, resolution="核实")
    services.objection_resolve(objection=objection, actor=province_official, upheld=True, resolution="经核实数据不实")
    published = services.call_publish(call=call, actor=province_official, document_number="湘工信〔2026〕9号")
    assert [a.pk for a in published] == [second.pk] and factories.published == [second.pk]
    assert Application.objects.get(pk=first.pk).state == State.REFUSED
    assert Application.objects.get(pk=second.pk).state == State.PUBLISHED
    call.refresh_from_db()
    assert call.published_document_number == "湘工信〔2026〕9号"


def test_objection_attachment_checked_and_rate_limited(province_official):
    call = make_call()
    application, _other = _on_publicity(call, province_official)
    application.refresh_from_db()
    fake = SimpleUploadedFile("a.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(DomainError, match="不符"):
        services.objection_file(application=application, name="李四", contact="x", reason="y", attachment=fake)
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(DomainError, match="PDF"):
        services.objection_file(application=application, name="李四", contact="x", reason="y", attachment=exe)
    for _ in range(5):
        services.objection_file(application=application, name="李四", contact="x", reason="y", client_ip="10.0.0.2")
    with pytest.raises(DomainError, match="频繁"):
        services.objection_file(application=application, name="李四", contact="x", reason="y", client_ip="10.0.0.2")
    assert Objection.objects.count() == 5


def test_objection_outside_publicity_refused(province_official):
    call = make_call()
    application = services.application_create(call=call, enterprise=_enterprise("400"), actor=None)
    with pytest.raises(DomainError, match="公示期"):
        services.objection_file(application=application, name="a", contact="b", reason="c")


def test_tier_programme_publication_creates_cultivation_title(province_official):
    from breakzero.cultivation.models import Title

    programme = services.programme_create(name="创新型中小企业评价", owner_department="中小企业发展处",
                                          programme_type="tier_innovative_sme")
    call = make_call(programme=programme, document_number="湘工信中小〔2026〕3号")
    application = services.application_create(call=call, enterprise=_enterprise("400"), actor=None)
    assert application.eligibility["rule_set"] and application.eligibility["items"]
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED)
    services.call_publicity_start(call=call, actor=province_official, start=timezone.localdate() - dt.timedelta(days=30))
    services.call_publish(call=call, actor=province_official, document_number="湘工信中小〔2026〕9号")
    title = Title.objects.get(enterprise=application.enterprise)
    assert (title.tier, title.level, title.batch) == ("innovative_sme", "provincial", "湘工信中小〔2026〕9号")


@pytest.mark.django_db(transaction=True)
def test_eligibility_parallel_path_matches_sequential(monkeypatch):
    from breakzero.calls import eligibility

    call = make_call()
    for rd in ("300", "299", None, "500"):
        _enterprise(rd)
    eligibility_run_execute(run_id=EligibilityRun.objects.create(call=call, as_of=timezone.localdate()).pk)
    sequential = set(EligibilityResult.objects.values_list("enterprise_id", "passed", "unmet_count", "first_gap"))
    EligibilityResult.objects.all().delete()
    monkeypatch.setattr(eligibility, "PARALLEL_MIN_ENTERPRISES", 0)
    monkeypatch.setattr(eligibility, "BATCH_ENTERPRISES", 1)
    monkeypatch.setattr(eligibility.os, "cpu_count", lambda: 2)
    run = eligibility_run_execute(run_id=EligibilityRun.objects.create(call=call, as_of=timezone.localdate()).pk)
    assert run.status == "done" and run.processed == 4 and run.eligible == 2
    assert set(EligibilityResult.objects.values_list("enterprise_id", "passed", "unmet_count", "first_gap")) == sequential
