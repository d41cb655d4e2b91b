"""补录: an event recorded long after it took place counts toward its month only once the city confirms it."""

import datetime as dt

import pytest
from django.urls import reverse

from breakzero.audit.models import AuditEntry
from breakzero.core.errors import DomainError
from breakzero.service_bodies.calendar_rules import MET, MISSED
from breakzero.service_bodies.selectors.compliance import body_calendar
from breakzero.service_bodies.services.events import event_late_confirm, event_save
from breakzero.service_bodies.tests.factories import ServiceBodyFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 4, 20)
DATA = {"title": "破零专利培训", "mode": "offline", "topic": "patent_training", "location": "", "description": ""}


@pytest.fixture
def body():
    return ServiceBodyFactory(region_id="430104", recognized_on=dt.date(2023, 1, 1))


def _record(body, user, held_on, today=TODAY):
    return event_save(body=body, user=user, data={**DATA, "held_on": held_on}, today=today)


def _february(body):
    return body_calendar(body, year=2024, today=TODAY).months[1]


def test_event_recorded_within_days_counts_at_once(body, county_official):
    event = _record(body, county_official, dt.date(2024, 2, 20), today=dt.date(2024, 3, 1))  # 10 days: on time
    assert not event.is_late and _february(body).status == MET


def test_backdated_event_marked_late_and_month_stays_missed(body, county_official):
    event = _record(body, county_official, dt.date(2024, 2, 15))
    assert event.is_late and event.created_by == county_official and event.created_at is not None
    month = _february(body)
    assert (month.status, month.events, month.unconfirmed) == (MISSED, 0, 1)


def test_late_days_setting_changes_the_limit(body, county_official, settings):
    settings.SERVICE_EVENT_LATE_DAYS = 90
    assert not _record(body, county_official, dt.date(2024, 2, 15)).is_late


def test_city_official_confirms_late_event_month_met_and_audited(body, county_official, city_official):
    event = _record(body, county_official, dt.date(2024, 2, 15))
    event_late_confirm(event=event, user=city_official)
    event.refresh_from_db()
    assert event.late_confirmed_by == city_official and event.late_confirmed_at is not None
    assert _february(body).status == MET
    entry = AuditEntry.objects.filter(object_id=str(event.pk), action="update").latest("pk")
    assert "late_confirmed_by" in entry.changes


@pytest.mark.parametrize("persona", ["county_official", "other_city_official", "province_official"])
def test_late_event_confirm_by_other_than_its_city_refused(request, body, county_official, persona):
    event = _record(body, county_official, dt.date(2024, 2, 15))
    with pytest.raises(DomainError, match="市州"):
        event_late_confirm(event=event, user=request.getfixturevalue(persona))


def test_moving_event_date_back_marks_late_again(body, county_official, city_official):
    event = _record(body, county_official, dt.date(2024, 4, 18))
    assert not event.is_late
    event = event_save(body=body, user=county_official, data={"held_on": dt.date(2024, 2, 15)}, event=event, today=TODAY)
    assert event.is_late and _february(body).status == MISSED


def test_late_event_pages_show_badge_and_city_confirms_through_view(body, county_official, city_official, client_for):
    event = _record(body, county_official, dt.date(2024, 2, 15), today=dt.date(2024, 4, 20))
    html = client_for(city_official).get(event.get_absolute_url()).content.decode()
    assert "补录" in html and "确认补录活动" in html
    assert "确认补录活动" not in client_for(county_official).get(event.get_absolute_url()).content.decode()
    calendar = client_for(city_official).get(f"{body.get_absolute_url()}?year=2024").content.decode()
    assert "补录待确认" in calendar
    response = client_for(city_official).post(reverse("service_bodies:event-late-confirm", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.late_confirmed_by == city_official
    assert client_for(county_official).post(reverse("service_bodies:event-late-confirm", args=[event.pk])).status_code in (403, 404)
