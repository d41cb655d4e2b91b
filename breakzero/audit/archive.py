"""Archiving old audit entries: to a gzip'd JSON-lines file with a SHA-256 file, then out
of the table (等保 2.0: kept at least 180 days online; archives kept by operations)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from breakzero.audit.models import AuditEntry
from breakzero.core.errors import DomainError

FIELDS = ("id", "at", "user_id", "username", "role", "ip", "action", "object_type", "object_id", "object_repr", "changes", "detail", "path")


@dataclass(frozen=True)
class ArchiveResult:
    path: Path
    checksum_path: Path
    count: int
    sha256: str


def earliest_allowed_cutoff(*, today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)


def audit_archive(*, before: dt.date, out: Path, today: dt.date | None = None) -> ArchiveResult:
    """Move entries older than `before` to `out` (jsonl.gz) and `out`.sha256, then delete them.

    Refused when `before` is within the retention period. The file is written and fsynced
    before the rows go, in one transaction, through the database's archive function.
    """
    if before > earliest_allowed_cutoff(today=today):
        raise DomainError(f"只能归档 {settings.AUDIT_RETENTION_DAYS} 天以前的审计记录（截止日期不得晚于 {earliest_allowed_cutoff(today=today)}）。")
    if out.exists():
        raise DomainError(f"归档文件已存在：{out}")
    cutoff = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
    checksum_path = out.with_name(out.name + ".sha256")
    try:
        with transaction.atomic():
            rows = AuditEntry.objects.filter(at__lt=cutoff).order_by("at", "id").values_list(*FIELDS)
            ids, digest = _write(rows, out)
            checksum_path.write_text(f"{digest}  {out.name}\n", encoding="utf-8")
            _delete(ids, cutoff=cutoff)
    except Exception:
        # Nothing was deleted: a file claiming otherwise must not stay behind.
        out.unlink(missing_ok=True)
        checksum_path.unlink(missing_ok=True)
        raise
    return ArchiveResult(out, checksum_path, len(ids), digest)


def _write(rows, out: Path) -> tuple[list[int], str]:
    ids: list[int] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        for row in rows.iterator(chunk_size=5000):
            record = dict(zip(FIELDS, row, strict=True))
            record["at"] = record["at"].isoformat()
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            ids.append(record["id"])
    with open(out, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
        os.fsync(handle.fileno())
    return ids, digest


def _delete(ids: list[int], *, cutoff: dt.datetime) -> None:
    """The one path that removes audit rows. PostgreSQL: the SECURITY DEFINER function
    `audit_archive_delete` (owned by a separate role; it refuses entries younger than 180 days
    whatever the caller asks, migration audit/0003). SQLite has no trigger: plain DELETE."""
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            if connection.vendor == "postgresql":
                cursor.execute("SELECT audit_archive_delete(%s, %s::bigint[])", [cutoff, chunk])
                deleted = cursor.fetchone()[0]
            else:
                table = connection.ops.quote_name(AuditEntry._meta.db_table)
                cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)
                deleted = cursor.rowcount
            if deleted != len(chunk):
                raise DomainError(f"归档删除的记录数（{deleted}）与写入文件的记录数（{len(chunk)}）不一致，已全部回滚。")
