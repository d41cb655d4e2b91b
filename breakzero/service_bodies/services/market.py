"""Writes for supply and demand: enterprises' technology needs and bodies' offerings."""

from typing import Any

from django.db import transaction

from breakzero.service_bodies.models import ServiceBody, ServiceOffering, TechNeed

FIELDS = ("title", "description", "industry_section", "chain", "keywords", "is_open")


@transaction.atomic
def need_save(*, enterprise: Any, data: dict[str, Any], need: TechNeed | None = None) -> TechNeed:
    need = need or TechNeed(enterprise=enterprise, industry_section=enterprise.industry_section)
    for name in FIELDS:
        if name in data:
            setattr(need, name, data[name])
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def offering_save(*, body: ServiceBody, data: dict[str, Any], offering: ServiceOffering | None = None) -> ServiceOffering:
    offering = offering or ServiceOffering(body=body)
    for name in FIELDS:
        if name in data:
            setattr(offering, name, data[name])
    offering.full_clean()
    offering.save()
    return offering
