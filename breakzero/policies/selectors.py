"""Reads: the check-up of one enterprise, platform-vs-declared facts, and screening lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from breakzero.accounts.access import governed_region, sees_whole_province
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.enterprises.models import Enterprise
from breakzero.policies import assembly, declared as spec
from breakzero.policies.benefits import Benefits, benefits_for
from breakzero.policies.evaluation import RULE_NAMES, RuleOutcome, blocking_unmet, enterprise_evaluate
from breakzero.policies.models import DeclaredFacts, Screening
from breakzero.regions.models import Region


@dataclass(frozen=True)
class FactRow:
    """One fact as the reviewer sees it: platform value, declared value, and whether they disagree."""

    label: str
    unit: str
    platform: Any
    declared: Any
    discrepancy_percent: Any = None


@dataclass(frozen=True)
class Checkup:
    enterprise: Enterprise
    as_of: dt.date
    source: assembly.FactSource
    outcomes: list[RuleOutcome]
    declaration: DeclaredFacts | None
    facts: list[FactRow]
    benefits: Benefits

    @property
    def fiscal_year(self) -> int:
        return self.as_of.year - 1


def checkup_get(*, enterprise: Enterprise, as_of: dt.date) -> Checkup:
    """Evaluate every rule for one (already access-checked) enterprise on `as_of`."""
    source, outcomes = enterprise_evaluate(enterprise_id=enterprise.pk, as_of=as_of)
    declaration = DeclaredFacts.objects.filter(enterprise=enterprise, year=as_of.year - 1).first()
    return Checkup(enterprise, as_of, source, outcomes, declaration, fact_rows(source, declaration),
                   benefits_for(source))


def fact_rows(source: assembly.FactSource, declaration: DeclaredFacts | None) -> list[FactRow]:
    """Platform facts beside declared ones; a declared amount > 5 % off the yearly data is flagged."""
    typed = spec.values(declaration.data) if declaration else {}
    rows = []
    for key, column in spec.PLATFORM_KEYS.items():
        field = spec.BY_KEY[key]
        platform, mine = source.year(0).get(column), typed.get(key)
        gap = spec.discrepancy(mine, platform)
        rows.append(FactRow(_(field.label), _unit(field), platform, mine,
                            gap if gap is not None and gap > spec.DISCREPANCY_PERCENT else None))
    rows.append(FactRow(_("有效发明专利（Ⅰ类）"), _("件"), source.invention_grants, typed.get("ip_class1_other")))
    rows.append(FactRow(_("有效实用新型和外观设计（Ⅱ类）"), _("件"), source.other_patents, typed.get("ip_class2_other")))
    rows.append(FactRow(_("有效培育称号"), "", title_names(source.titles), None))
    for field in spec.FIELDS:
        if field.key not in spec.PLATFORM_KEYS and field.key not in ("ip_class1_other", "ip_class2_other"):
            if field.key in typed:
                rows.append(FactRow(_(field.label), _unit(field), None, _shown(field, typed[field.key])))
    return rows


def title_names(tiers: frozenset[str]) -> str:
    """The held tier titles by their Chinese names, in tier order (the codes never reach the page)."""
    names = [_(name) for code, name in RULE_NAMES.items() if code in tiers]
    names += sorted(code for code in tiers if code not in RULE_NAMES)
    return "、".join(names) or "—"


def governed_regions(user: Any) -> list[tuple[str, str]]:
    """Regions an official may filter by: cities for the province, counties for a city."""
    if sees_whole_province(user):
        return list(Region.objects.filter(level=Region.Level.PREFECTURE).values_list("code", "name"))
    region = governed_region(user)
    if region is not None and region.is_prefecture:
        return list(Region.objects.filter(city_code=region.code).values_list("code", "name"))
    return []


def screening_list(*, user: Any, filters: dict[str, str]) -> QuerySet[Screening]:
    """Screening rows of the enterprises the user sees, for one rule and one category."""
    qs = Screening.objects.filter(rule=filters["rule"], enterprise__in=enterprises_visible_to(user))
    region = filters.get("region")
    if region:
        qs = qs.filter(Q(enterprise__county_id=region) | Q(enterprise__city_id=region))
    if filters.get("q"):
        qs = qs.filter(enterprise__name__icontains=filters["q"])
    status = filters.get("status", "ready")
    if status == "ready":
        qs = qs.filter(passed=True, has_title=False)
    elif status == "passed":
        qs = qs.filter(passed=True)
    elif status == "one_away":
        qs = qs.filter(passed=False, unmet_count=1)
    elif status == "unknown":
        qs = qs.filter(passed__isnull=True)
    elif status == "break_zero":
        qs = _break_zero(qs).filter(Q(passed=True) | Q(passed=False, unmet_count=1), has_title=False)
    return qs.select_related("enterprise", "enterprise__county", "enterprise__city").order_by(
        "enterprise__city_id", "enterprise__county_id", "-score", "enterprise__name"
    )


def screening_export_rows(*, user: Any, filters: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
    headers = ["统一社会信用代码", "企业名称", "市州", "区县", "政策", "结论", "得分", "未达条件数", "未知项数",
               "主要差距", "已有称号", "规则版本", "评估日期"]
    rows = [
        [s.enterprise.uscc, s.enterprise.name, s.enterprise.city.name,
         s.enterprise.county.name if s.enterprise.county else "", s.rule, verdict_zh(s.passed), s.score,
         s.unmet_count, s.unknown_count, s.first_gap, s.has_title, s.rule_set, s.as_of]
        for s in screening_list(user=user, filters=filters).iterator(chunk_size=2000)
    ]
    return headers, rows


def verdict_zh(passed: bool | None) -> str:
    return {True: "符合", False: "不符合", None: "待定"}[passed]


def gaps(outcome: RuleOutcome) -> list[Any]:
    return [] if outcome.evaluation is None else blocking_unmet(outcome.evaluation)


def _break_zero(qs: QuerySet[Screening]) -> QuerySet[Screening]:
    try:
        event = apps.get_model("patents", "BreakZeroEvent")
    except LookupError:
        return qs.none()
    return qs.filter(Exists(event.objects.filter(enterprise_id=OuterRef("enterprise_id"))))


def _unit(field: spec.DeclaredField) -> str:
    return _(field.unit) if field.unit else ""  # gettext("") would give the catalogue header


def _shown(field: spec.DeclaredField, value: Any) -> Any:
    if field.kind == spec.BOOL:
        return _("是") if value else _("否")
    if field.kind == spec.CHOICE:
        return _(dict(field.choices)[value]) if value in dict(field.choices) else value
    return value
