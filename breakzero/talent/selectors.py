"""Reads of the talent area, scoped to the user, and the rows of its lists (phones masked unless allowed)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from breakzero.accounts.access import governed_region, sees_whole_province
from breakzero.accounts.models import Role
from breakzero.enterprises.access import can_see_personal_data, enterprises_visible_to, mask_phone
from breakzero.regions.selectors import descendants_filter
from breakzero.service_bodies.access import member_body_ids
from breakzero.talent.models import ExchangeVisit, FlexibleExpert, LeadingTalent, TrainingCourse

_ENTERPRISE = ("enterprise", "enterprise__city", "enterprise__county")


def talents_visible_to(user: Any) -> QuerySet[LeadingTalent]:
    return LeadingTalent.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(*_ENTERPRISE)


def experts_visible_to(user: Any) -> QuerySet[FlexibleExpert]:
    return FlexibleExpert.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(*_ENTERPRISE)


def courses_visible_to(user: Any) -> QuerySet[TrainingCourse]:
    """Officials: courses held in their region (province: all); a service body's staff: their own body's courses;
    others: none."""
    qs = TrainingCourse.objects.select_related("city", "county", "body")
    if getattr(user, "is_authenticated", False) and user.role == Role.SERVICE_BODY:
        return qs.filter(body_id__in=member_body_ids(user))
    return _in_region(user, qs)


def course_editable_by(user: Any) -> QuerySet[TrainingCourse]:
    """The courses a user may correct: a service body's staff their own body's; officials their region's."""
    return courses_visible_to(user) if getattr(user, "is_authenticated", False) else TrainingCourse.objects.none()


def visits_visible_to(user: Any) -> QuerySet[ExchangeVisit]:
    """Officials: exchange visits organised in their region (province: all); others: none."""
    return _in_region(user, ExchangeVisit.objects.select_related("city", "county"))


def _in_region(user: Any, qs: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_province(user) or user.role == Role.SYSTEM_ADMIN:
        return qs
    region = governed_region(user)
    return qs.filter(**descendants_filter(region)) if region is not None else qs.none()


def _phone(user: Any, obj: Any) -> str:
    return obj.contact_phone if can_see_personal_data(user, obj.enterprise) else mask_phone(obj.contact_phone)


def _firm(e: Any) -> list[Any]:
    return [e.name, e.city.name if e.city_id else "", e.county.name if e.county_id else ""]


TALENT_HEADERS = ["企业", "市州", "区县", "类型", "姓名/团队", "人才计划", "入选年度", "领域", "联系电话"]
EXPERT_HEADERS = ["企业", "市州", "区县", "姓名", "来自单位", "协议开始", "协议结束", "每年服务天数", "联系电话"]
VISIT_HEADERS = ["组织单位", "主题", "考察地点/单位", "开始日期", "结束日期", "参加人数", "参加企业数", "市州", "区县"]
COURSE_HEADERS = ["主办单位", "课程", "举办日期", "学时", "参训人数", "发证人数", "市州", "区县"]


def talent_rows(user: Any, qs: Any) -> list[list[Any]]:
    return [[*_firm(t.enterprise), t.get_kind_display(), t.name, t.programme, t.year, t.field, _phone(user, t)]
            for t in qs]


def expert_rows(user: Any, qs: Any) -> list[list[Any]]:
    return [[*_firm(x.enterprise), x.name, x.from_organisation, x.agreement_start, x.agreement_end,
             x.days_per_year or "", _phone(user, x)] for x in qs]


def course_rows(user: Any, qs: Any) -> list[list[Any]]:
    return [[c.organiser, c.course, c.held_on, c.hours, c.attendees, c.certificates, c.city.name,
             c.county.name if c.county_id else ""] for c in qs]


def visit_rows(user: Any, qs: Any) -> list[list[Any]]:
    return [[v.organiser, v.theme, v.destination, v.started_on, v.ended_on, v.participants,
             v.enterprises if v.enterprises is not None else "", v.city.name, v.county.name if v.county_id else ""]
            for v in qs]
