"""Enterprise register JSON API (/api/v1/enterprises): same selectors, services and scope as the pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, model_validator

from breakzero.core.api_pagination import MAX_PAGE
from breakzero.core.signals import personal_data_revealed
from breakzero.enterprises import selectors, services
from breakzero.enterprises.access import can_create_enterprise, can_edit_enterprise, can_see_personal_data, mask_person, mask_phone
from breakzero.enterprises.models import Enterprise, EnterpriseYear, IndustrialChain

router = Router(tags=["企业 / enterprises"])
MAX_PAGE_SIZE = 200


class EnterpriseQuery(Schema):
    q: str = Field("", max_length=100, description="企业名称、曾用名或统一社会信用代码")
    city: str = Field("", description="市州区划代码，如 430100")
    county: str = Field("", description="区县区划代码，如 430104")
    section: str = Field("", max_length=1, description="GB/T 4754 行业门类字母")
    division: str = Field("", max_length=2, description="GB/T 4754 两位行业大类")
    chain: int | None = Field(None, description="产业链 id")
    size: str = Field("", description="large | medium | small | micro")
    year: int | None = Field(None, ge=1990, le=2100, description="规模按该年度筛选")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class EnterpriseChainOut(Schema):
    id: int
    name: str


class EnterpriseSummaryOut(Schema):
    id: int
    uscc: str
    name: str
    city_code: str
    city_name: str
    county_code: str | None
    county_name: str
    industry_code: str
    industry_section: str
    chains: list[EnterpriseChainOut]
    latest_size: str
    latest_year: int | None
    contact_person: str
    contact_phone: str


class EnterpriseOut(EnterpriseSummaryOut):
    former_names: list[str]
    founded_on: dt.date | None


class EnterprisePageOut(Schema):
    total: int
    page: int
    page_size: int
    items: list[EnterpriseSummaryOut]


class StrictIn(Schema):
    """Input that names an unknown key is refused (422 naming the keys): a misspelt field
    silently ignored would, in a PUT, leave the real field empty."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in data if key not in cls.model_fields)
            if unknown:
                raise ValueError(f"未知字段：{'、'.join(unknown)}（unknown fields）")
        return data


class ContactOut(Schema):
    contact_person: str
    contact_phone: str


class EnterpriseCreateIn(StrictIn):
    uscc: str = Field(..., max_length=40)
    name: str = Field(..., max_length=200)
    county: str = Field(..., description="区县区划代码")
    industry_code: str = ""
    chains: list[int] = []
    founded_on: dt.date | None = None
    contact_person: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    former_names: list[str] = []


class EnterprisePatchIn(StrictIn):
    uscc: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=200)
    county: str | None = None
    industry_code: str | None = None
    chains: list[int] | None = None
    founded_on: dt.date | None = None
    contact_person: str | None = Field(None, max_length=50)
    contact_phone: str | None = Field(None, max_length=30)
    former_names: list[str] | None = None


class EnterpriseYearIn(StrictIn):
    employees: int | None = None
    operating_revenue: Decimal | None = None
    main_business_revenue: Decimal | None = None
    total_assets: Decimal | None = None
    total_liabilities: Decimal | None = None
    rd_expense: Decimal | None = None
    rd_staff: int | None = None
    new_product_revenue: Decimal | None = None
    new_product_profit: Decimal | None = None
    high_tech_revenue: Decimal | None = None


class EnterpriseYearOut(Schema):
    year: int
    employees: int | None
    operating_revenue: float | None
    main_business_revenue: float | None
    total_assets: float | None
    total_liabilities: float | None
    rd_expense: float | None
    rd_staff: int | None
    new_product_revenue: float | None
    new_product_profit: float | None
    high_tech_revenue: float | None
    rd_intensity: float | None
    size: str
    size_note: str


@router.get("/enterprises", response=EnterprisePageOut, summary="企业列表（按管辖范围）")
def enterprise_list(request, query: Query[EnterpriseQuery]):
    data = query.dict()
    page, size = data.pop("page"), data.pop("page_size")
    filters = selectors.EnterpriseFilters(**{k: v for k, v in data.items() if v not in ("", None)})
    qs = selectors.enterprise_list(user=request.user, filters=filters)
    rows = qs[(page - 1) * size : page * size]
    items = [_summary(e, request.user) for e in rows]
    return {"total": qs.count(), "page": page, "page_size": size, "items": items}


@router.get("/enterprises/{int:enterprise_id}", response=EnterpriseOut, summary="企业详情")
def enterprise_detail(request, enterprise_id: int):
    return _detail(selectors.enterprise_get(user=request.user, pk=enterprise_id), request.user)


@router.post("/enterprises/{int:enterprise_id}/contact", response=ContactOut, summary="查看完整联系人（留痕）")
def enterprise_contact_reveal(request, enterprise_id: int):
    """As on the detail page: contacts are masked everywhere; a role that needs them asks for
    them one enterprise at a time, and each reveal is audited (个人信息保护法)."""
    enterprise = selectors.enterprise_get(user=request.user, pk=enterprise_id)
    if not can_see_personal_data(request.user, enterprise):
        raise Http404
    personal_data_revealed.send(sender=enterprise_contact_reveal, request=request, obj=enterprise, field="contact_phone")
    return {"contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone}


@router.post("/enterprises", response={201: EnterpriseOut}, summary="新增企业")
def enterprise_create(request, payload: EnterpriseCreateIn):
    if not can_create_enterprise(request.user):
        raise HttpError(403, "您无权新增企业。")
    data = payload.dict()
    data["chains"] = _chains(data["chains"])
    enterprise = services.enterprise_create(actor=request.user, data=services.EnterpriseInput(**data))
    return 201, _detail(selectors.enterprise_get(user=request.user, pk=enterprise.pk), request.user)


@router.patch("/enterprises/{int:enterprise_id}", response=EnterpriseOut, summary="修改企业信息")
def enterprise_update(request, enterprise_id: int, payload: EnterprisePatchIn):
    enterprise = _editable(request, enterprise_id)
    changes = payload.dict(exclude_unset=True)
    if "chains" in changes:
        changes["chains"] = _chains(changes["chains"] or [])
    services.enterprise_update(actor=request.user, enterprise=enterprise, changes=changes)
    return _detail(selectors.enterprise_get(user=request.user, pk=enterprise_id), request.user)


@router.get("/enterprises/{int:enterprise_id}/years", response=list[EnterpriseYearOut], summary="企业年度数据")
def enterprise_years(request, enterprise_id: int):
    enterprise = selectors.enterprise_get(user=request.user, pk=enterprise_id)
    return [_year(row) for row in selectors.enterprise_years(enterprise=enterprise)]


@router.get("/enterprises/{int:enterprise_id}/years/{int:year}", response=EnterpriseYearOut, summary="某年度数据")
def enterprise_year(request, enterprise_id: int, year: int = Path(..., ge=1990, le=2100)):
    return _year(selectors.enterprise_year_get(user=request.user, pk=enterprise_id, year=year))


@router.put("/enterprises/{int:enterprise_id}/years/{int:year}", response=EnterpriseYearOut, summary="填报或替换某年度数据")
def enterprise_year_put(
    request, enterprise_id: int, payload: EnterpriseYearIn, year: int = Path(..., ge=1990, le=2100)
):
    enterprise = _editable(request, enterprise_id)
    row = services.enterprise_year_upsert(actor=request.user, enterprise=enterprise, year=year, values=payload.dict())
    return _year(row)


def _editable(request: Any, pk: int) -> Enterprise:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    if not can_edit_enterprise(request.user, enterprise):
        raise Http404
    return enterprise


def _chains(ids: list[int]) -> list[IndustrialChain]:
    found = list(IndustrialChain.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {c.pk for c in found})
    if missing:
        raise ValidationError({"chains": f"产业链不存在：{'、'.join(map(str, missing))}"})
    return found


def _summary(e: Enterprise, user: Any) -> dict[str, Any]:
    """Contacts masked exactly as on the pages (enterprises.views._decorate), for every role."""
    return {
        "id": e.pk, "uscc": e.uscc, "name": e.name, "city_code": e.city_id, "city_name": e.city.name,
        "county_code": e.county_id, "county_name": e.county.name if e.county else "",
        "industry_code": e.industry_code, "industry_section": e.industry_section,
        "chains": [{"id": c.pk, "name": c.name} for c in e.chains.all()],
        "latest_size": e.latest_size, "latest_year": e.latest_year,
        "contact_person": mask_person(e.contact_person), "contact_phone": mask_phone(e.contact_phone),
    }  # fmt: skip


def _detail(e: Enterprise, user: Any) -> dict[str, Any]:
    return _summary(e, user) | {"former_names": [f.name for f in e.former_names.all()], "founded_on": e.founded_on}


def _year(row: EnterpriseYear) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in ("year", *services.YEAR_FIELDS, "size", "size_note")}
    intensity = row.rd_intensity
    return data | {"rd_intensity": None if intensity is None else round(float(intensity), 6)}
