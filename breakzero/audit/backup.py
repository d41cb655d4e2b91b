"""Backup and restore of the whole database (等保 2.0 数据备份恢复).

PostgreSQL: `pg_dump -Fc` / `pg_restore --clean --if-exists`; SQLite: the online backup
API (consistent while the platform runs). Each backup gets a `.sha256` file beside it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

from breakzero.core.errors import DomainError


def backup_database(*, db: dict[str, Any], out: Path) -> str:
    """Write a backup of `db` (a DATABASES entry) to `out`; returns its SHA-256."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if _is_postgres(db):
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(out), *_pg_args(db)], db)
    else:
        source = sqlite3.connect(db["NAME"])
        target = sqlite3.connect(out)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    digest = sha256_of(out)
    out.with_name(out.name + ".sha256").write_text(f"{digest}  {out.name}\n", encoding="utf-8")
    return digest


# --no-owner gives every restored object to the restoring role; the audit archive function
# must run as its own role again (migration audit/0003), else archiving is refused.
ARCHIVE_OWNER_SQL = """DO $$ BEGIN
IF to_regprocedure('audit_archive_delete(timestamptz, bigint[])') IS NOT NULL
   AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'breakzero_audit_archiver') THEN
    ALTER FUNCTION audit_archive_delete(timestamptz, bigint[]) OWNER TO breakzero_audit_archiver;
END IF; END $$;"""


def restore_database(*, db: dict[str, Any], source: Path) -> None:
    """Replace the contents of `db` with the backup in `source` (checksum verified first)."""
    if not source.exists():
        raise DomainError(f"备份文件不存在：{source}")
    checksum = source.with_name(source.name + ".sha256")
    if checksum.exists() and checksum.read_text(encoding="utf-8").split()[0] != sha256_of(source):
        raise DomainError("备份文件校验失败（SHA-256 不一致），已拒绝恢复。")
    connections.close_all()
    if _is_postgres(db):
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", db["NAME"], *_pg_args(db), str(source)], db)
        _run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-c", ARCHIVE_OWNER_SQL, *_pg_args(db)], db)
    else:
        backup = sqlite3.connect(source)
        target = sqlite3.connect(db["NAME"])
        try:
            backup.backup(target)
        finally:
            target.close()
            backup.close()


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _is_postgres(db: dict[str, Any]) -> bool:
    return "postgresql" in db["ENGINE"]


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def _run(command: list[str], db: dict[str, Any]) -> None:
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if command[0] == "pg_dump":
        command = [*command, db["NAME"]]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DomainError(f"{command[0]} 失败：{result.stderr.strip()[:2000]}")
