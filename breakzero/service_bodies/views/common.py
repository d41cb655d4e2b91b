"""Small helpers shared by the service-system views."""

import datetime as dt
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from breakzero.core.signals import data_exported
from breakzero.service_bodies import access
from breakzero.service_bodies.models import ServiceBody

PAGE_SIZE = 50


def paginate(request: HttpRequest, qs: Any) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def exported(request: HttpRequest, what: str, rows: int) -> None:
    data_exported.send(sender=exported, request=request, what=what, rows=rows)


def year_param(request: HttpRequest, *, current: bool = False) -> int:
    """?year=, else the programme's default year; `current` pages (a body's own calendar, where
    it reports this month's events) default to this year."""
    from breakzero.core.period import default_year

    fallback = timezone.localdate().year if current else default_year()
    try:
        year = int(request.GET.get("year") or fallback)
    except ValueError:
        year = fallback
    return min(max(year, 2000), 2100)


def visible_body(request: HttpRequest, pk: int) -> ServiceBody:
    return get_object_or_404(access.bodies_visible_to(request.user).select_related("region", "city"), pk=pk)


def managed_body(request: HttpRequest, pk: int) -> ServiceBody:
    body = visible_body(request, pk)
    if not access.can_manage_body(request.user, body):
        raise Http404
    return body


def today() -> dt.date:
    return timezone.localdate()
