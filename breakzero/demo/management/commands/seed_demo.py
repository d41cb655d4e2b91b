"""`manage.py seed_demo --enterprises N --seed S`: deterministic demo data plus the demo users.

Idempotent: running it again with the same arguments does not duplicate anything.
Each app contributes a `demo.py` with `seed(rng, enterprises=N, stdout=...)`; they run in
dependency order, and the demo users come last so the enterprise user can be linked.
"""

import random
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from breakzero.demo.users import demo_users_ensure

SEEDERS = (
    "breakzero.enterprises.demo",
    "breakzero.patents.demo",
    "breakzero.service_bodies.demo",
    "breakzero.cultivation.demo",
    "breakzero.demonstration.demo",
    "breakzero.indicators.demo",
    "breakzero.reports.demo",
)


class Command(BaseCommand):
    help = "生成确定性的演示数据和演示用户 / deterministic demo data and demo users"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enterprises", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["enterprises"]
        if count > 0:
            for name in SEEDERS:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                rng = random.Random(f"{options['seed']}:{name}")
                module.seed(rng=rng, enterprises=count, stdout=self.stdout)
        demo_users_ensure()
        self.stdout.write(f"demo users ready (password from DEMO_PASSWORD, default {settings.DEMO_PASSWORD})")
