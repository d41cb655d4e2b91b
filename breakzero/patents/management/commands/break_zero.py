"""`manage.py break_zero --year Y [--region CODE] [--format csv|xlsx] [--out FILE]`.

One row per enterprise that broke zero in Y and counts (an SME that year, or size
unknown): `uscc,name,county_code,application_number,grant_date`. CSV goes to stdout
when no --out is given. --recompute first recomputes every break-zero event.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from breakzero.core.period import default_year
from breakzero.core.sheets import write_csv, write_xlsx
from breakzero.patents.break_zero import break_zero_recompute
from breakzero.patents.selectors import break_zero_counted, region_or_none

HEADERS = ("uscc", "name", "county_code", "application_number", "grant_date")


class Command(BaseCommand):
    help = "导出某年破零企业清单 / list the enterprises that broke zero in a year"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, help="默认：规划期内最新有数据的年度")
        parser.add_argument("--region", default="", help="省/市州/区县 6 位代码")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--out", default="", help="输出文件；csv 不指定时写到标准输出")
        parser.add_argument("--recompute", action="store_true", help="先重新计算破零 / recompute first")

    def handle(self, *args: Any, **options: Any) -> None:
        region = region_or_none(options["region"])
        if options["region"] and region is None:
            raise CommandError(f"未知的区划代码：{options['region']}")
        if options["format"] == "xlsx" and not options["out"]:
            raise CommandError("xlsx 格式需要 --out 指定输出文件")
        if options["recompute"]:
            break_zero_recompute()
        events = break_zero_counted(year=options["year"] or default_year(), region=region)
        rows = (
            (e.enterprise.uscc, e.enterprise.name, e.enterprise.county_id or e.enterprise.city_id,
             e.patent.application_number, e.break_zero_date)
            for e in events.iterator(chunk_size=2000)
        )  # fmt: skip
        if options["format"] == "xlsx":
            write_xlsx(options["out"], HEADERS, rows, sheet=f"{options['year']}年破零")
        elif options["out"]:
            with open(options["out"], "w", encoding="utf-8", newline="") as handle:
                write_csv(handle, HEADERS, rows)
        else:
            write_csv(self.stdout, HEADERS, rows)
