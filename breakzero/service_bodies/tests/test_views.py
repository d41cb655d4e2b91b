"""Pages, access matrix, check-in, reveal, imports, commands and API of the service system."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save  # noqa: F401
from django.urls import reverse
from django.utils import timezone

from breakzero.accounts.models import Role, User
from breakzero.core.signals import personal_data_revealed
from breakzero.core.sheets import write_xlsx
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.service_bodies.idnumbers import make_id_number
from breakzero.service_bodies.models import Engineer, EventAttendance, ServiceBodyMember, ServiceEvent
from breakzero.service_bodies.services.events import checkin_token
from breakzero.service_bodies.tests.factories import EngineerFactory, ServiceBodyFactory, ServiceEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return ServiceBodyFactory(name="岳麓测试平台", region_id="430104", recognized_on=dt.date(2020, 1, 1))


@pytest.fixture
def service_user(body):
    user = User.objects.create_user("t-service", password="Pw-for-tests-2020", role=Role.SERVICE_BODY)
    ServiceBodyMember.objects.create(user=user, body=body)
    return user


def _xlsx(headers, rows) -> io.BytesIO:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


@pytest.mark.parametrize(
    "persona,visible",
    [("province_official", True), ("city_official", True), ("county_official", True),
     ("other_city_official", False), ("other_county_official", False), ("enterprise_user", True)],
)
def test_body_detail_region_matrix_visible_or_404(request, client_for, body, persona, visible):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(body.get_absolute_url())
    assert response.status_code == (200 if visible else 404)


def test_body_list_phone_masked_for_enterprise_shown_for_county(client_for, body, enterprise_user, county_official):
    masked = client_for(enterprise_user).get(reverse("service_bodies:body-list")).content.decode()
    assert "138****5678" in masked and "13812345678" not in masked
    full = client_for(county_official).get(reverse("service_bodies:body-list")).content.decode()
    assert "13812345678" in full


def test_body_list_htmx_returns_partial_and_xlsx_export(client_for, body, province_official):
    client = client_for(province_official)
    partial = client.get(reverse("service_bodies:body-list"), HTTP_HX_REQUEST="true").content.decode()
    assert "岳麓测试平台" in partial and "<html" not in partial
    export = client.get(reverse("service_bodies:body-list") + "?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_service_user_adds_event_month_marked_met(client_for, service_user, body):
    client = client_for(service_user)
    today = timezone.localdate()
    response = client.post(reverse("service_bodies:event-create", args=[body.pk]),
                           {"title": "破零专利培训", "held_on": today.isoformat(), "mode": "offline", "topic": "patent_training"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f'data-month="{today.month}" data-status="met"' in page


def test_service_user_cannot_manage_other_body_404(client_for, service_user):
    other = ServiceBodyFactory(region_id="430602")
    response = client_for(service_user).post(reverse("service_bodies:event-create", args=[other.pk]), {"title": "x"})
    assert response.status_code == 404


def test_event_checkin_enterprise_user_checked_in_once(client_for, enterprise_user, body):
    event = ServiceEventFactory(body=body, held_on=timezone.localdate())
    url = reverse("service_bodies:event-checkin", args=[checkin_token(event)])
    client = client_for(enterprise_user)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert EventAttendance.objects.filter(event=event, enterprise=enterprise_user.enterprise).count() == 1


def test_event_checkin_tampered_token_refused(client_for, enterprise_user, body):
    event = ServiceEventFactory(body=body, held_on=timezone.localdate())
    url = reverse("service_bodies:event-checkin", args=[checkin_token(event)[:-2] + "xx"])
    response = client_for(enterprise_user).get(url)
    assert response.status_code == 400 and not EventAttendance.objects.exists()


def test_event_qr_renders_svg_for_manager(client_for, service_user, body):
    event = ServiceEventFactory(body=body)
    response = client_for(service_user).get(reverse("service_bodies:event-qr", args=[event.pk]))
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content


def test_material_upload_wrong_content_rejected(client_for, service_user, body):
    event = ServiceEventFactory(body=body)
    fake = io.BytesIO(b"MZ not a pdf")
    fake.name = "slides.pdf"
    client_for(service_user).post(reverse("service_bodies:material-upload", args=[event.pk]), {"file": fake})
    assert not event.materials.exists()


def test_engineer_id_masked_in_list_revealed_only_to_region_official(client_for, county_official, other_county_official):
    engineer = EngineerFactory(id_number=make_id_number("43010219900101123"))
    listing = client_for(county_official).get(reverse("service_bodies:engineer-list")).content.decode()
    assert engineer.id_number_masked in listing and engineer.id_number not in listing
    received = []
    personal_data_revealed.connect(lambda **kw: received.append(kw["field"]), weak=False, dispatch_uid="t-reveal")
    try:
        url = reverse("service_bodies:engineer-reveal", args=[engineer.pk])
        assert engineer.id_number in client_for(county_official).post(url).content.decode()
        assert client_for(other_county_official).post(url).status_code == 404
    finally:
        personal_data_revealed.disconnect(dispatch_uid="t-reveal")
    assert received == ["id_number"]


def test_import_engineers_command_counts_and_rejects_bad_check_digit(tmp_path, capsys):
    good = make_id_number("43010219900101123")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    path = tmp_path / "engineers.xlsx"
    headers = ["姓名", "身份证号", "所在区县", "培训课程", "学时", "培训日期"]
    path.write_bytes(_xlsx(headers, [["张三", good, "岳麓区", "破零实务", 16, "2021-05-20"],
                                     ["李四", bad, "岳麓区", "", "", ""]]).getvalue())
    with pytest.raises(SystemExit):
        call_command("import_engineers", str(path))
    out = capsys.readouterr().out
    # bad rows and no --skip-invalid: nothing written, and the last line says so
    assert "校验码错误" in out and out.strip().endswith("created=0 updated=0 unchanged=0 rejected=1")
    assert not Engineer.objects.exists()
    with pytest.raises(SystemExit):
        call_command("import_engineers", str(path), "--skip-invalid")
    assert capsys.readouterr().out.strip().endswith("created=1 updated=0 unchanged=0 rejected=1")
    engineer = Engineer.objects.get()
    assert engineer.county_id == "430104" and engineer.trainings.get().hours == 16


def test_import_engineers_second_run_unchanged(tmp_path, capsys):
    path = tmp_path / "e.xlsx"
    path.write_bytes(_xlsx(["姓名", "身份证号", "所在区县"], [["张三", make_id_number("43010219900101123"), "430104"]]).getvalue())
    call_command("import_engineers", str(path))
    call_command("import_engineers", str(path))
    assert capsys.readouterr().out.strip().splitlines()[-1] == "created=0 updated=0 unchanged=1 rejected=0"


def test_attendee_import_adds_attendance(body, enterprise_user):
    from breakzero.core.imports import get_importer, run_file

    event = ServiceEventFactory(body=body)
    upload = _xlsx(["活动编号", "统一社会信用代码"], [[event.pk, enterprise_user.enterprise.uscc], [event.pk, "91430104MA4L00001X"]])
    outcome = run_file(get_importer("event_attendees"), upload, apply=True, skip_invalid=True)
    assert (outcome.counts.created, outcome.rejected_count) == (1, 1)
    assert EventAttendance.objects.filter(event=event).count() == 1


def test_service_compliance_command_prints_months(body, capsys):
    ServiceEventFactory(body=body, held_on=dt.date(2021, 1, 5))
    call_command("service_compliance", "--year", "2021", "--region", "430100")
    line = [row for row in capsys.readouterr().out.splitlines() if row.startswith(str(body.pk) + "\t")][0]
    assert line.split("\t")[3:5] == ["Y", "N"] and line.endswith("\t1\t11")


def test_service_evaluate_command_creates_scheme_and_ranks(body, capsys):
    ServiceEventFactory(body=body, held_on=dt.date(2021, 1, 5))
    call_command("service_evaluate", "--year", "2021")
    out = capsys.readouterr().out
    assert "1\t" in out and "bodies=1" in out


def test_api_lists_scoped_and_engineer_id_masked(client_for, body, other_county_official, county_official):
    engineer = EngineerFactory()
    data = client_for(county_official).get("/api/v1/service/engineers").json()
    assert data["items"][0]["id_number_masked"] == engineer.id_number_masked
    assert engineer.id_number not in str(data)
    other = client_for(other_county_official).get("/api/v1/service/bodies").json()
    assert other["count"] == 0
    assert client_for(other_county_official).get(f"/api/v1/service/bodies/{body.pk}").status_code == 404


def test_rating_only_own_record(client_for, body, enterprise_user):
    from breakzero.service_bodies.tests.factories import ServiceRecordFactory

    own = ServiceRecordFactory(body=body, enterprise=enterprise_user.enterprise)
    other = ServiceRecordFactory(body=body, enterprise=EnterpriseFactory())
    client = client_for(enterprise_user)
    assert client.post(reverse("service_bodies:record-rate", args=[own.pk]), {"score": 5, "comment": "好"}).status_code == 302
    assert client.post(reverse("service_bodies:record-rate", args=[other.pk]), {"score": 1}).status_code == 404
    own.refresh_from_db()
    assert own.rating.score == 5


def test_conflicted_expert_cannot_pick_body_in_adjust_form(client_for, body, django_user_model):
    from breakzero.service_bodies.models import ConflictDeclaration
    from breakzero.service_bodies.services.evaluation import scheme_create_default

    expert = django_user_model.objects.create_user("t-expert", role=Role.EXPERT)
    ConflictDeclaration.objects.create(expert=expert, body=body, reason="兼职")
    scheme = scheme_create_default(year=2021)
    response = client_for(expert).post(reverse("service_bodies:evaluation-adjust", args=[scheme.pk]), {
        "indicator": scheme.indicators.first().pk, "body": body.pk, "score": "90", "reason": "x"})
    assert response.status_code == 200 and not scheme.indicators.first().adjustments.exists()


def test_subsidy_simulation_page_shows_split_before_saving(client_for, body, province_official):
    from breakzero.service_bodies.models import SubsidyPlan
    from breakzero.service_bodies.services.evaluation import evaluation_compute, scheme_create_default

    ServiceEventFactory(body=body, held_on=dt.date(2021, 1, 5))
    scheme = scheme_create_default(year=2021)
    evaluation_compute(scheme=scheme, today=dt.date(2022, 1, 1))
    url = reverse("service_bodies:subsidy-simulate", args=[scheme.pk])
    page = client_for(province_official).get(url, {"budget": "100", "threshold": "0", "cap": "40"}).content.decode()
    assert "40.00" in page and not SubsidyPlan.objects.exists()
    client_for(province_official).post(url, {"budget": "100", "threshold": "0", "cap": "40"})
    assert SubsidyPlan.objects.get().allocations.get().amount == 40


def test_api_body_list_with_unmasked_phones_audited_as_bulk_read(client_for, county_official, other_county_official):
    from breakzero.audit.models import AuditEntry

    ServiceBodyFactory(region_id="430104", contact_phone="13812345678")
    ServiceBodyFactory(region_id="430104", contact_phone="13912345678")
    assert client_for(county_official).get("/api/v1/service/bodies").status_code == 200
    entry = AuditEntry.objects.get(action="reveal", username=county_official.username)
    assert entry.detail == {"field": "contact_phone", "rows": 2, "bulk": True}
    client_for(other_county_official).get("/api/v1/service/bodies")  # sees none: nothing revealed
    assert not AuditEntry.objects.filter(action="reveal", username=other_county_official.username).exists()


def test_import_engineers_consent_column_set_kept_when_blank_and_bad_value_rejected(tmp_path, capsys):
    number = make_id_number("43010219900101123")
    headers = ["姓名", "身份证号", "所在区县", "专业领域", "同意在门户公开"]
    path = tmp_path / "consent.xlsx"
    path.write_bytes(_xlsx(headers, [["张三", number, "430104", "智能制造", "是"]]).getvalue())
    call_command("import_engineers", str(path))
    assert Engineer.objects.values_list("field", "is_published_on_portal").get() == ("智能制造", True)
    path.write_bytes(_xlsx(headers, [["张三", number, "430104", "", ""]]).getvalue())
    call_command("import_engineers", str(path))  # blank cells never withdraw a stored consent
    assert Engineer.objects.values_list("field", "is_published_on_portal").get() == ("智能制造", True)
    path.write_bytes(_xlsx(headers, [["张三", number, "430104", "", "也许"]]).getvalue())
    with pytest.raises(SystemExit):
        call_command("import_engineers", str(path))
    assert "请填写“是”或“否”" in capsys.readouterr().out


def test_import_engineers_new_engineer_blank_consent_not_published(tmp_path):
    path = tmp_path / "new.xlsx"
    path.write_bytes(_xlsx(["姓名", "身份证号", "所在区县"], [["王五", make_id_number("43010219900101124"), "430104"]]).getvalue())
    call_command("import_engineers", str(path))
    assert Engineer.objects.get().is_published_on_portal is False
