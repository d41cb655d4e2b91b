"""`manage.py bulletin --year Y [--month M | --quarter Q] [--region CODE] [--out DIR]`.

Generates a bulletin in-process (refreshing stale indicator summaries first), keeps it with the past
bulletins, and prints the paths of the xlsx and PDF files (copies in DIR when --out is given).
"""

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from breakzero.core.errors import DomainError
from breakzero.core.period import default_year
from breakzero.indicators.summaries import summaries_refresh_if_stale
from breakzero.regions.models import Region
from breakzero.reports.services.bulletins import bulletin_generate, bulletin_request


class Command(BaseCommand):
    help = "生成调度通报（Excel 与 PDF）并打印文件路径"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, help="默认：规划期内最新有数据的年度")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--month", type=int, help="月度通报：1–12")
        group.add_argument("--quarter", type=int, help="季度通报：1–4")
        parser.add_argument("--region", default="430000", help="全省 430000（默认）或市州代码")
        parser.add_argument("--out", help="把文件另存到此目录")
        parser.add_argument("--today", help="按此日期计算进度（YYYY-MM-DD，默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"区划代码不存在：{options['region']}")
        today = _today(options["today"])
        period_type, period = ("month", options["month"]) if options["month"] else (
            ("quarter", options["quarter"]) if options["quarter"] else ("year", None))
        refreshed = summaries_refresh_if_stale(today=today)
        if refreshed is not None:
            self.stderr.write(f"summaries refreshed in {refreshed.duration_ms} ms")
        try:
            bulletin = bulletin_request(user=None, region=region, period_type=period_type, year=options["year"] or default_year(),
                                        period=period, enqueue=False, today=today)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        bulletin = bulletin_generate(bulletin_id=bulletin.pk, today=today)
        if bulletin.status != bulletin.Status.DONE:
            raise CommandError(bulletin.message or "通报生成失败")
        for field in (bulletin.xlsx, bulletin.pdf):
            self.stdout.write(str(_copy(field, options["out"])))


def _today(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError as exc:
        raise CommandError(f"日期格式错误：{text}（应为 YYYY-MM-DD）") from exc


def _copy(field: Any, out: str | None) -> Path | str:
    """The stored file's path, or a copy of it in `out` (read through the storage, whatever it is)."""
    if not out:
        try:
            return field.path
        except NotImplementedError:
            return field.name
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    destination = target / Path(field.name).name
    with field.open("rb") as source, destination.open("wb") as sink:
        shutil.copyfileobj(source, sink)
    return destination
