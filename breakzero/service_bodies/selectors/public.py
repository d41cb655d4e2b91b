"""What the public portal may read of the service system: public events of bodies in force, the
engineers who agreed to publication (name, employer, field), and the body catalogue with contact
only where the body chose to publish it (plan §三(三) 示范引导)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from breakzero.service_bodies.models import Engineer, EventRegistration, ServiceEvent


def public_events(*, start: dt.date, end: dt.date, city: str = "", topic: str = "") -> QuerySet[ServiceEvent]:
    """Events shown on the portal's calendar between `start` and `end` (inclusive)."""
    qs = (ServiceEvent.objects.filter(is_public=True, body__is_active=True, held_on__gte=start, held_on__lte=end)
          .select_related("body", "body__city").annotate(registered=Count("registrations")))
    if city:
        qs = qs.filter(body__city_id=city)
    if topic:
        qs = qs.filter(topic=topic)
    return qs.order_by("held_on", "pk")


def public_event(pk: int) -> ServiceEvent | None:
    return public_events(start=dt.date.min, end=dt.date.max).filter(pk=pk).first()


def public_engineers(*, city: str = "", year: int | None = None, chain: int | None = None) -> QuerySet:
    """Rows (name, employer, field) of consenting engineers only, filtered by city, certification
    year and the employer's industrial chain; nothing else about the person leaves the workbench."""
    qs = Engineer.objects.filter(is_published_on_portal=True)
    if city:
        qs = qs.filter(city_id=city)
    if year:
        qs = qs.filter(certified_on__year=year)
    if chain:
        qs = qs.filter(employer__chains__id=chain)
    return qs.order_by("city_id", "name", "pk").values_list("name", "employer__name", "field")


def registrations_of(user: Any, event: ServiceEvent) -> QuerySet[EventRegistration]:
    """An event's registrations (with attendee phones): the body's own staff and the officials
    governing its region (`can_manage_body`); nobody else, enterprises included."""
    from breakzero.service_bodies import access

    if not access.can_manage_body(user, event.body):
        return EventRegistration.objects.none()
    return event.registrations.select_related("enterprise", "enterprise__city").order_by("created_at", "pk")
