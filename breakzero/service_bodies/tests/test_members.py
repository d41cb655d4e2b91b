"""Service-body accounts: officials attach accounts and name administrators; a body administrator
invites and removes its own staff; nobody else may."""

import pytest
from django.urls import reverse

from breakzero.accounts.models import Role, User
from breakzero.core.errors import DomainError
from breakzero.service_bodies.models import ServiceBodyMember
from breakzero.service_bodies.services import members
from breakzero.service_bodies.tests.factories import ServiceBodyFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return ServiceBodyFactory(region_id="430104")


def test_city_official_invites_body_admin_who_must_change_password(city_official, body):
    result = members.member_invite(actor=city_official, body=body, username="svc-admin", display_name="张三",
                                   is_admin=True)
    user = User.objects.get(username="svc-admin")
    assert user.role == Role.SERVICE_BODY and user.must_change_password and user.check_password(result.password)
    assert result.member.is_admin


def test_other_city_official_cannot_manage_accounts(other_city_official, body):
    with pytest.raises(DomainError):
        members.member_invite(actor=other_city_official, body=body, username="x", display_name="x")


def test_body_admin_invites_and_removes_staff_but_not_admins(city_official, body):
    admin = members.member_invite(actor=city_official, body=body, username="svc-a", display_name="甲", is_admin=True).member.user
    staff = members.member_invite(actor=admin, body=body, username="svc-s", display_name="乙").member
    assert not staff.is_admin
    with pytest.raises(DomainError):
        members.member_invite(actor=admin, body=body, username="svc-b", display_name="丙", is_admin=True)
    other_admin = members.member_attach(actor=city_official, body=body, username="svc-s", is_admin=True)
    with pytest.raises(DomainError):
        members.member_remove(actor=admin, member=other_admin)
    members.member_attach(actor=city_official, body=body, username="svc-s", is_admin=False)
    members.member_remove(actor=admin, member=ServiceBodyMember.objects.get(user__username="svc-s"))
    assert not ServiceBodyMember.objects.filter(user__username="svc-s").exists()


def test_plain_staff_cannot_open_accounts_page(client_for, city_official, body):
    staff = members.member_invite(actor=city_official, body=body, username="svc-p", display_name="丁").member.user
    User.objects.filter(pk=staff.pk).update(must_change_password=False)
    assert client_for(staff).get(reverse("service_bodies:member-list", args=[body.pk])).status_code == 404


def test_accounts_page_invite_through_the_form_and_the_new_account_reports_events(client_for, city_official, body):
    client = client_for(city_official)
    response = client.post(reverse("service_bodies:member-list", args=[body.pk]),
                           {"form": "invite", "invite-username": "svc-new", "invite-display_name": "戊",
                            "invite-is_admin": "on"}, follow=True)
    assert "初始密码" in response.content.decode()
    new_user = User.objects.get(username="svc-new")
    new_user.must_change_password = False
    new_user.save()
    assert client_for(new_user).get(reverse("service_bodies:event-create", args=[body.pk])).status_code == 200


def test_attach_refuses_non_service_body_account(city_official, body):
    make_user("t-ent2", Role.ENTERPRISE)
    with pytest.raises(DomainError):
        members.member_attach(actor=city_official, body=body, username="t-ent2")
