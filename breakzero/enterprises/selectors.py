"""Reads of the enterprise register, always scoped to what the user may see (STYLE §3 selectors)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from breakzero.enterprises.access import can_see_personal_data, enterprises_visible_to, mask_person, mask_phone
from breakzero.enterprises.models import Enterprise, EnterpriseYear, FormerName, IndustrialChain
from breakzero.regions.models import Region
from breakzero.rules.errors import InvalidCode
from breakzero.rules.names import normalize_company_name
from breakzero.rules.sme_size import SIZE_LABELS_ZH
from breakzero.rules.uscc import normalize_uscc, parse_uscc


@dataclass(frozen=True)
class EnterpriseFilters:
    """The list filters shared by the page, the export and the API."""

    q: str = ""
    city: str = ""  # prefecture code
    county: str = ""  # county code
    section: str = ""  # GB/T 4754 section letter
    division: str = ""  # GB/T 4754 two-digit division
    chain: int | None = None
    size: str = ""
    year: int | None = None


def enterprise_list(*, user: Any, filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    """Visible enterprises matching `filters`, ordered by name; `year_size` is the size in `filters.year`."""
    qs = enterprises_visible_to(user).select_related("county", "city")
    if filters.city:
        qs = qs.filter(city_id=filters.city)
    if filters.county:
        qs = qs.filter(county_id=filters.county)
    if filters.section:
        qs = qs.filter(industry_section=filters.section)
    if filters.division:
        qs = qs.filter(industry_code__startswith=filters.division)
    if filters.chain:
        through = Enterprise.chains.through.objects.filter(enterprise_id=OuterRef("pk"), industrialchain_id=filters.chain)
        qs = qs.filter(Exists(through))
    qs = _filter_size(qs, filters)
    if filters.q:
        qs = qs.filter(search_condition(filters.q))
    return qs.prefetch_related(Prefetch("chains", queryset=IndustrialChain.objects.only("id", "name"))).order_by("name", "pk")


SUGGESTIONS = 10


def enterprise_suggestions(*, user: Any, text: str) -> list[Enterprise]:
    """Up to ten enterprises the user may pick whose name, former name or code contains `text`
    (two characters at least)."""
    from breakzero.enterprises.access import enterprises_pickable_by

    text = (text or "").strip()
    if len(text) < 2:
        return []
    return list(enterprises_pickable_by(user).filter(search_condition(text)).only("uscc", "name").order_by("name")[:SUGGESTIONS])


def enterprise_by_uscc(*, user: Any, text: str) -> Enterprise | None:
    """The one enterprise the user may see named by `text`: its USCC (exactly), else its name or a former name
    (normalised, whole name; two enterprises of that name give None). Blank text is an enterprise user's own.

    The one lookup every form and import of a record kept per enterprise uses (digital, talent, contests,
    民参军, IP finance), so another region's enterprise reads as unknown everywhere alike."""
    visible = enterprises_visible_to(user)
    text = (text or "").strip()
    if not text:
        own = getattr(user, "enterprise_id", None)
        return visible.filter(pk=own).first() if own else None
    code = normalize_uscc(text)
    if len(code) == 18 and code.isascii() and code.isalnum():
        return visible.filter(uscc=code).first()
    key = normalize_company_name(text)
    if not key:
        return None
    former = FormerName.objects.filter(enterprise_id=OuterRef("pk"), name_normalized=key)
    found = list(visible.filter(Q(name_normalized=key) | Q(Exists(former)))[:2])
    return found[0] if len(found) == 1 else None


def search_condition(text: str) -> Q:
    """Name, former name or USCC: a valid USCC matches exactly, otherwise by normalised substring."""
    try:
        return Q(uscc=parse_uscc(text).code)
    except InvalidCode:
        pass
    key = normalize_company_name(text)
    former = FormerName.objects.filter(enterprise_id=OuterRef("pk"), name_normalized__contains=key)
    condition = Q(name_normalized__contains=key) | Q(Exists(former))
    code = normalize_uscc(text)
    if len(code) >= 6 and code.isalnum() and code.isascii():
        condition |= Q(uscc__startswith=code)
    return condition


def enterprise_get(*, user: Any, pk: int) -> Enterprise:
    """One visible enterprise or 404 (outside the scope looks exactly like missing)."""
    qs = enterprises_visible_to(user).select_related("county", "city").prefetch_related("chains", "former_names")
    return get_object_or_404(qs, pk=pk)


def enterprise_years(*, enterprise: Enterprise) -> list[EnterpriseYear]:
    return list(EnterpriseYear.objects.filter(enterprise=enterprise).order_by("year"))


def enterprise_year_numbers(*, enterprise: Enterprise) -> frozenset[int]:
    return frozenset(EnterpriseYear.objects.filter(enterprise=enterprise).values_list("year", flat=True))


def enterprise_year_get(*, user: Any, pk: int, year: int) -> EnterpriseYear:
    enterprise = enterprise_get(user=user, pk=pk)
    row = get_object_or_404(EnterpriseYear, enterprise=enterprise, year=year)
    row.enterprise = enterprise
    return row


EXPORT_HEADERS = [
    "统一社会信用代码", "企业名称", "曾用名", "市州", "区县", "行业代码", "行业门类", "所属产业链", "成立日期",
    "联系人", "联系电话", "数据年度", "规模", "从业人员", "营业收入（万元）", "研发费用（万元）", "研发人员",
    "新产品销售收入（万元）", "高新技术产品收入（万元）",
]  # fmt: skip


def enterprise_export_rows(*, user: Any, filters: EnterpriseFilters) -> tuple[list[str], list[list[Any]]]:
    """The filtered list as sheet rows (year columns: the filter year, else the latest year).
    Contacts are masked unless the user's role needs them (can_see_personal_data)."""
    years = EnterpriseYear.objects.order_by("year")
    if filters.year is not None:
        years = years.filter(year=filters.year)
    qs = enterprise_list(user=user, filters=filters).prefetch_related(
        "former_names", Prefetch("years", queryset=years, to_attr="export_years")
    )
    full = can_see_personal_data(user)
    rows = []
    for e in qs.iterator(chunk_size=2000):
        y = e.export_years[-1] if e.export_years else None
        person, phone = (e.contact_person, e.contact_phone) if full else (mask_person(e.contact_person), mask_phone(e.contact_phone))
        rows.append([
            e.uscc, e.name, "；".join(f.name for f in e.former_names.all()), e.city.name,
            e.county.name if e.county else "", e.industry_code, e.industry_section,
            "、".join(c.name for c in e.chains.all()), e.founded_on, person, phone,
            *((y.year, SIZE_LABELS_ZH.get(y.size, ""), y.employees, y.operating_revenue, y.rd_expense, y.rd_staff,
               y.new_product_revenue, y.high_tech_revenue) if y else [None] * 8),
        ])  # fmt: skip
    return EXPORT_HEADERS, rows


def regions_for(user: Any) -> tuple[list[Region], list[Region]]:
    """(prefectures, counties) the user may filter by: only their own region (one query)."""
    qs = Region.objects.filter(level__in=[Region.Level.PREFECTURE, Region.Level.COUNTY]).order_by("code")
    region = getattr(user, "region", None) if getattr(user, "is_official", False) else None
    if region is not None and region.is_prefecture:
        qs = qs.filter(Q(code=region.code) | Q(city_code=region.code))
    elif region is not None and region.is_county:
        qs = qs.filter(Q(code=region.code) | Q(code=region.city_code))
    rows = list(qs)
    return [r for r in rows if r.is_prefecture], [r for r in rows if r.is_county]


def chains() -> list[IndustrialChain]:
    return list(IndustrialChain.objects.only("id", "name"))


def _filter_size(qs: QuerySet[Enterprise], filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    if filters.year is None:
        return qs.filter(latest_size=filters.size) if filters.size else qs
    rows = EnterpriseYear.objects.filter(enterprise_id=OuterRef("pk"), year=filters.year)
    qs = qs.annotate(year_size=Subquery(rows.values("size")[:1])).filter(Exists(rows))
    return qs.filter(year_size=filters.size) if filters.size else qs
