"""The cultivation programmes as programme types on the calls engine: the tier rules on the platform's
facts; publication creates the cultivation Title where the province grants it (创新型, 专精特新), and a
ProgrammeListing for the lists: the 小巨人 recommendation (a recommendation is not a title), 白名单 and
上市后备库.

This is the only review of cultivation applications: the pages under /cultivation/ read the engine's
applications of these types (CULTIVATION_TYPES), and migration cultivation 0006 moved the earlier ones here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from breakzero.calls.registry import FormField, register_programme_type
from breakzero.cultivation.models import AUTHORITY_OF_LEVEL, Programme, ProgrammeListing, Title, default_valid_until
from breakzero.rules.tiers import evaluate_innovative_sme, evaluate_little_giant, evaluate_srdi_sme

TIERS = (
    ("tier_innovative_sme", "创新型中小企业", Title.Tier.INNOVATIVE_SME, evaluate_innovative_sme),
    ("tier_srdi_sme", "专精特新中小企业", Title.Tier.SRDI_SME, evaluate_srdi_sme),
    ("tier_little_giant", "专精特新“小巨人”企业（推荐）", Title.Tier.LITTLE_GIANT, evaluate_little_giant),
)
# The province's 小巨人 list is its recommendation to MIIT: publishing it records a ProgrammeListing; the
# national title comes only from cultivation.services.title_recognize / the title import.
RECOMMENDATION_TIERS = {Title.Tier.LITTLE_GIANT: Programme.TIER_LITTLE_GIANT}
# Lists without a rule set: engine type key → the cultivation list they fill.
LISTS = (("cultivation_whitelist", "产融合作白名单", Programme.WHITELIST),
         ("cultivation_listing_reserve", "上市后备企业资源库", Programme.LISTING_RESERVE))
LIST_FORM = (FormField("name", "企业名称", prefill="register.name", required=True),
             FormField("uscc", "统一社会信用代码", prefill="register.uscc", required=True),
             FormField("statement", "企业说明", kind="textarea"))
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


CULTIVATION_TYPES = (*(key for key, *_rest in TIERS), *(key for key, *_rest in LISTS))


def register_all() -> None:
    for key, name, tier, rule in TIERS:
        register_programme_type(key, name_zh=name, facts_builder=tier_facts,
                                eligibility=lambda facts, call, as_of, rule=rule: rule(facts),
                                form_fields=FORM, scoring=SCORING,
                                on_publish=(_listing_effect(RECOMMENDATION_TIERS[tier]) if tier in RECOMMENDATION_TIERS
                                            else _title_effect(tier)))
    for key, name, listing in LISTS:
        register_programme_type(key, name_zh=name, form_fields=LIST_FORM, on_publish=_listing_effect(listing))


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
                      "authority": AUTHORITY_OF_LEVEL[level], "application": application,
                      "source": f"{call.programme.owner_department} {call.published_document_number}"[:200]})
        _titles_changed(application)

    return effect


def _listing_effect(programme: str) -> Callable[[Any], None]:
    def effect(application: Any) -> None:
        call = application.call
        ProgrammeListing.objects.get_or_create(
            enterprise_id=application.enterprise_id, programme=programme,
            batch=(call.published_document_number or call.document_number)[:50],
            defaults={"listed_on": call.published_on or dt.date.today(), "call_application": application})
        _titles_changed(application)

    return effect


def _titles_changed(application: Any) -> None:
    from breakzero.core.hooks import data_changed

    data_changed(source="titles", enterprise_ids=[application.enterprise_id])
