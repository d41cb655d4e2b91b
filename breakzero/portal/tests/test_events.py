"""The portal's events calendar, registration through service_bodies, and the body's registration list."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.enterprises.tests.factories import EnterpriseFactory
from breakzero.service_bodies.models import EventRegistration, ServiceBodyMember
from breakzero.service_bodies.services.events import registration_create
from breakzero.service_bodies.tests.factories import ServiceBodyFactory, ServiceEventFactory
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _event(days=10, **kwargs):
    return ServiceEventFactory(title="知识产权质押融资对接会", held_on=timezone.localdate() + dt.timedelta(days=days), **kwargs)


def _form(name="李四", phone="13900001111", attendees=2):
    return {"attendee_name": name, "attendee_phone": phone, "attendees": attendees}


def test_event_calendar_month_shows_public_events_only(client):
    shown = _event()
    ServiceEventFactory(title="内部筹备会", held_on=shown.held_on, is_public=False)
    body = client.get("/portal/events/", {"month": f"{shown.held_on:%Y-%m}"}).content.decode()
    assert "知识产权质押融资对接会" in body and "内部筹备会" not in body


def test_event_calendar_other_month_and_bad_month_param_do_not_fail(client):
    event = _event()
    other = (event.held_on.replace(day=1) + dt.timedelta(days=40)).strftime("%Y-%m")
    assert "知识产权质押融资对接会" not in client.get("/portal/events/", {"month": other}).content.decode()
    assert client.get("/portal/events/", {"month": "2026-13"}).status_code == 200


def test_event_detail_private_event_not_found(client):
    hidden = ServiceEventFactory(is_public=False, held_on=timezone.localdate())
    assert client.get(f"/portal/events/{hidden.pk}/").status_code == 404


def test_event_register_anonymous_redirected_to_login(client):
    event = _event()
    response = client.get(f"/portal/events/{event.pk}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not EventRegistration.objects.exists()


def test_event_register_enterprise_user_registers_once(client, enterprise_user):
    event = _event()
    client.force_login(enterprise_user)
    response = client.post(f"/portal/events/{event.pk}/register/", _form())
    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert (registration.enterprise_id, registration.attendee_name, registration.attendees) == (
        enterprise_user.enterprise_id, "李四", 2)
    again = client.post(f"/portal/events/{event.pk}/register/", _form(name="王六")).content.decode()
    assert "贵企业已报名该活动" in again and 'value="王六"' in again
    assert EventRegistration.objects.count() == 1


def test_event_register_bad_phone_keeps_input_with_chinese_error(client, enterprise_user):
    event = _event()
    client.force_login(enterprise_user)
    body = client.post(f"/portal/events/{event.pk}/register/", _form(phone="abc")).content.decode()
    assert "请填写正确的联系电话" in body and 'value="李四"' in body
    assert not EventRegistration.objects.exists()


def test_event_register_official_refused(client, city_official):
    event = _event()
    client.force_login(city_official)
    assert client.post(f"/portal/events/{event.pk}/register/", _form()).status_code == 404
    assert not EventRegistration.objects.exists()


def test_registration_create_past_event_or_full_refused(enterprise_user):
    with pytest.raises(DomainError, match="报名已截止"):
        registration_create(event=_event(days=0), user=enterprise_user, **_form())
    full = _event(registration_limit=1)
    other = make_user("t-ent-2", Role.ENTERPRISE, enterprise=EnterpriseFactory(county_id="430104"))
    registration_create(event=full, user=other, **_form())
    with pytest.raises(DomainError, match="名额已满"):
        registration_create(event=full, user=enterprise_user, **_form())


def test_registration_create_user_without_enterprise_refused(city_official):
    with pytest.raises(DomainError, match="企业账号"):
        registration_create(event=_event(), user=city_official, **_form())


def test_event_registrations_body_member_sees_list_and_exports_xlsx(client, enterprise_user):
    event = _event()
    registration_create(event=event, user=enterprise_user, **_form())
    staff = make_user("t-body", Role.SERVICE_BODY)
    ServiceBodyMember.objects.create(user=staff, body=event.body)
    client.force_login(staff)
    url = f"/service/events/{event.pk}/registrations/"
    assert "13900001111" in client.get(url).content.decode()
    response = client.get(url, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:6] == (enterprise_user.enterprise.name, enterprise_user.enterprise.uscc,
                           enterprise_user.enterprise.city.name, "李四", "13900001111", 2)


def test_event_registrations_enterprise_and_other_body_refused(client, enterprise_user):
    event = _event()
    registration_create(event=event, user=enterprise_user, **_form())
    outsider = make_user("t-body-2", Role.SERVICE_BODY)
    ServiceBodyMember.objects.create(user=outsider, body=ServiceBodyFactory())
    for user in (enterprise_user, outsider):
        client.force_login(user)
        assert client.get(f"/service/events/{event.pk}/registrations/").status_code == 404
