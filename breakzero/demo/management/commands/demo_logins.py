"""Print the demo logins (make run shows them on start)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from breakzero.demo.users import DEMO_USERS


class Command(BaseCommand):
    help = "列出演示账号 / print the demo logins"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--address", default="127.0.0.1:8000", help="the host:port the server listens on")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"破零倍增平台 http://{options['address']}/  演示账号 / demo logins:")
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.username:<22} {spec.display_name}")
        self.stdout.write(f"  password / 密码: {settings.DEMO_PASSWORD}  (set DEMO_PASSWORD to change)")
