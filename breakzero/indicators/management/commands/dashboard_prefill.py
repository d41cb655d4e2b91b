"""`manage.py dashboard_prefill [--seconds N]`: render the dashboard's indicator tables into the shared cache.

What the task queued after each summaries refresh does (indicators.fragments.prefill), run by hand.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from breakzero.indicators.fragments import prefill


class Command(BaseCommand):
    help = "预先生成各地区、各年度进度表（共享缓存），用于汇总刷新之后"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seconds", type=float, default=float(settings.PROGRESS_PREFILL_SECONDS or 300),
                            help="最长用时（秒）")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        done = prefill(seconds=options["seconds"])
        self.stdout.write(f"prefilled {done} tables in {time.monotonic() - started:.1f} s")
