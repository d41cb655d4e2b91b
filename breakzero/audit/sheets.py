"""Audit trail export to xlsx (formula injection neutralised by core.sheets)."""

from typing import IO

from django.db.models import QuerySet
from django.utils import timezone

from breakzero.audit.display import changes_text, details_text
from breakzero.audit.models import AuditEntry
from breakzero.core.sheets import write_xlsx

EXPORT_LIMIT = 200_000
HEADERS = ["时间", "用户名", "角色", "IP 地址", "操作", "对象类型", "对象标识", "对象", "变更（前值→后值）", "详情", "请求路径"]


def write_entries(target: IO[bytes], entries: QuerySet[AuditEntry]) -> int:
    """Write up to EXPORT_LIMIT entries; returns how many were written."""
    count = 0

    def rows():
        nonlocal count
        for entry in entries[:EXPORT_LIMIT].iterator(chunk_size=2000):
            count += 1
            yield [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"), entry.username, entry.role_label,
                entry.ip or "", entry.get_action_display(), entry.object_label, entry.object_id, entry.object_repr,
                changes_text(entry.object_type, entry.changes), details_text(entry.detail)[:32000], entry.path,
            ]

    write_xlsx(target, HEADERS, rows(), sheet="审计日志")
    return count
