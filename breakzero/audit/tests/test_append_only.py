import datetime as dt
import gzip
import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from breakzero.audit.models import AppendOnlyError, AuditEntry
from breakzero.audit.services import audit_record

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


@pytest.mark.django_db
def test_audit_entry_orm_update_and_delete_refused():
    entry = audit_record(action="login", detail={"username": "x"})
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(username="y")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("sql", ["UPDATE audit_auditentry SET username = 'forged'", "DELETE FROM audit_auditentry"])
def test_audit_trigger_raw_update_and_delete_refused(sql):
    audit_record(action="login", detail={"username": "x"})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.filter(username="x").count() == 1


def _old_entries(days_ago: int, count: int) -> list[int]:
    """Back-dated login entries; returns their ids. Tests count only these: a live-server test on
    the same worker may leave entries behind (its requests can outlive the flush)."""
    ids = []
    for index in range(count):
        entry = audit_record(action="login", detail={"username": f"u{index}"})
        with connection.cursor() as cursor:  # back-date: the test owns the table and may lift the trigger
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
            cursor.execute(
                "UPDATE audit_auditentry SET at = %s WHERE id = %s", [timezone.now() - dt.timedelta(days=days_ago), entry.pk]
            )
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only")
        ids.append(entry.pk)
    return ids


@pytest.mark.django_db
def test_archive_audit_recent_cutoff_refused(tmp_path):
    with pytest.raises(CommandError, match="180"):
        call_command("archive_audit", before=str(timezone.localdate() - dt.timedelta(days=30)), out=str(tmp_path / "a.jsonl.gz"))


@pytest.mark.django_db
def test_archive_audit_moves_old_entries_to_checksummed_file(tmp_path):
    old = _old_entries(400, 3)
    young = _old_entries(10, 2)
    out = tmp_path / "audit-old.jsonl.gz"
    call_command("archive_audit", before=str(timezone.localdate() - dt.timedelta(days=200)), out=str(out))
    lines = gzip.open(out, "rt", encoding="utf-8").read().splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["action"] == "login"
    digest, name = (tmp_path / "audit-old.jsonl.gz.sha256").read_text().split()
    assert name == out.name and digest == hashlib.sha256(out.read_bytes()).hexdigest()
    assert set(AuditEntry.objects.filter(id__in=old + young).values_list("id", flat=True)) == set(young)
    assert AuditEntry.objects.filter(action="archive", detail__rows=3).exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_archive_flag_does_not_outlive_its_transaction():
    audit_record(action="login", detail={"username": "x"})
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL breakzero.audit_archive = 'on'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")


# --- PostgreSQL: archive only through the SECURITY DEFINER function (migration audit/0003) ---------

def _probe_role() -> str:
    """A non-superuser role owning the table, as the application role would in a careless deployment.
    Created inside the test's transaction (CREATE ROLE is transactional), so it never outlives the test."""
    role = f"bz_probe_{connection.settings_dict['NAME']}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"ALTER TABLE audit_auditentry OWNER TO {role}")
        cursor.execute(f"GRANT EXECUTE ON FUNCTION audit_archive_delete(timestamptz, bigint[]) TO {role}")
    return role


@postgres_only
@pytest.mark.django_db
def test_audit_session_switch_no_longer_lets_deletes_through():
    ids = _old_entries(400, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL breakzero.audit_archive = 'on'")
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.filter(id__in=ids).count() == 1


@postgres_only
@pytest.mark.django_db
def test_audit_truncate_refused_to_table_owner():
    audit_record(action="login", detail={"username": "x"})
    role = _probe_role()
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            cursor.execute("TRUNCATE audit_auditentry")  # the privilege was revoked by the migration
        cursor.execute(f"GRANT TRUNCATE ON audit_auditentry TO {role}")  # an owner can take it back ...
        with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
            cursor.execute("TRUNCATE audit_auditentry")  # ... and the trigger still refuses
        cursor.execute("RESET ROLE")
    assert AuditEntry.objects.filter(username="x").count() == 1


@postgres_only
@pytest.mark.django_db
def test_archive_function_refuses_entries_younger_than_retention():
    young = _old_entries(10, 1)
    role = _probe_role()
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        with pytest.raises(DatabaseError, match="younger than"), transaction.atomic():
            cursor.execute("SELECT audit_archive_delete(now() - interval '1 day', %s::bigint[])", [young])
        cursor.execute("SELECT audit_archive_delete(now() - interval '200 days', %s::bigint[])", [young])
        assert cursor.fetchone()[0] == 0
        cursor.execute("RESET ROLE")
        cursor.execute("SET LOCAL ROLE breakzero_audit_archiver")  # even the archiver's own role, directly
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("RESET ROLE")
    assert AuditEntry.objects.filter(id__in=young).count() == 1


@postgres_only
@pytest.mark.django_db
def test_archive_function_deletes_old_entries_only_through_it():
    ids = _old_entries(400, 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [ids[0]])  # old, but not through the function
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_archive_delete(now() - interval '200 days', %s::bigint[])", [ids])
        assert cursor.fetchone()[0] == 2
    assert not AuditEntry.objects.filter(id__in=ids).exists()
