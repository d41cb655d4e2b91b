"""API defects: anonymous rate limit, Cache-Control, token ownership and suspension."""

import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_api_anonymous_rate_limit_counts_unauthenticated_calls_to_authenticated_endpoints(client, settings, fresh_cache):
    settings.API_RATE_ANON = "3/min"
    statuses = [client.get("/api/v1/enterprises", REMOTE_ADDR="10.1.1.1").status_code for _ in range(5)]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3:] == [429, 429]
    assert client.get("/api/v1/enterprises", REMOTE_ADDR="10.1.1.2").status_code == 401  # per address
