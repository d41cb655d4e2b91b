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


# --- API tokens: ownership fixed; suspended or revoked with the account's credentials ----------------

import datetime as dt  # noqa: E402

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from breakzero.accounts.models import ApiToken, Role, User  # noqa: E402
from breakzero.core.errors import DomainError  # noqa: E402
from conftest import make_user  # noqa: E402


def issue(user, name="脚本"):
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8],
                                    expires_at=timezone.now() + dt.timedelta(days=30))
    return token, Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def staff_system_admin(db):
    user = make_user("t-sysadmin", Role.SYSTEM_ADMIN)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def security_admin(db):
    return make_user("t-security", Role.SECURITY_ADMIN)


def test_token_reassignment_refused_in_the_model(county_official, province_official):
    token, _ = issue(county_official)
    token.user = province_official
    with pytest.raises(DomainError):
        token.save()
    assert ApiToken.objects.get(pk=token.pk).user_id == county_official.pk


def test_admin_cannot_reassign_or_add_tokens(client_for, staff_system_admin, county_official, province_official):
    token, bearer = issue(county_official)
    client = client_for(staff_system_admin)
    url = f"/admin/accounts/apitoken/{token.pk}/change/"
    client.post(url, {"user": province_official.pk, "name": "x", "expires_at_0": "2030-01-01", "expires_at_1": "00:00:00"})
    assert ApiToken.objects.get(pk=token.pk).user_id == county_official.pk
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    assert bearer.get("/api/v1/enterprises").status_code == 200


@pytest.mark.parametrize("action", ["force_password", "reset_2fa"])
def test_security_actions_revoke_users_tokens(client_for, security_admin, city_official, action):
    token, bearer = issue(city_official)
    assert bearer.get("/api/v1/enterprises").status_code == 200
    client_for(security_admin).post(reverse("accounts:security-user"), {"username": city_official.username, "action": action})
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert bearer.get("/api/v1/enterprises").status_code == 401


def test_admin_deactivating_user_revokes_tokens(client_for, staff_system_admin, county_official):
    token, bearer = issue(county_official)
    client = client_for(staff_system_admin)
    url = f"/admin/accounts/user/{county_official.pk}/change/"
    data = {"username": county_official.username, "role": county_official.role, "region": county_official.region_id,
            "display_name": "", "phone": "", "email": "", "is_staff": "", "must_change_password": "",
            "last_login_0": "", "last_login_1": "", "date_joined_0": "2024-01-01", "date_joined_1": "00:00:00"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.get(pk=county_official.pk).is_active
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_locked_account_tokens_suspended_until_unlocked(client, client_for, security_admin, city_official):
    _, bearer = issue(city_official)
    for _ in range(5):
        client.post("/accounts/login/", {"username": city_official.username, "password": "wrong"}, REMOTE_ADDR="10.3.3.3")
    assert bearer.get("/api/v1/enterprises").status_code == 401
    client_for(security_admin).post(reverse("accounts:security-user"), {"username": city_official.username, "action": "unlock"})
    assert bearer.get("/api/v1/enterprises").status_code == 200


def test_forced_password_change_suspends_tokens(city_official):
    _, bearer = issue(city_official)
    User.objects.filter(pk=city_official.pk).update(must_change_password=True)
    assert bearer.get("/api/v1/enterprises").status_code == 401


def test_user_revokes_own_token_with_the_token_itself(county_official):
    token, bearer = issue(county_official)
    assert bearer.delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_token_page_lists_own_tokens_and_revokes(client_for, county_official, province_official):
    own, _ = issue(county_official, name="县里的脚本")
    other, _ = issue(province_official, name="省里的脚本")
    client = client_for(county_official)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "县里的脚本" in page and "省里的脚本" not in page
    assert client.post(reverse("accounts:token-revoke", args=[other.pk])).status_code == 404
    assert client.post(reverse("accounts:token-revoke", args=[own.pk])).status_code == 302
    assert ApiToken.objects.get(pk=own.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None


def test_token_page_reachable_during_forced_password_change(client_for, county_official):
    User.objects.filter(pk=county_official.pk).update(must_change_password=True)
    assert client_for(county_official).get(reverse("accounts:tokens")).status_code == 200


def test_admin_token_list_revoke_action(client_for, staff_system_admin, county_official):
    token, bearer = issue(county_official)
    client = client_for(staff_system_admin)
    assert client.get("/admin/accounts/apitoken/").status_code == 200
    response = client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert bearer.get("/api/v1/enterprises").status_code == 401


def test_token_last_used_written_once_a_minute_not_per_request(county_official):
    token, bearer = issue(county_official)
    assert bearer.get("/api/v1/enterprises").status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None  # the first use is always written
    assert bearer.get("/api/v1/enterprises").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first  # within the minute: no write
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(seconds=61))
    assert bearer.get("/api/v1/enterprises").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first  # a minute on: written again
