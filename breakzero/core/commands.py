"""Base for the `import_*` shell commands: same output conventions for every kind.

Prints each rejected row with its reason, ends with the line
`created=N updated=N unchanged=N rejected=N`, exits non-zero when rows were rejected.
Follow-up work (recomputations) runs in-process before returning: no worker needed.
"""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from breakzero.core.bulk import ChangeCounts
from breakzero.core.errors import DomainError
from breakzero.core.imports import get_importer, iter_rejected_lines, run_file
from breakzero.core.sheets import SheetError
from breakzero.core.signals import data_imported

logger = logging.getLogger(__name__)


class ImportCommand(BaseCommand):
    kind = ""
    # No system checks before an import (~0.3–0.9 s of every run: they import every URLconf and
    # view); `manage.py check` runs them, and so does `make test` (through makemigrations).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="xlsx / xls / csv 文件")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="导入正确的行，跳过错误行 / import good rows, skip bad ones"
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验不写入 / validate only")

    def handle(self, *args: Any, **options: Any) -> None:
        importer = get_importer(self.kind)
        try:
            outcome = run_file(
                importer, options["file"], apply=not options["dry_run"], skip_invalid=options["skip_invalid"]
            )
        except FileNotFoundError as exc:
            raise CommandError(f"文件不存在：{options['file']}") from exc
        except (SheetError, DomainError) as exc:
            raise CommandError(str(exc)) from exc
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # one clear line, not a traceback; the log keeps the details
            logger.exception("import_%s %s failed", self.kind, options["file"])
            raise CommandError(f"导入失败，未写入任何数据：{type(exc).__name__}: {exc}") from exc
        for line in iter_rejected_lines(outcome):
            self.stdout.write(line)
        if outcome.applied:
            importer.after_apply(outcome, in_process=True)
        elif outcome.rejected and not options["dry_run"]:
            c = outcome.counts
            self.stderr.write(
                "文件中有错误行，未写入任何数据（使用 --skip-invalid 仅导入正确的行："
                f"将新增 {c.created}、更新 {c.updated}、无变化 {c.unchanged}）。"
            )
            outcome.counts = ChangeCounts()  # the last line reports what was written: nothing
        c = outcome.counts
        data_imported.send(
            sender=self.__class__, kind=self.kind, source=str(options["file"]),
            counts={"created": c.created, "updated": c.updated, "unchanged": c.unchanged,
                    "rejected": outcome.rejected_count, "applied": outcome.applied},
        )
        for key, value in outcome.summary.items():
            self.stdout.write(f"{key}={value}")
        self.stdout.write(outcome.line())
        if outcome.rejected:
            raise SystemExit(1)
