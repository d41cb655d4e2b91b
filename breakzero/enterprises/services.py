"""Writes to the enterprise register: create, update, yearly data (STYLE §3 services)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.access import governs_region
from breakzero.core.errors import DomainError
from breakzero.core.hooks import data_changed
from breakzero.enterprises.access import can_create_enterprise, editable_fields
from breakzero.enterprises.models import Enterprise, EnterpriseYear, FormerName, IndustrialChain
from breakzero.regions.models import Region
from breakzero.rules.errors import InvalidCode
from breakzero.rules.industries import normalize_industry_code, section_of
from breakzero.rules.names import normalize_company_name
from breakzero.rules.sme_size import classify_size
from breakzero.rules.uscc import parse_uscc

YEAR_FIELDS = (
    "employees", "operating_revenue", "main_business_revenue", "total_assets", "total_liabilities",
    "rd_expense", "rd_staff", "new_product_revenue", "new_product_profit", "high_tech_revenue",
)  # fmt: skip
SIGNED_YEAR_FIELDS = frozenset({"new_product_profit"})  # a loss is a real value
FIRST_YEAR = 2000


@dataclass
class EnterpriseInput:
    """Register fields as the form or the API hands them over (already typed, not yet validated)."""

    uscc: str
    name: str
    county: Region | str
    industry_code: str = ""
    chains: Iterable[IndustrialChain | int] = ()
    founded_on: dt.date | None = None
    contact_person: str = ""
    contact_phone: str = ""
    former_names: list[str] = field(default_factory=list)


@transaction.atomic
def enterprise_create(*, actor: Any, data: EnterpriseInput) -> Enterprise:
    """Register an enterprise: valid USCC (GB 32100), county inside the
    official's region, GB/T 4754 industry code; downstream apps refresh after commit."""
    if not can_create_enterprise(actor):
        raise DomainError(_("您无权新增企业。"))
    enterprise = Enterprise()
    changes = {key: getattr(data, key) for key in ("uscc", "name", "county", "industry_code", "founded_on")}
    changes |= {"contact_person": data.contact_person, "contact_phone": data.contact_phone}
    _apply(enterprise, changes, actor=actor)
    enterprise.full_clean()
    enterprise.save()
    enterprise.chains.set(data.chains)
    _add_former_names(enterprise, data.former_names)
    data_changed(source="enterprises", enterprise_ids=[enterprise.pk])
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: Any, enterprise: Enterprise, changes: dict[str, Any]) -> Enterprise:
    """Change register fields the actor may change (enterprise users: contacts only, item 7).
    A renamed enterprise keeps its old name as a former name, so patents still match."""
    forbidden = set(changes) - editable_fields(actor, enterprise)
    if forbidden:
        raise DomainError(_("您无权修改这些字段：") + "、".join(sorted(forbidden)))
    changes = dict(changes)
    chains, former_names = changes.pop("chains", None), changes.pop("former_names", None)
    old_name = enterprise.name
    fields = _apply(enterprise, changes, actor=actor)
    enterprise.full_clean()
    enterprise.save(update_fields=[*fields, "updated_at"])
    if chains is not None:
        enterprise.chains.set(chains)
    if former_names is not None:
        enterprise.former_names.filter(source=FormerName.Source.FORMER).delete()
        _add_former_names(enterprise, former_names)
    if enterprise.name != old_name:
        _add_former_names(enterprise, [old_name])
    if "industry_code" in fields:
        _reclassify_years(enterprise)
    data_changed(source="enterprises", enterprise_ids=[enterprise.pk])
    return enterprise


@transaction.atomic
def enterprise_year_upsert(*, actor: Any, enterprise: Enterprise, year: int, values: dict[str, Any]) -> EnterpriseYear:
    """Create or replace one year's data; the size class comes from classify_size
    (工信部联企业〔2011〕300号) on the enterprise's industry code."""
    if not editable_fields(actor, enterprise):
        raise DomainError(_("您无权修改该企业的年度数据。"))
    _check_year(year)
    unknown = set(values) - set(YEAR_FIELDS)
    if unknown:
        raise DomainError(_("未知的年度数据字段：") + "、".join(sorted(unknown)))
    row = EnterpriseYear.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    row = row or EnterpriseYear(enterprise=enterprise, year=year)
    for name in YEAR_FIELDS:
        setattr(row, name, values.get(name))
    _check_signs(row)
    row.size, row.size_note = size_of(enterprise.industry_code, row)
    row.full_clean()
    row.save()
    _refresh_latest(enterprise)
    data_changed(source="enterprises", enterprise_ids=[enterprise.pk])
    return row


def size_of(industry_code: str, row: EnterpriseYear) -> tuple[str, str]:
    """(size, note): classify_size, or no size with the reason when it cannot be classified."""
    if not industry_code:
        return "", "缺少行业代码，无法划型"
    try:
        return classify_size(industry_code, row.employees, row.operating_revenue, row.total_assets), ""
    except ValueError as exc:
        return "", str(exc).split(" / ")[0][:200]


def _apply(enterprise: Enterprise, changes: dict[str, Any], *, actor: Any) -> list[str]:
    """Normalise and set each change on the instance; returns the concrete fields set."""
    errors: dict[str, str] = {}
    fields: list[str] = []
    for name, value in changes.items():
        try:
            fields += _set_field(enterprise, name, value, actor=actor)
        except (ValueError, ValidationError) as exc:
            errors[name] = getattr(exc, "message_zh", None) or _first_message(exc)
    if errors:
        raise ValidationError(errors)
    return fields


def _set_field(enterprise: Enterprise, name: str, value: Any, *, actor: Any) -> list[str]:
    if name == "uscc":
        return _set_uscc(enterprise, value, actor=actor)
    if name == "name":
        enterprise.name = " ".join(str(value or "").split())
        enterprise.name_normalized = normalize_company_name(enterprise.name)
        if not enterprise.name_normalized:
            raise ValueError("企业名称不能为空")
        return ["name", "name_normalized"]
    if name == "county":
        return _set_county(enterprise, value, actor=actor)
    if name == "industry_code":
        return _set_industry(enterprise, str(value or ""))
    setattr(enterprise, name, value.strip() if isinstance(value, str) else value)
    return [name]


def _set_uscc(enterprise: Enterprise, value: str, *, actor: Any) -> list[str]:
    from breakzero.enterprises.access import enterprises_visible_to

    code = parse_uscc(str(value or "")).code  # InvalidCode carries the Chinese reason
    other = Enterprise.objects.filter(uscc=code).exclude(pk=enterprise.pk).first()
    if other is not None:
        if enterprises_visible_to(actor).filter(pk=other.pk).exists():
            raise ValueError(f"统一社会信用代码 {code} 已登记为“{other.name}”")
        # Registered outside the actor's view: neither its name nor its region is told.
        raise ValueError(f"统一社会信用代码 {code} 不能由您登记，请联系上级主管部门")
    enterprise.uscc = code
    return ["uscc"]


def _set_county(enterprise: Enterprise, value: Region | str, *, actor: Any) -> list[str]:
    county = value if isinstance(value, Region) else Region.objects.filter(code=str(value or "")).first()
    if county is None or not county.is_county:
        raise ValueError("请选择企业所在的区县")
    if not (actor.is_system_admin or governs_region(actor, county)):
        raise ValueError(f"{county.name}不在您的管辖范围内")
    enterprise.county, enterprise.city_id = county, county.city_code
    return ["county", "city"]


def _set_industry(enterprise: Enterprise, value: str) -> list[str]:
    code = normalize_industry_code(value) if value.strip() else ""
    if code.isalpha():
        raise ValueError("行业代码请至少填写到大类（2 位数字，如 39 或 3911）")
    enterprise.industry_code, enterprise.industry_section = code, section_of(code) if code else ""
    return ["industry_code", "industry_section"]


def _add_former_names(enterprise: Enterprise, names: Iterable[str]) -> None:
    existing = set(enterprise.former_names.values_list("name_normalized", flat=True))
    for name in names:
        key = normalize_company_name(name or "")
        if key and key != enterprise.name_normalized and key not in existing:
            FormerName.objects.create(enterprise=enterprise, name=name.strip(), name_normalized=key)
            existing.add(key)


def _check_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= int(year) <= this_year:
        raise ValidationError({"year": f"年度应在 {FIRST_YEAR} 至 {this_year} 之间"})


def _check_signs(row: EnterpriseYear) -> None:
    errors = {
        name: "不能为负数"
        for name in YEAR_FIELDS
        if name not in SIGNED_YEAR_FIELDS and getattr(row, name) is not None and Decimal(getattr(row, name)) < 0
    }
    if errors:
        raise ValidationError(errors)


def _reclassify_years(enterprise: Enterprise) -> None:
    """A new industry code changes the size thresholds of every year (300号 groups)."""
    rows = list(EnterpriseYear.objects.filter(enterprise=enterprise))
    for row in rows:
        row.size, row.size_note = size_of(enterprise.industry_code, row)
    EnterpriseYear.objects.bulk_update(rows, ["size", "size_note"])
    _refresh_latest(enterprise)


def _refresh_latest(enterprise: Enterprise) -> None:
    latest = EnterpriseYear.objects.filter(enterprise=enterprise).order_by("-year").values("year", "size").first()
    enterprise.latest_year = latest["year"] if latest else None
    enterprise.latest_size = latest["size"] if latest else ""
    enterprise.save(update_fields=["latest_year", "latest_size", "updated_at"])


def _first_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc).split(" / ")[0]
