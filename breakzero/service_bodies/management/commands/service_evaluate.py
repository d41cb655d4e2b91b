"""`manage.py service_evaluate --year Y`: compute scores and ranking (creates the standard scheme if none)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from breakzero.core.errors import DomainError
from breakzero.service_bodies.models import EvaluationScheme
from breakzero.service_bodies.services.evaluation import evaluation_compute, scheme_create_default


class Command(BaseCommand):
    help = "计算服务机构绩效评价得分与排名 / compute evaluation scores and ranking"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--scheme", type=int, help="方案 ID（默认为该年度最新方案）")

    def handle(self, *args: Any, **options: Any) -> None:
        schemes = EvaluationScheme.objects.filter(year=options["year"]).order_by("-created_at")
        if options["scheme"]:
            schemes = schemes.filter(pk=options["scheme"])
        scheme = schemes.first()
        if scheme is None:
            if options["scheme"]:
                raise CommandError(f"{options['year']} 年没有 ID 为 {options['scheme']} 的评价方案")
            scheme = scheme_create_default(year=options["year"])
            self.stdout.write(f"created scheme {scheme.pk}: {scheme.name}")
        try:
            results = evaluation_compute(scheme=scheme)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write("rank\tscore\tbody_id\tbody")
        for result in sorted(results, key=lambda r: (r.rank, r.body_id)):
            self.stdout.write(f"{result.rank}\t{result.score}\t{result.body_id}\t{result.body.name}")
        self.stdout.write(f"scheme={scheme.pk} bodies={len(results)}")
