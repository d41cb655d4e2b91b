"""Pages without an object in their URL show no side-B names to users outside their scope."""

from __future__ import annotations

import pytest

from breakzero.audit.tests import access_scopes as scopes
from breakzero.audit.tests.access_world import BUILDERS
from breakzero.audit.tests.routes_matrix import LIST_ROUTES, _text, _urls


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_pages_without_object_show_nothing_of_another_side(route, world, client):
    for key in BUILDERS:
        world.get(key)
    urls = _urls(world, route)
    failures = []
    for role, user in world.users.items():
        roles, shown, _reason = scopes.SHOWN_ON_PURPOSE.get(route, (frozenset(), frozenset(), ""))
        hidden = {key: text for key, text in scopes.MARKERS.items() if not {user.role, role} & scopes.SEEN_BY[key]
                  and not (user.role in roles and ({"*", key} & shown))}
        client.force_login(user)
        for url in urls:
            try:
                response = client.get(url)
            except Exception as exc:  # noqa: BLE001
                failures.append(f"{role} GET {url} raised {type(exc).__name__}: {exc}")
                continue
            if response.status_code != 200:
                continue
            text = _text(response)
            failures += [f"{role} GET {url} shows {key} {marker!r}" for key, marker in hidden.items() if marker in text]
    assert not failures, "\n".join(failures)
