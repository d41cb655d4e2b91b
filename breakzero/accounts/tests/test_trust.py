"""Identity defects found when the platform was tried as each role (lockout, tokens, forced change)."""

import pytest

from conftest import make_user

LOGIN = "/accounts/login/"
PASSWORD = "Pw-for-tests-2020"


def login(client, username, password=PASSWORD, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_success_for_other_account_keeps_failures_of_first_account(client, city_official, county_official):
    """Three rounds of 4 wrong passwords for A, each followed by a correct login to B: A still locks."""
    for _round in range(3):
        for _ in range(4):
            login(client, city_official.username, "wrong-password")
        login(client, county_official.username)
        client.logout()
    assert login(client, city_official.username, ip="10.9.9.9").status_code == 429  # the account, from anywhere
    assert login(client, "someone-else", ip="127.0.0.1").status_code == 429  # and the address


@pytest.mark.django_db
def test_login_success_resets_own_account_failures(client, city_official):
    for _ in range(4):
        login(client, city_official.username, "wrong-password", ip="10.0.0.1")
    assert login(client, city_official.username, ip="10.0.0.2").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, city_official.username, "wrong-password", ip="10.0.0.3")
    assert login(client, city_official.username, ip="10.0.0.4").status_code == 302  # own count started again


@pytest.mark.django_db
def test_forced_password_change_refuses_current_password(client, city_official):
    from django.urls import reverse

    from breakzero.accounts.models import User

    User.objects.filter(pk=city_official.pk).update(must_change_password=True)
    login(client, city_official.username)
    data = {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    response = client.post(reverse("accounts:password-change"), data)
    assert response.status_code == 200
    assert "不能与当前密码相同" in response.content.decode()
    assert User.objects.get(pk=city_official.pk).must_change_password


@pytest.mark.django_db
def test_authenticated_pages_exports_and_api_not_stored(client_for, city_official):
    client = client_for(city_official)
    for url in ("/", "/enterprises/", "/enterprises/export/", "/api/v1/enterprises"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.get("Cache-Control", ""), url



@pytest.mark.django_db
def test_security_page_lists_locked_address_not_detached_rows(client, county_official):
    from axes.models import AccessAttempt
    from django.urls import reverse

    from breakzero.accounts.models import Role

    for _ in range(4):
        login(client, county_official.username, "wrong-password", ip="10.5.5.5")
    login(client, county_official.username, ip="10.5.5.5")  # success: the account's rows are detached
    client.logout()
    login(client, "nobody", "wrong-password", ip="10.5.5.5")  # the fifth failure of the address
    assert not AccessAttempt.objects.filter(username=county_official.username).exists()
    client.force_login(make_user("t-security", Role.SECURITY_ADMIN))
    page = client.get(reverse("accounts:security")).content.decode()
    assert "10.5.5.5" in page and "#reset-" not in page
