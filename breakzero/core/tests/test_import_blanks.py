"""A blank cell in an update never erases a stored value, in every importer that updates rows."""

from __future__ import annotations

import datetime as dt

import pytest

from breakzero.core.imports import WriteScope, get_importer
from breakzero.core.tests.test_import_scope import _run
from breakzero.enterprises.tests.factories import EnterpriseFactory


def _import(kind: str, rows: list[dict]):
    outcome = _run(get_importer(kind), rows, WriteScope.everywhere())
    assert not outcome.rejected, [(r.row, r.reason) for r in outcome.rejected]
    return outcome


@pytest.mark.django_db
def test_engineers_import_blank_cells_keep_stored_values():
    from breakzero.service_bodies.models import Engineer
    from breakzero.service_bodies.tests.factories import EngineerFactory

    stored = EngineerFactory(phone="13900000000", certificate_number="HNCX-1", certified_on=dt.date(2021, 6, 30))
    _import("engineers", [{"name": "改名", "id_number": stored.id_number, "county": "430104"}])
    stored.refresh_from_db()
    assert (stored.name, stored.phone, stored.certificate_number, stored.certified_on) == (
        "改名", "13900000000", "HNCX-1", dt.date(2021, 6, 30))


@pytest.mark.django_db
def test_attendees_import_blank_name_keeps_stored_one():
    from breakzero.service_bodies.models import EventAttendance
    from breakzero.service_bodies.tests.factories import ServiceEventFactory

    firm, event = EnterpriseFactory(), ServiceEventFactory()
    EventAttendance.objects.create(event=event, enterprise=firm, attendee_name="李四")
    _import("event_attendees", [{"event": event.pk, "uscc": firm.uscc, "attendee_name": ""}])
    assert EventAttendance.objects.get(event=event, enterprise=firm).attendee_name == "李四"


@pytest.mark.django_db
def test_participants_import_blank_note_keeps_stored_one():
    from breakzero.indicators.models import Participant

    firm = EnterpriseFactory()
    Participant.objects.create(enterprise=firm, year=2022, note="长沙市推荐")
    _import("participants", [{"uscc": firm.uscc, "year": 2022, "note": ""}])
    assert Participant.objects.get(enterprise=firm, year=2022).note == "长沙市推荐"


@pytest.mark.django_db
def test_titles_import_blank_batch_and_validity_keep_stored_ones():
    from breakzero.cultivation.models import Title

    firm = EnterpriseFactory()
    Title.objects.create(enterprise=firm, tier="srdi_sme", level="provincial", batch="第一批",
                         recognized_on=dt.date(2022, 1, 10), valid_until=dt.date(2024, 12, 31))  # fmt: skip
    row = {"uscc": firm.uscc, "name": firm.name, "label": "省级专精特新中小企业", "recognized_on": "2022-01-10"}
    _import("titles", [row])
    title = Title.objects.get(enterprise=firm)
    assert (title.batch, title.valid_until) == ("第一批", dt.date(2024, 12, 31))
