"""Backup and restore: a restored database has the same rows (counts and checksums)."""

import os
import sqlite3
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection  # noqa: F401  (skipif condition)

from breakzero.audit.backup import backup_database, restore_database
from breakzero.audit.services import audit_record
from breakzero.core.errors import DomainError

KEY_TABLES = {
    "regions_region": "code", "enterprises_enterprise": "uscc", "accounts_user": "username", "audit_auditentry": "id",
}


def _checksums(dsn: str) -> dict[str, tuple[int, str]]:
    with psycopg.connect(dsn) as conn:
        result = {}
        for table, key in KEY_TABLES.items():
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.{key}), '')) FROM {table} t"
            ).fetchone()
            result[table] = (row[0], row[1])
        return result


def _dsn(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_backup_restore_into_fresh_database_same_rows(tmp_path, city_official):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(5, county_id="430104")
    audit_record(action="login", user=city_official)
    out = tmp_path / "bz.dump"
    call_command("backup", out=str(out))
    assert (tmp_path / "bz.dump.sha256").read_text().split()[1] == "bz.dump"
    fresh = settings.DATABASES["default"]["NAME"] + "_restore"
    with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        env = {**os.environ, "DATABASE_URL": _dsn(fresh), "DJANGO_SETTINGS_MODULE": "config.settings"}
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(out), "--noinput"],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        original, restored = _checksums(_dsn(settings.DATABASES["default"]["NAME"])), _checksums(_dsn(fresh))
        assert restored == original and original["enterprises_enterprise"][0] == 5
        with psycopg.connect(_dsn(fresh)) as conn, pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("DELETE FROM audit_auditentry")  # the trigger came back with the data
        with psycopg.connect(_dsn(fresh)) as conn:  # the archive function runs as its own role again
            owner = conn.execute("SELECT proowner::regrole::text FROM pg_proc WHERE proname = 'audit_archive_delete'").fetchone()
            assert owner == ("breakzero_audit_archiver",)
    finally:
        with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')


def test_backup_restore_sqlite_online_api(tmp_path):
    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE t (id integer primary key, name text)")
        conn.executemany("INSERT INTO t (name) VALUES (?)", [(f"企业{i}",) for i in range(100)])
    db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)}
    backup_database(db=db, out=tmp_path / "b.sqlite3")
    with sqlite3.connect(source) as conn:
        conn.execute("DELETE FROM t WHERE id > 10")
    restore_database(db=db, source=tmp_path / "b.sqlite3")
    with sqlite3.connect(source) as conn:
        assert conn.execute("SELECT count(*), max(name) FROM t").fetchone() == (100, "企业99")


def test_restore_corrupted_backup_refused(tmp_path):
    source = tmp_path / "live.sqlite3"
    sqlite3.connect(source).close()
    db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)}
    backup_database(db=db, out=tmp_path / "b.sqlite3")
    with open(tmp_path / "b.sqlite3", "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(DomainError, match="校验失败"):
        restore_database(db=db, source=tmp_path / "b.sqlite3")
