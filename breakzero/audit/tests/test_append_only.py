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


def _old_entries(days_ago: int, count: int) -> None:
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


@pytest.mark.django_db
def test_archive_audit_recent_cutoff_refused(tmp_path):
    with pytest.raises(CommandError, match="180"):
        call_command("archive_audit", before=str(timezone.localdate() - dt.timedelta(days=30)), out=str(tmp_path / "a.jsonl.gz"))


@pytest.mark.django_db
def test_archive_audit_moves_old_entries_to_checksummed_file(tmp_path):
    _old_entries(400, 3)
    _old_entries(10, 2)
    out = tmp_path / "audit-old.jsonl.gz"
    call_command("archive_audit", before=str(timezone.localdate() - dt.timedelta(days=200)), out=str(out))
    lines = gzip.open(out, "rt", encoding="utf-8").read().splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["action"] == "login"
    digest, name = (tmp_path / "audit-old.jsonl.gz.sha256").read_text().split()
    assert name == out.name and digest == hashlib.sha256(out.read_bytes()).hexdigest()
    assert AuditEntry.objects.filter(action="login").count() == 2
    assert AuditEntry.objects.filter(action="archive", detail__rows=3).exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_archive_flag_does_not_outlive_its_transaction():
    audit_record(action="login", detail={"username": "x"})
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL breakzero.audit_archive = 'on'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
