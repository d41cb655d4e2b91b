"""Send the day's reporting reminders (safe to run several times a day: nothing is sent twice)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from breakzero.reporting.reminders import DAYS_BEFORE_DUE, reminders_send


class Command(BaseCommand):
    help = "截止前提醒未报企业，截止后提醒县市区督促逾期企业（幂等）。"

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=DAYS_BEFORE_DUE)

    def handle(self, *args, **options):
        counts = reminders_send(today=timezone.localdate(), days_before=options["days_before"])
        self.stdout.write(f"提醒企业 {counts['due_soon']} 家，提醒县市区 {counts['county_late']} 个")
