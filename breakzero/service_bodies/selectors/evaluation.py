"""Indicator values computed from the records, per body and year (set-based)."""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet

from breakzero.service_bodies.models import (
    EvaluationIndicator,
    EvaluationResult,
    EvaluationScheme,
    ServiceBody,
    ServiceEvent,
    ServiceRecord,
)
from breakzero.service_bodies.selectors.compliance import calendars
from breakzero.service_bodies.selectors.outcomes import body_outcomes

Source = EvaluationIndicator.Source


def bodies_for_scheme(scheme: EvaluationScheme) -> QuerySet[ServiceBody]:
    """Bodies evaluated by a scheme: of its kinds (all when empty), recognised during its year."""
    qs = ServiceBody.objects.filter(
        is_active=True, recognized_on__lte=dt.date(scheme.year, 12, 31), valid_until__gte=dt.date(scheme.year, 1, 1)
    )
    if scheme.body_kinds:
        qs = qs.filter(kind__in=scheme.body_kinds)
    return qs.order_by("pk")


def indicator_values(bodies: Iterable[ServiceBody], *, year: int, today: dt.date) -> dict[int, dict[str, Decimal]]:
    """Every computable source for each body in `year` (manual indicators have no value)."""
    body_list = list(bodies)
    ids = [b.pk for b in body_list]
    events = dict(
        ServiceEvent.objects.filter(body_id__in=ids, held_on__year=year).values("body_id").annotate(n=Count("pk")).values_list("body_id", "n")
    )
    records = ServiceRecord.objects.filter(body_id__in=ids, served_on__year=year)
    served = dict(records.values("body_id").annotate(n=Count("enterprise_id", distinct=True)).values_list("body_id", "n"))
    ratings = dict(
        records.filter(rating__isnull=False).values("body_id").annotate(a=Avg("rating__score")).values_list("body_id", "a")
    )
    months = {c.body.pk: c.compliant for c in calendars(body_list, year=year, today=today)}
    outcomes = body_outcomes(ids, served_from=dt.date(year, 1, 1), served_to=dt.date(year, 12, 31))
    return {
        pk: {
            Source.EVENTS_HELD: Decimal(events.get(pk, 0)),
            Source.MONTHS_COMPLIANT: Decimal(months.get(pk, 0)),
            Source.ENTERPRISES_SERVED: Decimal(served.get(pk, 0)),
            Source.CLIENT_BREAK_ZERO: Decimal(outcomes[pk].clients.new_break_zero),
            Source.CLIENT_DOUBLING: Decimal(outcomes[pk].clients.old_doubled),
            Source.AVG_RATING: Decimal(str(ratings.get(pk) or 0)).quantize(Decimal("0.01"), ROUND_HALF_UP),
        }
        for pk in ids
    }


def results_visible(scheme: EvaluationScheme, bodies: QuerySet[ServiceBody]) -> QuerySet[EvaluationResult]:
    return scheme.results.filter(body__in=bodies).select_related("body", "body__region").order_by("rank", "body__name")
