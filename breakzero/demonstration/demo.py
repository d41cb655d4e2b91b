"""Demo data for the engine: one programme and one open call per demonstration programme type, a few
applications on the technology-centre call, and the demo expert in the pool.

Idempotent: programmes by name, calls by 文号, applications by (call, enterprise).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakzero.calls import services
from breakzero.calls.models import Application, Call, Expert, Programme, State, Transition
from breakzero.calls.registry import get_programme_type
from breakzero.enterprises.models import Enterprise

# (type key, owner department, review chain, invitation allowed)
PROGRAMMES = (
    ("break_zero_benchmark", "中小企业发展处", ["county", "city", "province"], False),
    ("doubling_benchmark", "中小企业发展处", ["county", "city", "province"], False),
    ("typical_case", "中小企业发展处", ["city", "province"], False),
    ("provincial_new_product", "科技处", ["county", "city", "province"], False),
    ("industrial_new_product", "科技处", ["county", "city", "province"], False),
    ("key_new_products_100", "科技处", ["city", "province"], False),
    ("major_product_innovation", "科技处", ["city", "province"], False),
    ("first_set", "装备工业处", ["city", "province"], False),
    ("first_batch", "原材料工业处", ["city", "province"], False),
    ("first_version", "软件和信息服务业处", ["city", "province"], False),
    ("first_tapeout", "电子信息处", ["city", "province"], False),
    ("first_kit", "电子信息处", ["city", "province"], False),
    ("tech_centre", "科技处", ["city", "province"], True),
    ("tech_centre_re_review", "科技处", ["city", "province"], False),
    ("ndrc_tech_centre", "省发展改革委高技术处", ["city", "province"], False),
    ("provincial_single_champion", "产业政策处", ["county", "city", "province"], False),
)
DEMO_EXPERT = "demo-expert"


@transaction.atomic
def seed(*, rng: random.Random, enterprises: int, stdout: Any) -> None:
    today = timezone.localdate()
    made = 0
    for index, (key, department, chain, invite) in enumerate(PROGRAMMES, start=1):
        kind = get_programme_type(key)
        programme = Programme.objects.filter(name=kind.name_zh).first() or services.programme_create(
            name=kind.name_zh, owner_department=department, programme_type=key, review_chain=chain,
            allows_invitation=invite, description=kind.notes_zh)
        document = f"湘工信演示〔{today.year}〕{index}号"
        if not Call.objects.filter(programme=programme, document_number=document).exists():
            services.call_create(
                programme=programme, actor=None, document_number=document, title=f"{today.year}年{kind.name_zh}申报（演示）",
                year=today.year, opens_on=today - dt.timedelta(days=7), enterprise_deadline=today + dt.timedelta(days=30),
                county_deadline=today + dt.timedelta(days=45), city_deadline=today + dt.timedelta(days=60),
                quotas={"430100": 5, "430600": 3}, objection_channel="公示期内可在本页实名提交异议，或致电 0731-00000000（演示）")
            made += 1
    applications = _tech_centre_applications(rng)
    _experts()
    stdout.write(f"calls: {made} demo calls, {applications} technology-centre applications")


def link_demo_expert() -> None:
    """The demo expert user joins the pool (called after the demo users exist)."""
    _experts()


def _tech_centre_applications(rng: random.Random) -> int:
    call = Call.objects.filter(programme__programme_type="tech_centre", document_number__startswith="湘工信演示").first()
    if call is None:
        return 0
    candidates = list(Enterprise.objects.filter(city_id__in=["430100", "430600"]).order_by("pk")[:40])
    made = 0
    for enterprise, state in zip(rng.sample(candidates, min(6, len(candidates))),
                                 [State.AT_CITY, State.AT_CITY, State.AT_PROVINCE, State.AT_PROVINCE, State.EXPERT_REVIEW,
                                  State.RETURNED]):
        if Application.objects.filter(call=call, enterprise=enterprise).exists():
            continue
        application = services.application_create(call=call, enterprise=enterprise, actor=None,
                                                  form_data={"systems": True, "legal_person": True})
        Transition.objects.create(application=application, action="submit", level="enterprise", from_state=State.DRAFT,
                                  to_state=state, reason="演示数据", eligibility_passed=application.eligibility_passed,
                                  at=timezone.now())
        Application.objects.filter(pk=application.pk).update(state=state, submitted_at=timezone.now())
        made += 1
    return made


def _experts() -> None:
    from breakzero.accounts.models import Role, User

    user = User.objects.filter(username=DEMO_EXPERT, role=Role.EXPERT).first()
    if user is not None and not Expert.objects.filter(user=user).exists():
        services.expert_create(user=user, name="演示专家", fields=["智能制造", "新材料"], employer="湖南某高校（演示）",
                               region_id="430600")
