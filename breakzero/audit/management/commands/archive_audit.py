"""manage.py archive_audit --before 2025-01-01 --out /backup/audit-2024.jsonl.gz"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from breakzero.audit.archive import audit_archive
from breakzero.audit.services import Action, audit_record
from breakzero.core.errors import DomainError


class Command(BaseCommand):
    help = "把早于指定日期（且超过保留期 180 天）的审计记录归档到 jsonl.gz 文件并从数据库移除"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--before", required=True, help="归档此日期（不含）之前的记录，YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="归档文件路径（.jsonl.gz）；同时写出 .sha256 校验文件")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            before = dt.date.fromisoformat(options["before"])
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['before']}") from exc
        try:
            result = audit_archive(before=before, out=Path(options["out"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        audit_record(
            action=Action.ARCHIVE,
            detail={"before": str(before), "file": str(result.path), "rows": result.count, "sha256": result.sha256},
        )
        self.stdout.write(f"archived={result.count} file={result.path} sha256={result.sha256}")
