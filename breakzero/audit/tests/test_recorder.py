import pytest
from django.urls import reverse

from breakzero.audit.models import AuditEntry
from breakzero.audit.services import audit_record
from breakzero.core.models import ImportJob
from breakzero.enterprises.tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_recorder_create_update_delete_keep_before_and_after(client_for, city_official):
    client_for(city_official).get("/")  # a request context is not required for model writes
    enterprise = EnterpriseFactory(county_id="430104", name="甲科技有限公司")
    created = AuditEntry.objects.get(action="create", object_type="enterprises.enterprise", object_id=str(enterprise.pk))
    assert created.changes["name"] == [None, "甲科技有限公司"]
    enterprise.name = "乙科技有限公司"
    enterprise.save()
    updated = AuditEntry.objects.get(action="update", object_id=str(enterprise.pk))
    assert updated.changes["name"] == ["甲科技有限公司", "乙科技有限公司"]
    assert "updated_at" not in updated.changes
    pk = enterprise.pk
    enterprise.delete()
    deleted = AuditEntry.objects.get(action="delete", object_id=str(pk))
    assert deleted.changes["name"] == ["乙科技有限公司", None]


@pytest.mark.django_db
def test_recorder_unchanged_save_not_recorded(city_official):
    before = AuditEntry.objects.count()
    city_official.save()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_recorder_password_change_recorded_without_secret(city_official):
    city_official.set_password("Another#Pass2025")
    city_official.save()
    entry = AuditEntry.objects.filter(action="update", object_type="accounts.user").latest("id")
    before, after = entry.changes["password"]
    assert before != after and before.startswith("******") and "Another" not in str(entry.changes)


@pytest.mark.django_db
def test_recorder_request_user_and_ip_recorded(client, city_official):
    client.force_login(city_official)
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.9.8.7")
    entry = AuditEntry.objects.get(action="logout")
    assert (entry.username, entry.role, entry.ip) == (city_official.username, "city_official", "10.9.8.7")


@pytest.mark.django_db
def test_recorder_import_job_recorded_once_with_counts(city_official):
    job = ImportJob.objects.create(kind="enterprises", created_by=city_official, original_name="名录.xlsx", file="x.xlsx")
    job.processed_rows = 10
    job.save(update_fields=["processed_rows"])
    job.status, job.created_count, job.total_rows = ImportJob.Status.DONE, 7, 10
    job.save(update_fields=["status", "created_count", "total_rows"])
    entries = AuditEntry.objects.filter(object_type="core.importjob")
    assert [e.action for e in entries] == ["import"]
    assert entries[0].detail["created"] == 7 and entries[0].username == city_official.username


@pytest.mark.django_db
def test_recorder_access_denied_recorded(client_for, city_official):
    response = client_for(city_official).get(reverse("audit:entry-list"))
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action="access_denied")
    assert entry.username == city_official.username and entry.path == reverse("audit:entry-list")


@pytest.mark.django_db
def test_recorder_export_and_reveal_signals_recorded(rf, city_official):
    from breakzero.core.signals import data_exported, personal_data_revealed

    request = rf.get("/x/", REMOTE_ADDR="10.0.0.5")
    request.user = city_official
    data_exported.send(sender=None, request=request, what="enterprises", rows=12)
    personal_data_revealed.send(sender=None, request=request, obj=city_official, field="phone")
    export = AuditEntry.objects.get(action="export")
    reveal = AuditEntry.objects.get(action="reveal")
    assert export.detail == {"what": "enterprises", "rows": 12} and export.ip == "10.0.0.5"
    assert reveal.detail == {"field": "phone"} and reveal.object_type == "accounts.user"


@pytest.mark.django_db
def test_audit_record_outside_request_has_no_user():
    entry = audit_record(action="import", target=("enterprises.enterprise", "", "shell"), detail={"rows": 3})
    assert entry.user_id is None and entry.ip is None and entry.object_repr == "shell"
