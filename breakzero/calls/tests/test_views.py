"""Pages of the engine through the client: scoping (not visible → 404), htmx partials, public pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from breakzero.calls import services
from breakzero.calls.models import Application, Call, EligibilityRun, Objection, State
from breakzero.calls.eligibility import eligibility_run_execute
from breakzero.calls.tests.factories import make_call
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


def _enterprise(county="430104", rd="400"):
    enterprise = EnterpriseFactory(county_id=county)
    EnterpriseYearFactory(enterprise=enterprise, year=timezone.localdate().year - 1, rd_expense=Decimal(rd))
    return enterprise


def _submitted(call, county="430104"):
    enterprise = _enterprise(county)
    application = services.application_create(call=call, enterprise=enterprise, actor=None, form_data={"summary": "x"})
    Application.objects.filter(pk=application.pk).update(state=State.AT_COUNTY)
    return Application.objects.get(pk=application.pk)


def test_province_creates_call_from_form(client_for, province_official):
    call = make_call()
    client = client_for(province_official)
    response = client.post(reverse("calls:call-create"), {
        "programme": call.programme_id, "document_number": "湘工信〔2026〕2号", "title": "第二批", "year": 2026,
        "opens_on": "2026-01-01", "enterprise_deadline": "2026-02-01", "county_deadline": "2026-02-10",
        "city_deadline": "2026-02-20", "publicity_working_days": 5, "quotas": "长沙市=3\n430104=1"})
    created = Call.objects.get(document_number="湘工信〔2026〕2号")
    assert response.status_code == 302 and created.form_fields == call.form_fields
    assert dict(created.quotas.values_list("region_id", "quota")) == {"430100": 3, "430104": 1}


def test_call_create_bad_quota_line_shows_error(client_for, province_official):
    call = make_call()
    response = client_for(province_official).post(reverse("calls:call-create"), {
        "programme": call.programme_id, "document_number": "x", "title": "x", "year": 2026, "opens_on": "2026-01-01",
        "enterprise_deadline": "2026-02-01", "publicity_working_days": 5, "quotas": "火星=3"})
    assert response.status_code == 200 and "无法识别" in response.content.decode()


def test_city_official_refused_call_create(client_for, city_official):
    assert client_for(city_official).get(reverse("calls:call-create")).status_code == 404


def test_application_list_scoped_by_region(client_for, county_official, other_county_official, province_official):
    call = make_call()
    mine, theirs = _submitted(call), _submitted(call, county="430602")
    body = client_for(county_official).get(reverse("calls:application-list", args=[call.pk])).content.decode()
    assert mine.enterprise.name in body and theirs.enterprise.name not in body
    assert client_for(other_county_official).get(reverse("calls:application-detail", args=[mine.pk])).status_code == 404
    response = client_for(province_official).get(reverse("calls:application-list", args=[call.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b'id="results"' in response.content and b"<html" not in response.content


def test_enterprise_applies_with_prefill_and_submits(client_for, enterprise_user):
    EnterpriseYearFactory(enterprise=enterprise_user.enterprise, year=timezone.localdate().year - 1,
                          rd_expense=Decimal("350"))
    call = make_call()
    client = client_for(enterprise_user)
    response = client.post(reverse("calls:application-apply", args=[call.pk]))
    application = Application.objects.get(enterprise=enterprise_user.enterprise)
    assert response.url == application.get_absolute_url()
    page = client.get(application.get_absolute_url()).content.decode()
    assert enterprise_user.enterprise.name in page and "350" in page and "平台条件核验" in page
    client.post(reverse("calls:application-edit", args=[application.pk]),
                {"name": enterprise_user.enterprise.name, "rd": "350", "summary": "新产品", "submit": "1"})
    application.refresh_from_db()
    assert application.state == State.AT_COUNTY and application.form_data["summary"] == "新产品"


def test_county_decides_with_reason_against_failed_check(client_for, county_official):
    call = make_call()
    application = _submitted(call)
    Application.objects.filter(pk=application.pk).update(eligibility_passed=False)
    url = reverse("calls:application-decide", args=[application.pk])
    client = client_for(county_official)
    client.post(url, {"action": "recommend"})
    assert Application.objects.get(pk=application.pk).state == State.AT_COUNTY
    client.post(url, {"action": "recommend", "reason": "成果突出", "rank": "1"})
    assert Application.objects.get(pk=application.pk).state == State.AT_CITY


def test_eligibility_page_reads_stored_table_and_invites(client_for, county_official, province_official):
    from breakzero.calls.tests.factories import make_programme

    call = make_call(programme=make_programme(name="免申项目", allows_invitation=True))
    eligible, outside = _enterprise(), _enterprise(county="430602")
    eligibility_run_execute(run_id=EligibilityRun.objects.create(call=call, as_of=timezone.localdate()).pk)
    client = client_for(county_official)
    body = client.get(reverse("calls:call-eligibility", args=[call.pk])).content.decode()
    assert eligible.name in body and outside.name not in body
    client.post(reverse("calls:call-invite", args=[call.pk]), {"enterprise": outside.pk})
    assert not Application.objects.filter(enterprise=outside).exists()  # not in the official's region → 404
    client.post(reverse("calls:call-invite", args=[call.pk]), {"enterprise": eligible.pk})
    assert Application.objects.get(enterprise=eligible).is_invited
    export = client.get(reverse("calls:call-eligibility-export", args=[call.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_expert_sees_only_assigned_and_scores_on_one_sheet(client_for, province_official):
    call = make_call()
    assigned, other = _submitted(call, county="430602"), _submitted(call, county="430602")
    Application.objects.filter(pk=assigned.pk).update(state=State.EXPERT_REVIEW)
    user = make_user("t-expert", "expert")
    services.expert_create(user=user, name="王专家", fields=["智能制造"], employer="中南大学", region_id="430100")
    services.panel_draw(call=call, actor=province_official, field="智能制造", size=1, seed=1)
    client = client_for(user)
    assert client.get(reverse("calls:application-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("calls:application-detail", args=[assigned.pk])).status_code == 200
    sheet = client.get(reverse("calls:score-sheet", args=[call.pk]))
    assignment = assigned.assignments.get()
    assert f"s-{assignment.pk}-tech".encode() in sheet.content
    client.post(reverse("calls:score-sheet", args=[call.pk]),
                {f"s-{assignment.pk}-tech": "50", f"s-{assignment.pk}-market": "30", "submit": "1"})
    assert Application.objects.get(pk=assigned.pk).score == Decimal("80.00")
    assert client.get(reverse("calls:panel", args=[call.pk])).status_code == 404


def test_public_notice_shows_only_notice_fields_and_takes_objection(client, province_official):
    call = make_call(objection_channel="电话 0731-00000000")
    application = _submitted(call)
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED, form_data={"summary": "机密数据"},
                                                         score=Decimal("87.65"))
    services.call_publicity_start(call=call, actor=province_official)
    url = reverse("calls:notice", args=[call.pk])
    body = client.get(url).content.decode()
    assert application.enterprise.name in body and "0731-00000000" in body
    assert "机密数据" not in body and "87.6" not in body and application.enterprise.uscc not in body
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("calls:notice-objection", args=[call.pk]),
                           {"application": application.pk, "name": "张三", "contact": "13900000000", "reason": "不实",
                            "attachment": pdf})
    objection = Objection.objects.get()
    assert objection.reference in response.url
    status = client.get(reverse("calls:objection-status"), {"reference": objection.reference, "contact": "13900000000"})
    assert "待处理" in status.content.decode()
    wrong = client.get(reverse("calls:objection-status"), {"reference": objection.reference, "contact": "x"})
    assert "未找到" in wrong.content.decode()
    assert client.get(reverse("calls:notice-export", args=[call.pk])).status_code == 200


def test_public_pages_404_for_open_call(client):
    call = make_call()
    assert client.get(reverse("calls:notice", args=[call.pk])).status_code == 404
    assert client.get(reverse("calls:published", args=[call.pk])).status_code == 404


def test_publish_page_and_published_list(client_for, client, province_official):
    call = make_call()
    application = _submitted(call)
    Application.objects.filter(pk=application.pk).update(state=State.SELECTED)
    services.call_publicity_start(call=call, actor=province_official, start=timezone.localdate() - dt.timedelta(days=20))
    client_for(province_official).post(reverse("calls:call-publish", args=[call.pk]), {"document_number": "湘工信〔2026〕8号"})
    call.refresh_from_db()
    assert call.status == "published"
    client.logout()
    body = client.get(reverse("calls:published", args=[call.pk])).content.decode()
    assert "湘工信〔2026〕8号" in body and application.enterprise.name in body
