"""Service-system API (/api/v1/service/…): bodies, engineers (ID masked), events, evaluations."""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from breakzero.core.api_pagination import BoundedLimitOffsetPagination

from breakzero.core.errors import DomainError
from breakzero.core.signals import personal_data_revealed
from breakzero.service_bodies import access
from breakzero.service_bodies.models import EvaluationScheme
from breakzero.service_bodies.selectors import lists
from breakzero.service_bodies.selectors.evaluation import results_visible
from breakzero.service_bodies.sheets.exports import mask_phone

router = Router(tags=["service"])


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    uscc: str
    region_code: str
    city_code: str
    recognition_level: str
    recognized_on: dt.date
    valid_until: dt.date
    contact_person: str
    contact_phone: str


class EngineerOut(Schema):
    id: int
    name: str
    id_number_masked: str
    employer_uscc: str
    county_code: str | None
    city_code: str
    certificate_number: str
    certified_on: dt.date | None
    training_hours: Decimal


class EventOut(Schema):
    id: int
    body_id: int
    title: str
    held_on: dt.date
    mode: str
    topic: str
    attendees: int
    is_late: bool = Field(False, description="补录（登记晚于活动日期超过设定天数）")
    counts_for_calendar: bool = Field(True, description="计入当月活动（非补录，或补录已由市州确认）")


class EvaluationResultOut(Schema):
    body_id: int
    body_name: str
    score: Decimal
    rank: int


class SchemeOut(Schema):
    id: int
    name: str
    year: int


def _body(user, b) -> BodyOut:
    phone = b.contact_phone if access.can_see_body_phone(user, b) else mask_phone(b.contact_phone)
    return BodyOut(id=b.pk, name=b.name, kind=b.kind, uscc=b.uscc, region_code=b.region_id, city_code=b.city_id,
                   recognition_level=b.recognition_level, recognized_on=b.recognized_on, valid_until=b.valid_until,
                   contact_person=b.contact_person, contact_phone=phone)


@router.get("/service/bodies", response=list[BodyOut])
@paginate(BoundedLimitOffsetPagination)
def body_list(request, q: str = "", kind: str = "", region: str = ""):
    qs = lists.body_list(request.user, q=q, kind=kind, region=region)
    rows = [_body(request.user, b) for b in qs]
    unmasked = sum(1 for b, row in zip(qs, rows, strict=True) if b.contact_phone and row.contact_phone == b.contact_phone)
    if unmasked:  # a bulk read of personal data is audited once per call, with its size (个人信息保护法)
        personal_data_revealed.send(sender=body_list, request=request, field="contact_phone", rows=unmasked)
    return rows


@router.get("/service/bodies/{body_id}", response=BodyOut)
def body_detail(request, body_id: int):
    return _body(request.user, get_object_or_404(access.bodies_visible_to(request.user), pk=body_id))


def _engineer(e) -> EngineerOut:
    return EngineerOut(id=e.pk, name=e.name, id_number_masked=e.id_number_masked, employer_uscc=e.employer_uscc,
                       county_code=e.county_id, city_code=e.city_id, certificate_number=e.certificate_number,
                       certified_on=e.certified_on, training_hours=e.total_hours or Decimal(0))


@router.get("/service/engineers", response=list[EngineerOut])
@paginate(BoundedLimitOffsetPagination)
def engineer_list(request, q: str = "", region: str = ""):
    return [_engineer(e) for e in lists.engineer_list(request.user, q=q, region=region)]


@router.get("/service/engineers/{engineer_id}", response=EngineerOut)
def engineer_detail(request, engineer_id: int):
    return _engineer(get_object_or_404(lists.engineer_list(request.user), pk=engineer_id))


def _event(e) -> EventOut:
    return EventOut(id=e.pk, body_id=e.body_id, title=e.title, held_on=e.held_on, mode=e.mode, topic=e.topic,
                    attendees=e.attendee_count, is_late=e.is_late, counts_for_calendar=e.counts_for_calendar)


@router.get("/service/events", response=list[EventOut])
@paginate(BoundedLimitOffsetPagination)
def event_list(
    request, year: int | None = Query(None, ge=1990, le=2100), body_id: int | None = None
):
    return [_event(e) for e in lists.event_list(request.user, year=year, body_id=body_id)]


@router.get("/service/events/{event_id}", response=EventOut)
def event_detail(request, event_id: int):
    return _event(get_object_or_404(lists.event_list(request.user), pk=event_id))


@router.get("/service/evaluations", response=list[SchemeOut])
def evaluation_list(request):
    if not access.can_view_evaluations(request.user):
        return []
    return list(EvaluationScheme.objects.values("id", "name", "year"))


@router.get("/service/evaluations/{scheme_id}", response=list[EvaluationResultOut])
def evaluation_detail(request, scheme_id: int):
    if not access.can_view_evaluations(request.user):
        raise DomainError("无权查看绩效评价。", code="forbidden")
    scheme = get_object_or_404(EvaluationScheme, pk=scheme_id)
    return [EvaluationResultOut(body_id=r.body_id, body_name=r.body.name, score=r.score, rank=r.rank)
            for r in results_visible(scheme, access.bodies_visible_to(request.user))]
