"""The access matrix: every route declares who may use it; every role is refused elsewhere."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ninja.constants import NOT_SET

from breakzero.accounts.models import Role
from conftest import make_user

ALLOWED_UNDECLARED_NAMESPACES = {"admin"}  # Django admin: its own login + RestrictedAdminSite
ALLOWED_UNDECLARED_NAMES = {"set_language"}
# Wagtail's document password form (unused: the portal sets no page or document passwords). Its admin
# declares access through portal.admin_access.officials_only; `wagtail_serve` and the document
# download are @public (access_scopes.NO_OBJECT_ROUTES says why).
WAGTAIL_UNDECLARED = {"wagtaildocs_authenticate_with_password"}
PUBLIC_API_OPERATIONS: set[str] = set()  # operation ids that are public on purpose (none yet)
REFUSED = {302, 403, 404, 405}


def walk(resolver=None, namespace=""):
    """(qualified name, callback, converters) for every URL pattern, recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, ns)
        elif isinstance(entry, URLPattern):
            converters = {n: type(c).__name__ for n, c in getattr(entry.pattern, "converters", {}).items()}
            yield f"{namespace}{entry.name or ''}", entry.callback, converters


def test_every_url_declares_access():
    missing = []
    for name, callback, _ in walk():
        top = name.split(":", 1)[0] if ":" in name else ""
        if top in ALLOWED_UNDECLARED_NAMESPACES or name in ALLOWED_UNDECLARED_NAMES or top == "api" or name in WAGTAIL_UNDECLARED:
            continue
        if not hasattr(callback, "access_declared"):
            missing.append(f"{name} → {getattr(callback, '__module__', '')}.{getattr(callback, '__name__', callback)}")
    assert not missing, "views without @roles/@any_user/@public:\n" + "\n".join(missing)


def test_every_api_operation_requires_auth_or_is_declared_public():
    from config.api import api

    open_ops = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                auth = operation.auth_param if operation.auth_param is not NOT_SET else router.auth
                auth = auth if auth is not NOT_SET else api.auth
                op_id = operation.operation_id or operation.view_func.__name__
                if not auth and op_id not in PUBLIC_API_OPERATIONS:
                    open_ops.append(f"{operation.methods} {prefix}{path} ({op_id})")
    assert not open_ops, open_ops


def _routes():
    """Role-restricted routes reversible with no argument or an integer pk."""
    for name, callback, converters in walk():
        kind, allowed = getattr(callback, "access_declared", (None, ()))
        if kind == "roles" and converters in ({}, {"pk": "IntConverter"}) and not name.startswith(("admin:", "api:")):
            yield name, allowed, converters


@pytest.fixture
def outsider_enterprise(db):
    from breakzero.enterprises.tests.factories import EnterpriseFactory

    return EnterpriseFactory(county_id="430602")  # 岳阳楼区: outside 长沙 and 岳麓


@pytest.mark.django_db
def test_every_route_refuses_roles_not_allowed(client, outsider_enterprise):
    users = {role: make_user(f"m-{role}", role, _region(role)) for role in Role}
    failures = []
    for name, allowed, converters in _routes():
        url = reverse(name, kwargs={"pk": outsider_enterprise.pk} if converters else None)
        for role, user in users.items():
            if role in allowed:
                continue
            client.force_login(user)
            status = client.get(url).status_code
            if status not in REFUSED:
                failures.append(f"{role} GET {url} → {status}")
    assert not failures, failures


@pytest.mark.django_db
def test_pk_routes_refuse_objects_outside_own_region(client, outsider_enterprise, city_official, county_official):
    failures = []
    for user in (city_official, county_official):
        client.force_login(user)
        for name, allowed, converters in _routes():
            if converters and user.role in allowed:
                url = reverse(name, kwargs={"pk": outsider_enterprise.pk})
                for method in (client.get, client.post):
                    status = method(url).status_code
                    if status not in REFUSED:
                        failures.append(f"{user.username} {method.__name__} {url} → {status}")
    assert not failures, failures


def _region(role: str) -> str | None:
    return {"province_official": "430000", "city_official": "430100", "county_official": "430104"}.get(role)
