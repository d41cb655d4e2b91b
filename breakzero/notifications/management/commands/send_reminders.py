"""`manage.py send_reminders [--date YYYY-MM-DD]`: the daily reminders; running it twice sends nothing twice."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from breakzero.notifications.reminders import reminders_send


class Command(BaseCommand):
    help = "发送到期、逾期和未达标提醒（可重复运行，不会重复发送）/ send due, overdue and missed-month reminders"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="按此日期计算（默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        counts = reminders_send(today=today)
        self.stdout.write(f"{today}: 即将到期 {counts.due_soon}，逾期 {counts.overdue}，服务机构未达标 {counts.missed_month}")
