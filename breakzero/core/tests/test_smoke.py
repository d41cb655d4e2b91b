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
