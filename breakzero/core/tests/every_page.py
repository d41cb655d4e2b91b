"""Every page with data: the access world with all its side-B objects, and a user of each role who sees them."""

from __future__ import annotations

import pytest

from breakzero.accounts.models import Role
from breakzero.audit.tests.access_world import BUILDERS, B, World
from breakzero.audit.tests.routes_matrix import ROUTES, _urls, html_routes, undeclared

SKIP_ROUTES = {"api-docs", "core:api-docs"}  # the API's own docs page: OpenAPI speaks field codes


def viewer(world: World, role: str):
    """A user of `role` who may see the side-B objects the URLs name (where the role sees any)."""
    if role in {Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL, Role.FINANCE}:
        user = world.b_user(role)
        if role == Role.FINANCE:
            user.region_id = B["city"]
            user.save(update_fields=["region"])
        return user
    if role == Role.ENTERPRISE:
        user = world.b_user(role)
        user.enterprise = world.get("enterprise")
        user.save(update_fields=["enterprise"])
        return user
    if role == Role.SERVICE_BODY:
        from breakzero.service_bodies.models import ServiceBodyMember

        user = world.b_user(role)
        ServiceBodyMember.objects.get_or_create(user=user, body=world.get("body"))
        return user
    return world.users[role]


def page_urls(world: World) -> list[str]:
    urls = []
    for route, kwargs in sorted(html_routes().items()):
        if route in SKIP_ROUTES or undeclared(route, ROUTES[route]):
            continue
        try:
            urls.extend(_urls(world, route))
        except Exception:  # a route whose URL cannot be built from the world is covered by the access matrix
            continue
    return list(dict.fromkeys(urls))


@pytest.fixture
def full_world(db, settings):
    """The access world with every side-B object built, so every list and detail page has data."""
    settings.API_RATE_USER = "100000/min"
    settings.LANGUAGE_CODE = "zh-hans"
    world = World()
    for key in BUILDERS:
        world.get(key)
    for role in Role:
        viewer(world, role)
    return world


