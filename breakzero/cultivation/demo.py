"""Demo data for the cultivation library and the policy check-up: declared facts, and applications on the
engine (calls) in each cultivation programme's demo call.

Idempotent: the same seed gives the same rows; a second run adds nothing. The demo
enterprise user is linked later to the first enterprise in 岳麓区 (430104), so that
enterprise always gets declared facts and an application in review.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakzero.calls import services as calls_services
from breakzero.calls.models import Application, Call, Programme, State, Transition
from breakzero.calls.registry import get_programme_type
from breakzero.calls.workingdays import add_working_days
from breakzero.cultivation.programme_types import CULTIVATION_TYPES
from breakzero.enterprises.models import Enterprise
from breakzero.policies.models import DeclaredFacts

# (state reached, the moves that lead there): county → city → province → 拟入选 → 公示 on the engine.
FLOWS = (
    (State.AT_COUNTY, ("submit",)),
    (State.AT_CITY, ("submit", "recommend")),
    (State.AT_PROVINCE, ("submit", "recommend", "recommend")),
    (State.RETURNED, ("submit", "return")),
    (State.PUBLICITY, ("submit", "recommend", "recommend", "recommend", "publicity")),
)
PATH = (State.DRAFT, State.AT_COUNTY, State.AT_CITY, State.AT_PROVINCE, State.SELECTED, State.PUBLICITY)
LEVELS = ("enterprise", "county", "city", "province", "province")
BATCH = "{year}年演示批次"


@transaction.atomic
def seed(*, rng: random.Random, enterprises: int, stdout: Any) -> None:
    """Declared facts for about one enterprise in ten (and the 岳麓区 demo one); ~20 applications."""
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:enterprises])
    if not ids:
        return
    demo = Enterprise.objects.filter(county_id="430104").order_by("pk").values_list("pk", flat=True).first()
    chosen = sorted(set(rng.sample(ids, max(1, len(ids) // 10))) | ({demo} if demo else set()))
    year = timezone.localdate().year - 1
    existing = set(DeclaredFacts.objects.filter(year=year, enterprise_id__in=chosen).values_list("enterprise_id", flat=True))
    DeclaredFacts.objects.bulk_create(
        [DeclaredFacts(enterprise_id=pk, year=year, data=_declaration(rng), declared_at=timezone.now())
         for pk in chosen if pk not in existing]
    )
    applicants = [demo] if demo else []
    applicants += [pk for pk in chosen if pk != demo][:19]
    made = sum(_application(pk, index, year) for index, pk in enumerate(applicants))
    _publicity(year)
    stdout.write(f"cultivation: declared facts for {len(chosen) - len(existing)} enterprises, {made} applications")


def _declaration(rng: random.Random) -> dict:
    return {
        "is_independent_legal_person": True, "is_on_abnormal_or_dishonest_list": False,
        "has_prohibited_products": False, "had_major_incident_3y": False,
        "niche_years": str(rng.choice([1, 2, 3, 5, 8])), "net_profit_prev": str(rng.randint(-50, 900)),
        "is_strategic_emerging_field": rng.random() < 0.6, "digital_level": rng.randint(1, 4),
        "quality_items": rng.randint(0, 3), "main_product_field": rng.choice(["key_chain", "foundation", "other"]),
        "rd_institution_level": rng.choice(["national", "provincial", "city", "below_city", "none", "none"]),
        "has_sti_award_3y": rng.random() < 0.1, "has_valid_hnte": rng.random() < 0.3, "has_valid_honour": False,
        "equity_financing_2y": str(rng.choice([0, 0, 0, 800, 2500])), "equity_financing_3y": "0",
        "ip_class1_high_value": 0, "ip_class1_self_developed": rng.randint(0, 2), "ip_class2_other": rng.randint(0, 6),
        "taxable_income": str(rng.randint(-20, 400)), "st_staff": rng.randint(3, 60), "is_tech_sme": rng.random() < 0.4,
    }


def _call(programme_type: str, year: int) -> Call:
    """The demo call of a cultivation programme (programme and call made once, without expert review)."""
    kind = get_programme_type(programme_type)
    programme = Programme.objects.filter(programme_type=programme_type).order_by("pk").first()
    if programme is None:
        programme = calls_services.programme_create(
            name=kind.name_zh, owner_department="中小企业发展处", programme_type=programme_type,
            grants=Programme.Grant.TITLE if programme_type in ("tier_innovative_sme", "tier_srdi_sme") else Programme.Grant.LISTING,
            has_expert_review=False)
    document = BATCH.format(year=year + 1)
    call = Call.objects.filter(programme=programme, document_number=document).first()
    if call is None:
        today = timezone.localdate()
        call = calls_services.call_create(
            programme=programme, actor=None, document_number=document, title=f"{document} {kind.name_zh}",
            year=year + 1, opens_on=today - dt.timedelta(days=30), enterprise_deadline=today + dt.timedelta(days=60))
    return call


def _application(enterprise_id: int, index: int, year: int) -> int:
    state, actions = FLOWS[index % len(FLOWS)]
    call = _call(CULTIVATION_TYPES[index % len(CULTIVATION_TYPES)], year)
    if Application.objects.filter(call=call, enterprise_id=enterprise_id).exists():
        return 0
    enterprise = Enterprise.objects.get(pk=enterprise_id)
    application = calls_services.application_create(call=call, enterprise=enterprise, actor=None,
                                                     form_data={"statement": "演示申报（由演示数据生成）"})
    at, current = timezone.now() - dt.timedelta(days=10), State.DRAFT
    steps = []
    for step, action in enumerate(actions):
        target = State.RETURNED if action == "return" else PATH[step + 1]
        if target == State.AT_COUNTY and enterprise.county_id is None:
            target = State.AT_CITY
        steps.append(Transition(application=application, action=action, level=LEVELS[min(step, 4)], from_state=current,
                                to_state=target, reason="演示数据" if action != "return" else "请补充研发费用专项审计报告",
                                eligibility_passed=application.eligibility_passed, at=at + dt.timedelta(days=step)))
        current = target
    Transition.objects.bulk_create(steps)
    Application.objects.filter(pk=application.pk).update(state=state, submitted_at=at)
    return 1


def _publicity(year: int) -> None:
    """Demo calls holding applications in 公示 are in their 公示 period (the engine's call-level state)."""
    start = timezone.localdate()
    for call in Call.objects.filter(document_number=BATCH.format(year=year + 1), status=Call.Status.OPEN,
                                    applications__state=State.PUBLICITY).distinct():
        Call.objects.filter(pk=call.pk).update(status=Call.Status.PUBLICITY, publicity_start=start,
                                               publicity_end=add_working_days(start, call.publicity_working_days))
