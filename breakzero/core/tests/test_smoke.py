"""Smoke tests: run on PostgreSQL and on the embedded SQLite default."""

import pytest
from django.urls import reverse

from breakzero.regions.models import Region


@pytest.mark.django_db
def test_smoke_regions_loaded_all_hunan_divisions():
    assert Region.objects.filter(level="province").count() == 1
    assert Region.objects.filter(level="prefecture").count() == 14
    assert Region.objects.filter(level="county").count() == 122


@pytest.mark.django_db
def test_smoke_login_page_renders_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_smoke_home_requires_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_smoke_home_for_official(client_for, province_official):
    response = client_for(province_official).get(reverse("core:home"))
    assert response.status_code == 200
    assert "破零倍增" in response.content.decode()


@pytest.mark.django_db
def test_smoke_language_is_chinese_despite_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_smoke_language_switch_to_english_sticks(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert response.headers["Content-Language"] == "en"


def test_api_schema_names_are_unique_across_apps():
    """django-ninja names OpenAPI components by class name: two routers with the same
    Schema name silently overwrite each other's definition."""
    import inspect

    from ninja import Schema

    from config.api import api

    seen: dict[str, str] = {}
    clashes = []
    for _prefix, router in api._routers:
        for path_ops in router.path_operations.values():
            for op in path_ops.operations:
                for schema in _schemas_of(op):
                    qualified = f"{schema.__module__}.{schema.__qualname__}"
                    if seen.setdefault(schema.__name__, qualified) != qualified:
                        clashes.append((schema.__name__, seen[schema.__name__], qualified))
    assert not clashes, clashes
    assert inspect.isclass(Schema)


def _schemas_of(op):
    from ninja import Schema

    seen: set[type] = set()
    pending = [model for model in (op.response_models or {}).values() if model is not None]
    while pending:
        model = pending.pop()
        for candidate in _walk(getattr(model, "model_fields", {})):
            if isinstance(candidate, type) and issubclass(candidate, Schema) and candidate not in seen:
                seen.add(candidate)
                pending.append(candidate)
                yield candidate


def _walk(fields):
    import typing

    for field in fields.values():
        stack = [field.annotation]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(typing.get_args(item))
