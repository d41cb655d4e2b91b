"""Recompute the percentile bands the reporting soft rule reads (reporting.bands); safe to run again."""

from django.core.management.base import BaseCommand

from breakzero.reporting.bands import bands_refresh, needed_years


class Command(BaseCommand):
    help = "重新计算各地区、行业大类、数据项的 1%–99% 分位区间（核实性规则使用）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="数据年度，可多次给出；默认为年度填报期所比较的年度")

    def handle(self, *args, **options):
        years = options["year"] or needed_years()
        count = bands_refresh(years=years)
        self.stdout.write(f"已计算 {'、'.join(str(y) for y in years) or '（无年度填报期）'} 年度分位区间 {count} 条")
