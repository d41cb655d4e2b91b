"""The routes, requests and verdicts of the generated access matrix (test_access_generated*.py).

Every URL pattern and every operation of /api/v1/openapi.json is enumerated. For a route whose
URL names an object, every side-A user (one per role) requests the side-B object (another region,
enterprise or service body; access_world.py) with GET and with each state-changing method the
route takes, carrying the form the page itself offers (or the API's request schema), and must be
refused: no 2xx, no redirect, nothing written. Scopes are declared in access_scopes.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

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
LIST_ROUTES = sorted(r for r, kw in ROUTES.items() if r in scopes.NO_OBJECT_ROUTES and not undeclared(r, kw))
ROLE_ROUTES = sorted(
    name for name, (kwargs, callback) in _walk().items()
    if getattr(callback, "access_declared", ("",))[0] == "roles" and not undeclared(name, kwargs)
)


# ------------------------------------------------------------------ requests and verdicts


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
        if tag in {"button", "input"} and a.get("type", "submit" if tag == "button" else "text") == "submit":
            self._fields.setdefault(name, a.get("value", ""))  # the first action offered (approve, answer …)
        elif tag == "input" and a.get("type", "text") not in {"submit", "button", "file", "checkbox", "radio"}:
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
    """Forms that post to `urls`, as pages offer them to users who may act on the side-B object:
    the route's own page first, then the object's page; the first owner offering a form wins."""
    objects = [world.get(o) for o in object_keys(route, ROUTES[route]).values()]
    pages = [*urls, *(o.get_absolute_url() for o in objects if hasattr(o, "get_absolute_url"))]
    payloads: dict[str, dict[str, str]] = {}
    for user in _owners(world):
        client.force_login(user)
        for page in dict.fromkeys(pages):
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _FormHarvest()
            parser.feed(response.content.decode(errors="replace"))
            for action, fields in parser.forms:
                target = urlsplit(action).path or page
                if target in urls:
                    payloads.setdefault(target, {}).update(fields)
            if len(payloads) == len(urls):
                return payloads
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


def users_to_refuse(world: World, route: str) -> list[tuple[str, Any]]:
    """(label, user) of the side-A users who may not see every side-B object the route names."""
    seen = [scopes.SEEN_BY[o] for o in object_keys(route, ROUTES[route]).values()]
    allowed = frozenset.intersection(*seen) if seen else frozenset()
    return [(label, user) for label, user in world.users.items() if user.role not in allowed and label not in allowed]


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
