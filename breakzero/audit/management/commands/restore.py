"""manage.py restore FILE: replace the database with a backup made by `manage.py backup`."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from breakzero.audit.backup import restore_database
from breakzero.core.errors import DomainError


class Command(BaseCommand):
    help = "从备份文件恢复数据库（会覆盖当前数据库的全部内容）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="backup 命令生成的备份文件")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="不询问确认")

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        if options["interactive"]:
            answer = input(f"将用备份覆盖数据库 {db['NAME']} 的全部内容，输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消。")
        try:
            restore_database(db=db, source=Path(options["file"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"restored={options['file']} database={db['NAME']}")
