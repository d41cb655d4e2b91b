"""Demo data for the cultivation library and the policy check-up: declared facts and applications.

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

from breakzero.cultivation.models import Application, ApplicationStatus as S, ApplicationStep, Programme
from breakzero.cultivation.workflow import add_working_days
from breakzero.enterprises.models import Enterprise
from breakzero.policies.evaluation import enterprise_evaluate, facts_as_dict, outcome_as_dict
from breakzero.policies.models import DeclaredFacts

# (status reached, the steps that lead there)
FLOWS = (
    (S.SUBMITTED, ("submit",)),
    (S.COUNTY_APPROVED, ("submit", "approve")),
    (S.CITY_APPROVED, ("submit", "approve", "approve")),
    (S.RETURNED, ("submit", "return")),
    (S.PUBLICITY, ("submit", "approve", "approve", "approve")),
)
PATH = (S.DRAFT, S.SUBMITTED, S.COUNTY_APPROVED, S.CITY_APPROVED, S.PUBLICITY)


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


def _application(enterprise_id: int, index: int, year: int) -> int:
    status, actions = FLOWS[index % len(FLOWS)]
    programme = list(Programme)[index % len(Programme)]
    application, created = Application.objects.get_or_create(
        enterprise_id=enterprise_id, programme=programme, batch=f"{year + 1}年演示批次",
        defaults={"status": status, "as_of": timezone.localdate(), "submitted_at": timezone.now(),
                  "statement": "演示申报（由演示数据生成）"},
    )
    if not created:
        return 0
    source, outcomes = enterprise_evaluate(enterprise_id=enterprise_id, as_of=application.as_of)
    application.facts, application.evaluation = facts_as_dict(source), [outcome_as_dict(o) for o in outcomes]
    application.save(update_fields=["facts", "evaluation"])
    at, current = timezone.now() - dt.timedelta(days=10), S.DRAFT
    for step, action in enumerate(actions):
        target = S.RETURNED if action == "return" else PATH[step + 1]
        ApplicationStep.objects.create(application=application, action=action, from_status=current, to_status=target,
                                       comment="演示数据" if action != "return" else "请补充研发费用专项审计报告",
                                       at=at + dt.timedelta(days=step))
        current = target
    if status == S.PUBLICITY:
        start = timezone.localdate()
        Application.objects.filter(pk=application.pk).update(publicity_start=start,
                                                            publicity_end=add_working_days(start, 5))
    return 1
