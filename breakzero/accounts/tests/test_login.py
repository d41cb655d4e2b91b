import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from breakzero.accounts.models import Role, User
from breakzero.audit.models import AuditEntry
from conftest import make_user

LOGIN = "/accounts/login/"
PASSWORD = "Pw-for-tests-2020"


def login(client, username, password=PASSWORD, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_success_and_failure_audited(client, city_official):
    assert login(client, city_official.username, "wrong-password").status_code == 200
    assert login(client, city_official.username).status_code == 302
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "username", "ip"))
    assert ("login_failed", city_official.username, "127.0.0.1") in actions
    assert ("login", city_official.username, "127.0.0.1") in actions
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(action="logout", username=city_official.username).exists()


@pytest.mark.django_db
def test_login_five_failures_lock_account_from_any_address(client, city_official):
    for attempt in range(5):
        login(client, city_official.username, "wrong-password", ip=f"10.0.0.{attempt + 1}")
    response = login(client, city_official.username, ip="10.0.9.9")  # right password, new address
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert AuditEntry.objects.filter(action="lockout").exists()


@pytest.mark.django_db
def test_login_five_failures_lock_address_for_other_accounts(client, city_official, county_official):
    for attempt in range(5):
        login(client, f"nobody-{attempt}", "wrong-password", ip="10.1.1.1")
    assert login(client, county_official.username, ip="10.1.1.1").status_code == 429
    assert login(client, county_official.username, ip="10.1.1.2").status_code == 302


@pytest.mark.django_db
def test_login_lockout_lifted_by_security_admin(client, city_official):
    security_admin = make_user("t-security", Role.SECURITY_ADMIN)
    for _ in range(5):
        login(client, city_official.username, "wrong-password", ip="10.2.2.2")
    client.force_login(security_admin)
    page = client.get(reverse("accounts:security"))
    assert city_official.username in page.content.decode()
    client.post(reverse("accounts:security-user"), {"username": city_official.username, "action": "unlock"})
    client.post(reverse("accounts:security-address"), {"ip_address": "10.2.2.2"})
    client.logout()
    assert login(client, city_official.username, ip="10.2.2.2").status_code == 302
    assert AuditEntry.objects.filter(action="security", username="t-security").count() == 2


@pytest.mark.django_db
@override_settings(SESSION_IDLE_SECONDS=60)
def test_session_idle_timeout_logs_out(client_for, city_official):
    client = client_for(city_official)
    assert client.get("/").status_code == 200
    session = client.session
    session["bz_last_seen"] -= 61
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get("/").status_code == 302


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_AGE=3600)
def test_session_absolute_limit_logs_out_active_user(client_for, city_official):
    client = client_for(city_official)
    client.get("/")
    session = client.session
    session["bz_started"] -= 3601
    session.save()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_must_change_password_redirects_until_changed(client, city_official):
    User.objects.filter(pk=city_official.pk).update(must_change_password=True)
    login(client, city_official.username)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password-change")
    data = {"old_password": PASSWORD, "new_password1": "Xiangjiang#2025", "new_password2": "Xiangjiang#2025"}
    assert client.post(reverse("accounts:password-change"), data).status_code == 302
    assert client.get("/").status_code == 200
    assert not User.objects.get(pk=city_official.pk).must_change_password


@pytest.mark.django_db
def test_password_older_than_90_days_forces_change_for_officials_only(client_for, city_official, enterprise_user):
    old = timezone.now() - dt.timedelta(days=91)
    User.objects.filter(pk__in=[city_official.pk, enterprise_user.pk]).update(password_changed_at=old)
    assert client_for(city_official).get("/").status_code == 302
    assert client_for(enterprise_user).get("/").status_code == 200


@pytest.mark.django_db
def test_demo_users_log_in_without_forced_change(client):
    from breakzero.demo.users import demo_users_ensure

    demo_users_ensure()
    for username in ("demo-province", "demo-admin", "demo-audit"):
        client.logout()
        assert login(client, username, "Hunan@2020demo").status_code == 302
        assert client.get(reverse("accounts:profile")).status_code == 200
    assert not User.objects.filter(username__startswith="demo-", is_superuser=True).exists()


@pytest.mark.django_db
def test_login_page_says_when_2fa_is_off(client):
    assert "未启用双因素认证" in client.get(LOGIN).content.decode()


def _token(device, steps_ahead=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step, digits=device.digits):06d}"


@pytest.mark.django_db
@override_settings(REQUIRE_2FA=True)
def test_2fa_enrol_then_verify_for_officials(client, city_official):
    login(client, city_official.username)
    assert client.get("/")["Location"] == reverse("accounts:otp")
    assert client.get(reverse("accounts:otp"))["Location"] == reverse("accounts:otp-enrol")
    page = client.get(reverse("accounts:otp-enrol")).content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=city_official, confirmed=False)
    assert client.post(reverse("accounts:otp-enrol"), {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    assert client.post(reverse("accounts:otp-enrol"), {"token": _token(device)}).status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    login(client, city_official.username)
    assert client.get("/")["Location"] == reverse("accounts:otp")
    assert client.get("/api/v1/enterprises").status_code == 403
    device.refresh_from_db()
    client.post(reverse("accounts:otp"), {"token": _token(device, steps_ahead=1)})
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@override_settings(REQUIRE_2FA=True)
def test_2fa_not_required_for_enterprise_users(client_for, enterprise_user):
    assert client_for(enterprise_user).get("/").status_code == 200


@pytest.mark.django_db
@override_settings(REQUIRE_2FA=True)
def test_2fa_reset_by_security_admin_forces_new_enrolment(client, city_official):
    TOTPDevice.objects.create(user=city_official, name="x", confirmed=True)
    security_admin = make_user("t-security", Role.SECURITY_ADMIN)
    TOTPDevice.objects.create(user=security_admin, name="x", confirmed=True)
    client.force_login(security_admin)
    from django_otp import login as otp_login  # noqa: F401  (the test client cannot verify a phone)

    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=security_admin).persistent_id
    session.save()
    client.post(reverse("accounts:security-user"), {"username": city_official.username, "action": "reset_2fa"})
    assert not TOTPDevice.objects.filter(user=city_official).exists()


@pytest.mark.django_db
def test_password_hash_upgraded_from_pbkdf2_on_login(client, settings, city_official):
    settings.PASSWORD_HASHERS = [
        "breakzero.accounts.hashers.TunedArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk=city_official.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert login(client, city_official.username).status_code == 302
    stored = User.objects.get(pk=city_official.pk).password
    assert stored.startswith("argon2$argon2id$") and "m=19456,t=2,p=1" in stored
