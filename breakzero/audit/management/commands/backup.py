"""manage.py backup [--out FILE]: a full database backup plus FILE.sha256."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from breakzero.audit.backup import backup_database
from breakzero.core.errors import DomainError


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL：pg_dump -Fc；SQLite：在线备份），并写出 SHA-256 校验文件"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", help="备份文件路径；默认 var/backups/breakzero-<时间>.dump|.sqlite3")

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        suffix = "dump" if "postgresql" in db["ENGINE"] else "sqlite3"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        out = Path(options["out"] or settings.BASE_DIR / "var" / "backups" / f"breakzero-{stamp}.{suffix}")
        try:
            digest = backup_database(db=db, out=out)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"backup={out} sha256={digest}")
