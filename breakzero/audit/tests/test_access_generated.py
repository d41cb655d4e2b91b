"""The access matrix, generated from the routes: no role reaches another side's objects.

Every URL pattern and every operation of /api/v1/openapi.json is enumerated. For a route whose
URL names an object, every side-A user (one per role) requests the side-B object (another region,
enterprise or service body; access_world.py) with GET and with each state-changing method the
route takes, carrying the form the page itself offers (or the API's request schema), and must be
refused: no 2xx, no redirect, nothing written. Routes without an object are searched for side-B
names on their GET pages. Scopes are declared in access_scopes.py; an undeclared route fails.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from breakzero.accounts.models import Role
from breakzero.audit.tests import access_scopes as scopes
from breakzero.audit.tests.access_world import BUILDERS, World

API_PREFIX = "/api/v1"
UNWRITTEN_TABLES = {"audit_auditentry", "django_session"}  # a refusal is audited; the session is the caller's
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE)
SKIP_NAMESPACES = ("admin:", "api:")  # Django admin: its own login + RestrictedAdminSite; the API: by its schema
# Wagtail's admin and document routes (`wagtailadmin_*`, `wagtailimages:` …): officials in a portal group
# only (portal.admin_access, tested in breakzero/portal/tests); its page server (`wagtail_serve`, a path
# argument, not an object) serves only live public pages and is declared in NO_OBJECT_ROUTES.
WAGTAIL_OWNED = re.compile(r"^wagtail(?!_serve$)")


# ------------------------------------------------------------------ the routes


def html_routes() -> dict[str, list[str]]:
    """Qualified URL name → its kwargs, for every pattern of the URLconf (recursively)."""
    return {name: kwargs for name, (kwargs, _callback) in _walk().items()}


def _walk() -> dict[str, tuple[list[str], Any]]:
    found: dict[str, tuple[list[str], Any]] = {}

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name or ''}"
                portal_admin = getattr(entry.callback, "access_declared", ("",))[0] == "portal_admin"
                if not name.startswith(SKIP_NAMESPACES) and not WAGTAIL_OWNED.match(name) and not portal_admin:
                    found[name] = (list(getattr(entry.pattern, "converters", {})), entry.callback)

    walk(get_resolver(), "")
    return found


def api_routes() -> dict[str, dict[str, Any]]:
    """'api:<path>' → {method: operation} from the OpenAPI schema, path parameters listed."""
    from config.api import api

    schema = api.get_openapi_schema()
    routes: dict[str, dict[str, Any]] = {}
    for path, operations in schema["paths"].items():
        key = "api:" + path.removeprefix(API_PREFIX)
        routes[key] = {method.upper(): op for method, op in operations.items()}
    routes["__components__"] = schema.get("components", {})  # type: ignore[assignment]
    return routes


def path_kwargs(key: str) -> list[str]:
    return re.findall(r"{(\w+)}", key)


def object_keys(route: str, kwargs: list[str]) -> dict[str, str]:
    """kwarg → side-B object key, from the per-route table or (API) the kwarg's name."""
    declared = scopes.ROUTE_OBJECTS.get(route, {})
    values = scopes.ROUTE_VALUES.get(route, {})
    result = {}
    for kwarg in kwargs:
        if kwarg in declared:
            result[kwarg] = declared[kwarg]
        elif route.startswith("api:") and kwarg in scopes.KWARG_OBJECTS and kwarg not in values:
            result[kwarg] = scopes.KWARG_OBJECTS[kwarg]
    return result


def undeclared(route: str, kwargs: list[str]) -> str | None:
    objects = object_keys(route, kwargs)
    values = scopes.ROUTE_VALUES.get(route, {})
    missing = [k for k in kwargs if k not in objects and k not in values]
    if missing:
        return f"{route}: path parameter(s) {missing} name no side-B object — declare them in ROUTE_OBJECTS / ROUTE_VALUES"
    if not objects and route not in scopes.NO_OBJECT_ROUTES:
        return f"{route}: no object in the URL — add it to NO_OBJECT_ROUTES with the reason"
    unknown = [o for o in objects.values() if o not in BUILDERS or o not in scopes.SEEN_BY]
    if unknown:
        return f"{route}: object(s) {unknown} need a builder in access_world.BUILDERS and an entry in SEEN_BY"
    return None


def _all_routes() -> dict[str, list[str]]:
    routes = dict(html_routes())
    routes.update({key: path_kwargs(key) for key in api_routes() if key != "__components__"})
    return routes


ROUTES = _all_routes()
OBJECT_ROUTES = sorted(r for r, kw in ROUTES.items() if r not in scopes.NO_OBJECT_ROUTES and not undeclared(r, kw))
LIST_ROUTES = sorted(r for r, kw in ROUTES.items() if r in scopes.NO_OBJECT_ROUTES and not kw)
ROLE_ROUTES = sorted(
    name for name, (kwargs, callback) in _walk().items()
    if getattr(callback, "access_declared", ("",))[0] == "roles" and not undeclared(name, kwargs)
)


def test_every_route_declares_its_scope():
    problems = [p for route, kwargs in sorted(ROUTES.items()) if (p := undeclared(route, kwargs))]
    stale = sorted((set(scopes.NO_OBJECT_ROUTES) | set(scopes.ROUTE_OBJECTS)) - set(ROUTES))
    assert not problems, "routes without a declared scope (see breakzero/audit/tests/access_scopes.py):\n" + "\n".join(problems)
    assert not stale, f"access_scopes.py names routes that no longer exist: {stale}"


def test_matrix_covers_the_known_scope_checks():
    """The matrix would silently shrink if routes were renamed: these must stay in it."""
    for route in ("core:import-detail", "service_bodies:event-detail", "cultivation:application-detail",
                  "cultivation:application-transition", "api:/applications/{application_id}",
                  "api:/enterprises/{enterprise_id}/years/{year}", "api:/tokens/{token_id}"):
        assert route in OBJECT_ROUTES


# ------------------------------------------------------------------ requests and verdicts


@pytest.fixture
def world(db, settings):
    settings.API_RATE_USER = "100000/min"
    return World()


def _urls(world: World, route: str) -> list[str]:
    kwargs = ROUTES[route]
    objects = {k: world.get(o) for k, o in object_keys(route, kwargs).items()}
    base = {k: _url_value(route, k, obj) for k, obj in objects.items()}
    combos = [base]
    for kwarg, options in scopes.ROUTE_VALUES.get(route, {}).items():
        combos = [combo | {kwarg: option} for combo in combos for option in options]
    if route.startswith("api:"):
        path = route.removeprefix("api:")
        return [API_PREFIX + path.format(**combo) for combo in combos]
    return [reverse(route, kwargs=combo) for combo in combos]


def _url_value(route: str, kwarg: str, obj: Any) -> Any:
    if kwarg == "year":
        return obj.year
    if route == "service_bodies:event-checkin":
        from breakzero.service_bodies.services.events import checkin_token

        return checkin_token(obj)
    return obj.pk


def _request(client, method: str, url: str, data: Any, *, api: bool) -> tuple[int, str, list[str]]:
    """(status, location, tables written) of one request."""
    with CaptureQueriesContext(connection) as queries:
        if api:
            response = client.generic(method, url, data=_json(data), content_type="application/json")
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data or {})
    written = sorted({m.group(2) for q in queries.captured_queries if (m := WRITE.match(q["sql"]))} - UNWRITTEN_TABLES)
    return response.status_code, response.get("Location", ""), written


def _json(data: Any) -> str:
    import json

    return json.dumps(data if data is not None else {}, default=str)


def _verdict(status: int, location: str, written: list[str]) -> str | None:
    if written:
        return f"{status}, wrote {written}"
    if 200 <= status < 300:
        return f"{status}"
    if 300 <= status < 400:
        return f"{status} → {location}"
    return None


# ------------------------------------------------------------------ payloads


class _FormHarvest(HTMLParser):
    """Every POST form of a page: action → {field: value}, with the values the page fills in."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action", ""), self._fields))
        if self._fields is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input" and a.get("type", "text") not in {"submit", "button", "file", "checkbox", "radio"}:
            self._fields[name] = a.get("value") or _plausible(name, a.get("type", "text"))
        elif tag == "input" and a.get("type") in {"checkbox", "radio"} and ("checked" in a or name not in self._fields):
            self._fields[name] = a.get("value") or "on"
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self._fields[name] = "乙方测试内容"
        if tag == "option" and self._select and (a.get("value") and (self._select not in self._fields or "selected" in a)):
            self._fields[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _plausible(name: str, kind: str) -> str:
    if kind == "date" or "date" in name or name.endswith("_on"):
        return "2024-06-30"
    if kind == "number" or name in {"year", "budget", "threshold", "score"}:
        return "60"
    return "乙方测试"


def harvest_forms(client, world: World, route: str, urls: list[str]) -> dict[str, dict[str, str]]:
    """Forms that post to `urls`, as pages offer them to users who may act on the side-B object."""
    objects = [world.get(o) for o in object_keys(route, ROUTES[route]).values()]
    pages = set(urls) | {o.get_absolute_url() for o in objects if hasattr(o, "get_absolute_url")}
    payloads: dict[str, dict[str, str]] = {}
    for user in _owners(world):
        client.force_login(user)
        for page in sorted(pages):
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _FormHarvest()
            parser.feed(response.content.decode(errors="replace"))
            for action, fields in parser.forms:
                target = urlsplit(action).path or page
                if target in urls:
                    payloads.setdefault(target, {}).update(fields)
    return payloads


def _owners(world: World) -> list[Any]:
    """Side-B users who may act on side-B objects: the province, B's county, B's enterprise and body."""
    from breakzero.service_bodies.models import ServiceBodyMember

    users = [world.users[Role.PROVINCE_OFFICIAL], world.b_user(Role.COUNTY_OFFICIAL), world.b_user(Role.CITY_OFFICIAL)]
    enterprise_user = world.b_user(Role.ENTERPRISE)
    if enterprise_user.enterprise_id is None:
        enterprise_user.enterprise = world.get("enterprise")
        enterprise_user.save(update_fields=["enterprise"])
    body_user = world.b_user(Role.SERVICE_BODY)
    ServiceBodyMember.objects.get_or_create(user=body_user, body=world.get("body"))
    return [*users, enterprise_user, body_user]


def api_payload(operation: dict, components: dict) -> Any:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    return _example(body, components) if body else None


def _example(schema: dict, components: dict, depth: int = 0) -> Any:
    if "$ref" in schema:
        schema = components["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if s.get("type") != "null"]
            return _example(options[0], components, depth) if options else None
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 3:
            return {}
        return {name: _example(prop, components, depth + 1) for name, prop in schema.get("properties", {}).items()}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("format") == "date":
        return "2024-06-30"
    return "乙方测试"


# ------------------------------------------------------------------ the matrix


def roles_to_refuse(route: str) -> list[str]:
    seen = [scopes.SEEN_BY[o] for o in object_keys(route, ROUTES[route]).values()]
    allowed = frozenset.intersection(*seen) if seen else frozenset()
    return [role for role in Role if role not in allowed]


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
    for role in roles_to_refuse(route):
        client.force_login(world.users[role])
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


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_pages_without_object_show_nothing_of_another_side(route, world, client):
    for key in BUILDERS:
        world.get(key)
    url = API_PREFIX + route.removeprefix("api:") if route.startswith("api:") else reverse(route)
    failures = []
    for role, user in world.users.items():
        roles, shown, _reason = scopes.SHOWN_ON_PURPOSE.get(route, (frozenset(), frozenset(), ""))
        hidden = {key: text for key, text in scopes.MARKERS.items() if role not in scopes.SEEN_BY[key]
                  and not (role in roles and ({"*", key} & shown))}
        client.force_login(user)
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


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # xlsx: the strings are inside the zip
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    text = content.decode(errors="replace")
    if "json" in response.get("Content-Type", ""):
        import json

        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text
