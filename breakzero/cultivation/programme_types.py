"""The cultivation tiers as programme types on the calls engine: the tier rules on the platform's facts,
and publication creating the cultivation Title (level, authority, batch, validity).

The existing cultivation review (cultivation.workflow) still runs beside this until its data moves
onto the engine; new tier calls can already run here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from breakzero.calls.registry import FormField, register_programme_type
from breakzero.cultivation.models import Title, default_valid_until
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme

TIERS = (
    ("tier_innovative_sme", "创新型中小企业", Title.Tier.INNOVATIVE_SME, evaluate_innovative_sme),
    ("tier_srdi_sme", "专精特新中小企业", Title.Tier.SRDI_SME, evaluate_srdi_sme),
    ("tier_little_giant", "专精特新“小巨人”企业（推荐）", Title.Tier.LITTLE_GIANT, evaluate_little_giant),
)
FORM = (FormField("name", "企业名称", prefill="register.name", required=True),
        FormField("uscc", "统一社会信用代码", prefill="register.uscc", required=True),
        FormField("revenue", "上年营业收入（万元）", kind="number", prefill="year.operating_revenue"),
        FormField("rd_expense", "上年研发费用（万元）", kind="number", prefill="year.rd_expense"),
        FormField("statement", "企业说明", kind="textarea"))
SCORING = {"criteria": [{"key": "specialisation", "label": "专业化", "max": 25},
                        {"key": "innovation", "label": "创新能力", "max": 25},
                        {"key": "growth", "label": "成长性", "max": 25},
                        {"key": "refinement", "label": "精细化", "max": 25}],
           "aggregation": "mean", "outlier_points": 20, "outlier_sd": 2}


def register_all() -> None:
    for key, name, tier, rule in TIERS:
        register_programme_type(key, name_zh=name, facts_builder=tier_facts,
                                eligibility=lambda facts, call, as_of, rule=rule: rule(facts),
                                form_fields=FORM, scoring=SCORING, on_publish=_title_effect(tier))


def tier_facts(enterprise_ids: Iterable[int], as_of: dt.date) -> dict[int, Any]:
    """EnterpriseFacts from the policy check-up's assembly (platform + declared facts)."""
    from breakzero.policies import assembly

    sources = assembly.load_sources(as_of=as_of, enterprise_ids=list(enterprise_ids))
    return {pk: assembly.enterprise_facts(source) for pk, source in sources.items()}


def _title_effect(tier: str) -> Callable[[Any], None]:
    def effect(application: Any) -> None:
        call = application.call
        day = call.published_on or dt.date.today()
        level = Title.Level.NATIONAL if call.programme.level == "national" else Title.Level.PROVINCIAL
        Title.objects.get_or_create(
            enterprise_id=application.enterprise_id, tier=tier, level=level, recognized_on=day,
            defaults={"batch": call.published_document_number[:50], "valid_until": default_valid_until(day),
                      "source": f"{call.programme.owner_department} {call.published_document_number}"[:200]})

    return effect
