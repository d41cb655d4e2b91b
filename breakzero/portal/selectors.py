"""What the portal reads: its own live pages, and the other apps' public reads (never their drafts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone

from breakzero.calls import selectors as calls_selectors
from breakzero.calls.models import Call

PAGE_SIZE = 20


def open_calls(*, today: dt.date | None = None) -> QuerySet[Call]:
    """Calls still taking applications: announced on the portal with the enterprise deadline."""
    today = today or timezone.localdate()
    return (calls_selectors.calls_visible_to(AnonymousUser())
            .filter(status=Call.Status.OPEN, opens_on__lte=today, enterprise_deadline__gte=today)
            .order_by("enterprise_deadline", "pk"))


def publicity_calls(*, today: dt.date | None = None) -> QuerySet[Call]:
    """Calls whose list is in 公示 today (public for the period only)."""
    today = today or timezone.localdate()
    return (calls_selectors.calls_visible_to(AnonymousUser())
            .filter(status=Call.Status.PUBLICITY, publicity_start__lte=today, publicity_end__gte=today)
            .order_by("publicity_end", "pk"))


def published_calls() -> QuerySet[Call]:
    return (calls_selectors.calls_visible_to(AnonymousUser()).filter(status=Call.Status.PUBLISHED)
            .order_by("-published_on", "-pk"))


def home_summary(*, home: Any) -> dict[str, Any]:
    from breakzero.portal.models import ArticlePage, NoticePage, PolicyPage

    live = home.get_descendants().live().public()
    return {
        "notices": NoticePage.objects.filter(pk__in=live.values("pk")).order_by("-issued_on")[:6],
        "policies": PolicyPage.objects.filter(pk__in=live.values("pk")).order_by("-issued_on")[:6],
        "articles": ArticlePage.objects.filter(pk__in=live.values("pk")).select_related("region").order_by("-issued_on")[:6],
        "open_calls": open_calls()[:6],
        "publicity": publicity_calls()[:6],
    }


def section_listing(*, section: Any, params: Any) -> dict[str, Any]:
    """A section's live pages, newest first, filtered (articles: region, chain, programme), paginated."""
    from breakzero.portal.models import ArticlePage, NoticePage, PolicyPage, SectionPage

    Kind = SectionPage.Kind
    model = {Kind.NOTICES: NoticePage, Kind.POLICIES: PolicyPage}.get(section.kind, ArticlePage)
    pages = model.objects.child_of(section).live().public()
    filters: dict[str, str] = {}
    if model is ArticlePage:
        pages = pages.select_related("region", "chain")
        for key in ("region", "chain", "programme"):
            value = (params.get(key) or "").strip()
            if value and (key == "programme" or value.isdigit()):
                pages = pages.filter(**{key if key == "programme" else f"{key}_id": value})
                filters[key] = value
    page = Paginator(pages.order_by("-issued_on", "-pk"), PAGE_SIZE).get_page(params.get("page"))
    context: dict[str, Any] = {"items": page, "filters": filters, "programmes": ArticlePage.Programme.choices}
    if section.kind == Kind.NOTICES:
        context["open_calls"] = open_calls()
        context["publicity"] = publicity_calls()
    return context


def related_enterprises(*, usccs: list[str]) -> list[Any]:
    """The enterprises an article names, by USCC: only the name and city (what a public page shows)."""
    from breakzero.enterprises.models import Enterprise

    return list(Enterprise.objects.filter(uscc__in=usccs).select_related("city").only("name", "city__name")
                .order_by("name"))


def cities() -> QuerySet:
    from breakzero.regions.models import Region

    return Region.objects.filter(level=Region.Level.PREFECTURE).order_by("code").only("code", "name")


def chains() -> QuerySet:
    from breakzero.enterprises.models import IndustrialChain

    return IndustrialChain.objects.order_by("pk").only("pk", "name")


def service_bodies(*, kind: str = "", city: str = "", year: int | None = None) -> QuerySet:
    """The public catalogue: recognised bodies in force (the same set enterprises see in the
    workbench catalogue), with their active services and average rating; no member data."""
    from django.db.models import Avg, Count, Prefetch

    from breakzero.service_bodies.models import ServiceBody, ServiceProduct

    today = timezone.localdate()
    qs = (ServiceBody.objects.filter(is_active=True, valid_until__gte=today).select_related("city")
          .annotate(rating=Avg("records__rating__score"), ratings=Count("records__rating"))
          .prefetch_related(Prefetch("products", ServiceProduct.objects.filter(is_active=True), to_attr="services")))
    if kind:
        qs = qs.filter(kind=kind)
    if city:
        qs = qs.filter(city_id=city)
    if year:  # the year the body was recognised
        qs = qs.filter(recognized_on__year=year)
    return qs.order_by("kind", "city_id", "name")
