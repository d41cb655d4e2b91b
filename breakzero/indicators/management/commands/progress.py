"""`manage.py progress --year Y [--region CODE] [--format csv|json]`: one row per indicator.

Refreshes the summaries in-process first when the source data changed since the last refresh.
"""

import datetime as dt
import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from breakzero.core.period import default_year
from breakzero.core.sheets import write_csv
from breakzero.indicators.selectors import load_summaries, progress_rows
from breakzero.indicators.summaries import summaries_refresh_if_stale
from breakzero.indicators.tables import progress_record
from breakzero.regions.models import Region

HEADER = ["indicator", "region_code", "year", "actual", "target", "ratio", "status"]


class Command(BaseCommand):
    help = "打印某地区某年度各项指标的实际值、目标值、完成率与进度状态"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, help="默认：规划期内最新有数据的年度")
        parser.add_argument("--region", default="430000", help="区划代码（默认全省 430000）")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--today", help="按此日期计算进度（YYYY-MM-DD，默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"区划代码不存在：{options['region']}")
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期格式错误：{options['today']}（应为 YYYY-MM-DD）") from exc
        refreshed = summaries_refresh_if_stale(today=today)
        if refreshed is not None:
            self.stderr.write(f"summaries refreshed in {refreshed.duration_ms} ms")
        summaries = load_summaries(codes=[region.code])
        records = [progress_record(row) for row in progress_rows(summaries=summaries, region=region,
                                                                 year=options["year"] or default_year(), today=today)]
        if options["format"] == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        buffer = io.StringIO()
        write_csv(buffer, HEADER, ([r[key] for key in HEADER] for r in records))
        self.stdout.write(buffer.getvalue().replace("\r\n", "\n"), ending="")
