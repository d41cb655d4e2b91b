"""Writes of the talent area: officials of the enterprise's (or course's) region, or the enterprise itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakzero.accounts.access import governs_region
from breakzero.core.errors import DomainError
from breakzero.enterprises.access import can_edit_enterprise
from breakzero.regions.models import Region
from breakzero.talent.models import ExchangeVisit, FlexibleExpert, LeadingTalent, TrainingCourse


@transaction.atomic
def talent_create(*, actor: Any, enterprise: Any, values: dict[str, Any]) -> LeadingTalent:
    _check(actor, enterprise)
    return _save(LeadingTalent(enterprise=enterprise, **values))


@transaction.atomic
def expert_create(*, actor: Any, enterprise: Any, values: dict[str, Any]) -> FlexibleExpert:
    _check(actor, enterprise)
    if values["agreement_end"] < values["agreement_start"]:
        raise DomainError("协议结束日期不能早于开始日期")
    return _save(FlexibleExpert(enterprise=enterprise, **values))


@transaction.atomic
def course_create(*, actor: Any, county: Region, values: dict[str, Any]) -> TrainingCourse:
    """A course held in the official's region; certificates cannot exceed attendees."""
    if not (getattr(actor, "is_official", False) and governs_region(actor, county)):
        raise DomainError("只能登记本辖区举办的培训")
    if values["certificates"] > values["attendees"]:
        raise DomainError("发证人数不能多于参训人数")
    return _save(TrainingCourse(county=county, city=Region.objects.get(code=county.city_code), **values))


@transaction.atomic
def body_course_save(*, actor: Any, body: Any, values: dict[str, Any], course: TrainingCourse | None = None) -> TrainingCourse:
    """A service body records (or corrects) a training course it held (plan §二(八)): only for its own body (an
    official of the body's region may too); the course is placed in the body's county (or city) and its
    organiser is the body."""
    from breakzero.service_bodies.access import can_manage_body

    if not can_manage_body(actor, body) or (course is not None and course.body_id != body.pk):
        raise DomainError("只能登记本机构举办的培训课程")
    if values["certificates"] > values["attendees"]:
        raise DomainError("发证人数不能多于参训人数")
    course = course or TrainingCourse()
    for key, value in values.items():
        setattr(course, key, value)
    course.body, course.organiser = body, body.name
    course.county = None if body.region.is_prefecture else body.region
    course.city_id = body.city_id
    return _save(course)


@transaction.atomic
def visit_create(*, actor: Any, county: Region, values: dict[str, Any]) -> ExchangeVisit:
    """An exchange visit organised in the official's region; it cannot end before it starts."""
    if not (getattr(actor, "is_official", False) and governs_region(actor, county)):
        raise DomainError("只能登记本辖区组织的交流考察")
    if values["ended_on"] < values["started_on"]:
        raise DomainError("结束日期不能早于开始日期")
    if values.get("enterprises") is not None and values["enterprises"] > values["participants"]:
        raise DomainError("参加企业数不能多于参加人数")
    return _save(ExchangeVisit(county=county, city=Region.objects.get(code=county.city_code), **values))


def _check(actor: Any, enterprise: Any) -> None:
    if not can_edit_enterprise(actor, enterprise):
        raise DomainError("您不能为该企业录入人才信息")


def _save(obj: Any) -> Any:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc
    obj.save()
    return obj
