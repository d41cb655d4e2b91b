"""The access matrix, generated from the routes: no user reaches another side's objects, by any method.

A new route needs no new test, only its scope declared in access_scopes.py (undeclared → fails).
"""

from __future__ import annotations

import pytest

from breakzero.audit.tests import access_scopes as scopes
from breakzero.audit.tests.access_world import World
from breakzero.audit.tests.routes_matrix import (
    OBJECT_ROUTES, ROUTES, _owners, _request, _urls, _verdict, api_payload, api_routes, harvest_forms, undeclared,
    users_to_refuse,
)


def test_every_route_declares_its_scope():
    problems = [p for route, kwargs in sorted(ROUTES.items()) if (p := undeclared(route, kwargs))]
    stale = sorted((set(scopes.NO_OBJECT_ROUTES) | set(scopes.ROUTE_OBJECTS)) - set(ROUTES))
    assert not problems, "routes without a declared scope (see breakzero/audit/tests/access_scopes.py):\n" + "\n".join(problems)
    assert not stale, f"access_scopes.py names routes that no longer exist: {stale}"


def test_matrix_covers_the_known_scope_checks():
    """The matrix would silently shrink if routes were renamed: these must stay in it."""
    for route in ("core:import-detail", "service_bodies:event-detail", "cultivation:application-detail",
                  "api:/applications/{application_id}/transitions", "api:/applications/{application_id}",
                  "api:/enterprises/{enterprise_id}/years/{year}", "api:/tokens/{token_id}"):
        assert route in OBJECT_ROUTES


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_route_refuses_objects_of_another_side(route, world, client):
    urls = _urls(world, route)
    api = route.startswith("api:")
    if api:
        operations = api_routes()
        components = operations["__components__"]
        methods = {m: api_payload(op, components) for m, op in operations[route].items()}
        payloads = {url: methods for url in urls}
    else:
        forms = harvest_forms(client, world, route, urls)
        payloads = {url: {"GET": None, "POST": forms.get(url)} for url in urls}
    failures = []
    for role, user in users_to_refuse(world, route):
        client.force_login(user)
        for url, by_method in payloads.items():
            for method, data in by_method.items():
                try:
                    verdict = _verdict(*_request(client, method, url, data, api=api))
                except Exception as exc:  # a crash is no refusal either  # noqa: BLE001
                    verdict = f"raised {type(exc).__name__}: {exc}"
                if verdict:
                    failures.append(f"{role} {method} {url} → {verdict}")
    assert not failures, f"side-A users reached side-B objects through {route}:\n" + "\n".join(failures)
    _assert_reachable_by_an_owner(client, world, route, payloads)


def _assert_reachable_by_an_owner(client, world: World, route: str, payloads: dict) -> None:
    """The refusals prove nothing if the side-B object were unreachable for everyone: some owner of
    it gets past the scope check (not 404) by one of the route's methods."""
    url, by_method = next(iter(payloads.items()))
    statuses = []
    for user in _owners(world):
        client.force_login(user)
        for method, data in by_method.items():
            status, _location, _written = _request(client, method, url, data, api=route.startswith("api:"))
            statuses.append(status)
            if status not in {404, 405}:
                return
    pytest.fail(f"no owner of the side-B object reaches {route} ({statuses}): fix its builder in access_world.py")


def test_undeclared_route_is_named_with_what_to_declare():
    """A new route (here an imagined `future:thing-detail`) fails the scope test with instructions."""
    assert "declare them in ROUTE_OBJECTS" in undeclared("future:thing-detail", ["pk"])
    assert "add it to NO_OBJECT_ROUTES" in undeclared("future:thing-list", [])
    assert undeclared("enterprises:enterprise-detail", ["pk"]) is None
