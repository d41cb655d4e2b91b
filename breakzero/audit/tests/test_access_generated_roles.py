"""`@roles(...)` refuses every other role, whatever the method (generated from the URLconf)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from breakzero.accounts.models import Role
from breakzero.audit.tests.routes_matrix import ROLE_ROUTES, UNWRITTEN_TABLES, WRITE, _urls, _walk


@pytest.mark.parametrize("route", ROLE_ROUTES)
def test_roles_not_allowed_are_refused_for_every_method(route, world, client):
    """`@roles(...)` refuses the other roles whatever the method (the object's own scope aside)."""
    _kwargs, callback = _walk()[route]
    allowed = callback.access_declared[1]
    failures = []
    for role in Role:
        if role in allowed:
            continue
        client.force_login(world.users[role])
        for url in _urls(world, route):
            for method in ("GET", "POST"):  # the decorator does not look at the method: GET and POST show it
                with CaptureQueriesContext(connection) as queries:
                    response = client.generic(method, url)
                written = {m.group(2) for q in queries.captured_queries if (m := WRITE.match(q["sql"]))} - UNWRITTEN_TABLES
                if response.status_code != 404 or written:
                    failures.append(f"{role} {method} {url} → {response.status_code} {sorted(written)}")
    assert not failures, f"roles outside @roles{tuple(sorted(allowed))} reached {route}:\n" + "\n".join(failures)
