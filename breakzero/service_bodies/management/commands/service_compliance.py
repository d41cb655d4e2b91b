"""`manage.py service_compliance --year Y [--region CODE]`: per body and month, was the events rule met?"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from breakzero.core.period import default_year
from breakzero.regions.models import Region
from breakzero.service_bodies.models import ServiceBody
from breakzero.service_bodies.selectors.compliance import calendars

SYMBOLS = {"met": "Y", "missed": "N", "pending": ".", "n/a": "-"}


class Command(BaseCommand):
    help = "每月至少 1 场活动的达标情况（Y 达标 / N 未达标 / . 未结束 / - 不适用）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, help="默认：规划期内最新有数据的年度")
        parser.add_argument("--region", default="", help="市州或区县代码")

    def handle(self, *args: Any, **options: Any) -> None:
        bodies = ServiceBody.objects.filter(is_active=True).select_related("region").order_by("region_id", "name")
        code = options["region"]
        if code:
            if not Region.objects.filter(code=code).exists():
                raise CommandError(f"未知的区划代码：{code}")
            bodies = bodies.filter(Q(region_id=code) | Q(city_id=code))
        items = calendars(bodies, year=options["year"] or default_year(), today=timezone.localdate())
        self.stdout.write("body_id\tbody\tregion\t" + "\t".join(f"{m:02d}" for m in range(1, 13)) + "\tmet\tmissed")
        for item in items:
            marks = "\t".join(SYMBOLS[m.status] for m in item.months)
            self.stdout.write(f"{item.body.pk}\t{item.body.name}\t{item.body.region_id}\t{marks}\t{item.compliant}\t{len(item.missed)}")
        flagged = sum(1 for item in items if item.missed)
        self.stdout.write(f"bodies={len(items)} flagged={flagged}")
