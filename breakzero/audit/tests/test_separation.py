"""Separation of administrator duties (等保 2.0 三员分立)."""

import pytest
from django.urls import reverse

from breakzero.accounts.models import Role, User
from conftest import make_user


@pytest.fixture
def staff_system_admin(db):
    user = make_user("t-sysadmin", Role.SYSTEM_ADMIN)
    user.is_staff = True
    user.save()
    return user


@pytest.mark.django_db
def test_admin_system_admin_manages_users_but_not_audit_or_security(client_for, staff_system_admin):
    client = client_for(staff_system_admin)
    index = client.get("/admin/").content.decode()
    assert "/admin/accounts/user/" in index
    assert "/admin/audit/" not in index and "/admin/otp_totp/" not in index and "/admin/axes/" not in index
    assert client.get("/admin/otp_totp/totpdevice/").status_code in {403, 404}
    assert client.get(reverse("accounts:security")).status_code == 404


@pytest.mark.django_db
def test_admin_user_list_hides_security_and_audit_admins(client_for, staff_system_admin):
    make_user("t-security", Role.SECURITY_ADMIN)
    make_user("t-auditor", Role.AUDIT_ADMIN)
    page = client_for(staff_system_admin).get("/admin/accounts/user/").content.decode()
    assert "t-security" not in page and "t-auditor" not in page


@pytest.mark.django_db
def test_admin_new_user_must_change_password_and_is_never_superuser(client_for, staff_system_admin):
    data = {"username": "new-official", "role": "county_official", "region": "430104",
            "password1": "Xiangjiang#2025", "password2": "Xiangjiang#2025", "usable_password": "true"}
    response = client_for(staff_system_admin).post("/admin/accounts/user/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new-official")
    assert user.must_change_password and not user.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.PROVINCE_OFFICIAL])
def test_admin_site_refused_to_other_roles_even_staff(client_for, role):
    user = make_user(f"t-{role}", role, "430000" if role == Role.PROVINCE_OFFICIAL else None)
    user.is_staff = True
    user.save()
    assert client_for(user).get("/admin/").status_code == 302  # to the admin login


@pytest.mark.django_db
def test_security_page_only_for_security_admin(client_for):
    security_admin = make_user("t-security", Role.SECURITY_ADMIN)
    auditor = make_user("t-auditor", Role.AUDIT_ADMIN)
    assert client_for(security_admin).get(reverse("accounts:security")).status_code == 200
    assert client_for(auditor).get(reverse("accounts:security")).status_code == 404


@pytest.mark.django_db
def test_superuser_flag_grants_no_permission(db):
    user = make_user("t-super-enterprise", Role.ENTERPRISE)
    user.is_superuser = True
    assert not user.has_perm("accounts.change_user") and not user.has_module_perms("audit")
