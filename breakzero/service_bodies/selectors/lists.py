"""Scoped, filtered lists for pages, exports and the API."""

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from breakzero.regions.models import Region
from breakzero.service_bodies import access
from breakzero.service_bodies.models import Engineer, ServiceBody, ServiceEvent, ServiceRecord

ENGINEER_TARGET = 1000


def body_list(user: Any, *, q: str = "", kind: str = "", region: str = "") -> QuerySet[ServiceBody]:
    qs = access.bodies_visible_to(user).select_related("region", "city")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__iexact=q))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(Q(region_id=region) | Q(city_id=region))
    return qs.order_by("name", "pk")


def event_list(user: Any, *, body_id: int | None = None, year: int | None = None) -> QuerySet[ServiceEvent]:
    qs = access.events_visible_to(user).select_related("body").annotate(attendee_count=Count("attendances"))
    if body_id:
        qs = qs.filter(body_id=body_id)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.order_by("-held_on", "pk")


def engineer_list(user: Any, *, q: str = "", region: str = "") -> QuerySet[Engineer]:
    qs = access.engineers_visible_to(user).select_related("employer", "county", "city").annotate(
        total_hours=Sum("trainings__hours")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(employer__name__icontains=q) | Q(certificate_number=q))
    if region:
        qs = qs.filter(Q(county_id=region) | Q(city_id=region))
    return qs.order_by("name", "pk")


def engineer_counts_by_city(user: Any) -> list[dict]:
    """Engineers per prefecture (visible to the user) and the province total against the 1000 target."""
    rows = dict(access.engineers_visible_to(user).values("city_id").annotate(n=Count("pk")).values_list("city_id", "n"))
    cities = Region.objects.filter(code__in=rows).order_by("code")
    return [{"region": city, "count": rows[city.code]} for city in cities]


def record_list(user: Any, *, body_id: int | None = None) -> QuerySet[ServiceRecord]:
    qs = access.records_visible_to(user).select_related("body", "enterprise", "rating")
    if body_id:
        qs = qs.filter(body_id=body_id)
    return qs.order_by("-served_on", "pk")
