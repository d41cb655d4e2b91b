"""Demo data for the service system: bodies, engineers, a year of events, service records and ratings.

Called by `seed_demo` after enterprises and patents; idempotent (keyed by USCC / ID number;
events and records are only added to bodies that have none). The demo user `demo-service`
manages the first body when it already exists; `link_demo_service_user()` links it later.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakzero.enterprises.models import Enterprise
from breakzero.rules.dates import add_months
from breakzero.rules.uscc import make_uscc
from breakzero.service_bodies.idnumbers import make_id_number
from breakzero.service_bodies.models import (
    Engineer, EngineerTraining, ServiceBody, ServiceBodyMember, ServiceEvent, ServiceOffering, ServiceProduct,
    ServiceRating, ServiceRecord, Specialty,
)
from breakzero.service_bodies.services.bodies import validity_end

DEMO_SERVICE_USERNAME = "demo-service"
DEMO_BODY_USCC_SERIAL = 1
KIND_PLAN = (  # kind, how many, name pattern
    (ServiceBody.Kind.PLATFORM, 12, "{place}重点技术创新服务平台"),
    (ServiceBody.Kind.CORE_INSTITUTION, 30, "{place}{specialty}服务中心"),
    (ServiceBody.Kind.SME_WINDOW, 8, "{place}中小企业公共服务窗口平台"),
    (ServiceBody.Kind.INNOVATION_BASE, 5, "{place}创新创业基地"),
    (ServiceBody.Kind.CLUSTER_PLATFORM, 5, "{place}产业集群服务平台"),
)
TOPICS = [t.value for t in ServiceEvent.Topic]
COURSES = ("破零专利挖掘实务", "TRIZ 创新方法", "专利布局与申请文件撰写", "研发费用加计扣除实务", "数字化转型诊断")


@transaction.atomic
def seed(*, rng: random.Random, enterprises: int, stdout: Any) -> None:
    from breakzero.regions.models import Region

    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("code"))
    if not counties:
        stdout.write("service_bodies: no regions, skipped")
        return
    today = timezone.localdate()
    bodies = _bodies(rng, counties, today)
    link_demo_service_user()
    firms = list(Enterprise.objects.order_by("pk").values_list("pk", "county_id", "city_id", "uscc"))
    created = sum(_events(rng, body, today, first=index == 0) for index, body in enumerate(bodies))
    records = sum(_records(rng, body, firms, today) for body in bodies)
    engineers = _engineers(rng, firms, counties, count=max(50, min(1200, enterprises // 2)))
    stdout.write(f"service_bodies: bodies={len(bodies)} events+={created} records+={records} engineers+={engineers}")


def link_demo_service_user() -> bool:
    """Make `demo-service` a member of the demo body (safe to call again after users are created)."""
    from breakzero.accounts.models import User

    user = User.objects.filter(username=DEMO_SERVICE_USERNAME).first()
    body = ServiceBody.objects.filter(uscc=_uscc("430104", DEMO_BODY_USCC_SERIAL)).first()
    if user is None or body is None:
        return False
    ServiceBodyMember.objects.update_or_create(user=user, body=body, defaults={"is_admin": True})  # invites its staff
    return True


def _uscc(county: str, serial: int) -> str:
    return make_uscc("52", county, f"MJD{serial:05d}")


def _bodies(rng: random.Random, counties: list, today: dt.date) -> list[ServiceBody]:
    by_code = {c.code: c for c in counties}
    serial, result = 0, []
    for kind, count, pattern in KIND_PLAN:
        for index in range(count):
            serial += 1
            county = by_code.get("430104") if serial == DEMO_BODY_USCC_SERIAL else rng.choice(counties)
            specialty = rng.choice(list(Specialty)[:6])
            name = "湖南省中小企业创新服务中心（演示）" if serial == 1 else pattern.format(place=county.name, specialty=specialty.label)
            recognized = today - dt.timedelta(days=rng.randint(400, 1000))  # valid now (three-year recognition)
            if serial == 1:
                recognized = dt.date(today.year - 2, 1, 15)
            body, created = ServiceBody.objects.get_or_create(uscc=_uscc(county.code, serial), defaults={
                "name": f"{name}{'' if serial == 1 else f'（{index + 1}）'}", "kind": kind, "region": county,
                "city_id": county.city_code, "recognized_on": recognized, "valid_until": validity_end(recognized),
                "specialties": [specialty.value] if kind == ServiceBody.Kind.CORE_INSTITUTION else [],
                "recognition_level": "provincial", "contact_person": rng.choice(["王", "李", "张", "刘", "陈"]) + "老师",
                "contact_phone": f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}",
            })
            if created:
                _catalogue(rng, body, specialty)
            result.append(body)
    return result


def _catalogue(rng: random.Random, body: ServiceBody, specialty: Specialty) -> None:
    ServiceProduct.objects.create(body=body, name=f"{specialty.label}诊断服务", specialty=specialty, price_note="免费")
    ServiceProduct.objects.create(body=body, name="破零专利辅导", specialty=Specialty.IP, price_note="按项目收费")
    ServiceOffering.objects.create(body=body, title=f"{specialty.label}服务", industry_section="C",
                                   keywords=f"{specialty.label},破零,专利")


def _events(rng: random.Random, body: ServiceBody, today: dt.date, *, first: bool) -> int:
    """The twelve months up to this one: mostly 1-2 events; the demo body misses one month."""
    if body.events.exists():
        return 0
    events = []
    for back in range(12):
        month = add_months(today.replace(day=1), -back)
        skip = (first and back == 2) or (not first and rng.random() < 0.12)
        for _ in range(0 if skip else rng.choice([1, 1, 2, 3])):
            day = month.replace(day=rng.randint(1, 28))
            if day > today or day < body.recognized_on:
                continue
            events.append(ServiceEvent(body=body, title=f"{ServiceEvent.Topic(topic := rng.choice(TOPICS)).label}活动",
                                       held_on=day, topic=topic, mode=rng.choice(["offline", "online"]),
                                       location="线上会议" if rng.random() < 0.3 else "服务中心会议室"))
    ServiceEvent.objects.bulk_create(events)
    return len(events)


def _records(rng: random.Random, body: ServiceBody, firms: list, today: dt.date) -> int:
    if body.records.exists() or not firms:
        return 0
    local = [f for f in firms if f[2] == body.city_id] or firms
    chosen = rng.sample(local, min(len(local), rng.randint(3, 15)))
    records = ServiceRecord.objects.bulk_create(
        ServiceRecord(body=body, enterprise_id=pk, served_on=today - dt.timedelta(days=rng.randint(1, 540)),
                      specialty=rng.choice(list(Specialty)[:6]).value, content="专利挖掘与申请辅导")
        for pk, *_ in chosen
    )
    ServiceRating.objects.bulk_create(
        ServiceRating(record=r, score=rng.choice([3, 4, 4, 5, 5]), comment="服务及时") for r in records if rng.random() < 0.6
    )
    return len(records)


def _engineers(rng: random.Random, firms: list, counties: list, *, count: int) -> int:
    existing = Engineer.objects.count()
    if existing >= count:
        return 0
    people, trainings = [], []
    for index in range(existing, count):
        firm = rng.choice(firms) if firms and rng.random() < 0.8 else None
        county = firm[1] if firm and firm[1] else rng.choice(counties).code
        city = firm[2] if firm else county[:4] + "00"
        birth = dt.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        number = make_id_number(f"{county}{birth:%Y%m%d}{index % 1000:03d}")
        certified = rng.random() < 0.6
        people.append(Engineer(name=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["伟", "芳", "娜", "敏", "静", "磊", "军", "洋"]),
                               id_number=number, employer_id=firm[0] if firm else None, employer_uscc=firm[3] if firm else "",
                               county_id=county, city_id=city, certificate_number=f"HNCX-{index + 1:05d}" if certified else "",
                               certified_on=dt.date(2021, rng.randint(1, 12), 15) if certified else None))
    Engineer.objects.bulk_create(people, ignore_conflicts=True)
    ids = dict(Engineer.objects.filter(id_number__in=[p.id_number for p in people]).values_list("id_number", "pk"))
    for person in people:
        if person.id_number in ids:
            trainings.append(EngineerTraining(engineer_id=ids[person.id_number], course=rng.choice(COURSES),
                                              hours=Decimal(rng.choice([8, 16, 24, 32])),
                                              trained_on=dt.date(2021, rng.randint(1, 12), rng.randint(1, 28)),
                                              provider="湖南省中小企业服务中心"))
    EngineerTraining.objects.bulk_create(trainings, ignore_conflicts=True)
    return len(people)
