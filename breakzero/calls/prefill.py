"""Values an application form takes from the platform: register, latest yearly data, patents, programme facts.

A form field names its source as `register.<field>`, `year.<field>` (the year before the call),
`patents.invention_grants` / `patents.patents_granted`, or `facts.<name>` (the programme type's facts).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from breakzero.enterprises.models import Enterprise, EnterpriseYear

REGISTER_FIELDS = ("name", "uscc", "industry_code", "founded_on", "contact_person")
LAPSED = ("lapsed", "invalidated", "rejected", "withdrawn")


def prefill_values(*, enterprise: Enterprise, fields: list[dict[str, Any]], year: int, facts: Any = None) -> dict[str, Any]:
    """{field key: value} for every form field with a `prefill` source the platform knows."""
    sources = {f["key"]: f.get("prefill", "") for f in fields if f.get("prefill")}
    if not sources:
        return {}
    data: dict[str, dict[str, Any]] = {"register": _register(enterprise)}
    if any(s.startswith("year.") for s in sources.values()):
        data["year"] = _year(enterprise, year - 1)
    if any(s.startswith("patents.") for s in sources.values()):
        data["patents"] = _patents(enterprise)
    if facts is not None and dataclasses.is_dataclass(facts):
        data["facts"] = dataclasses.asdict(facts)
    elif isinstance(facts, dict):
        data["facts"] = facts
    values = {}
    for key, source in sources.items():
        group, _, name = source.partition(".")
        value = data.get(group, {}).get(name)
        if value is not None:
            values[key] = _plain(value)
    return values


def declared_overlay(facts: Any, fields: list[dict[str, Any]], data: dict[str, Any]) -> tuple[Any, list[str]]:
    """The type's facts with the enterprise's declared answers put in (fields with `fact`); and which."""
    if facts is None or not dataclasses.is_dataclass(facts):
        return facts, []
    types = {f.name: str(f.type) for f in dataclasses.fields(facts)}
    changes: dict[str, Any] = {}
    for spec in fields:
        attr, value = spec.get("fact"), data.get(spec["key"])
        if not attr or attr not in types or value in (None, ""):
            continue
        try:
            changes[attr] = _coerce(value, spec.get("kind", "text"), types[attr])
        except (ValueError, ArithmeticError):
            continue  # the form validated the type; a stale value is left to the platform fact
    return (dataclasses.replace(facts, **changes) if changes else facts), sorted(changes)


def _coerce(value: Any, kind: str, annotation: str) -> Any:
    if kind == "boolean":
        return value is True or str(value).lower() in {"true", "1", "on", "是"}
    if kind == "date":
        return dt.date.fromisoformat(str(value))
    if kind == "choice":
        head = str(value).split()[0]
        return int(head) if head.lstrip("-").isdigit() else str(value)
    if kind == "number":
        number = Decimal(str(value))
        return int(number) if "int" in annotation and "Decimal" not in annotation else number
    return value


def _register(enterprise: Enterprise) -> dict[str, Any]:
    values = {name: getattr(enterprise, name) for name in REGISTER_FIELDS}
    values["county"] = enterprise.county.name if enterprise.county_id else ""
    values["city"] = enterprise.city.name if enterprise.city_id else ""
    return values


def _year(enterprise: Enterprise, year: int) -> dict[str, Any]:
    row = EnterpriseYear.objects.filter(enterprise=enterprise, year__lte=year).order_by("-year").values().first()
    return row or {}


def _patents(enterprise: Enterprise) -> dict[str, Any]:
    from breakzero.patents.models import PatentApplicant

    granted = Q(patent__grant_date__isnull=False) & ~Q(patent__legal_status__in=LAPSED)
    counts = PatentApplicant.objects.filter(granted, enterprise=enterprise).aggregate(
        invention_grants=Count("patent", filter=Q(patent__kind__in=("invention", "pct_invention")), distinct=True),
        patents_granted=Count("patent", distinct=True))
    return counts


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)
