"""Patents API: /api/v1/patents (search, filters, pages) and /api/v1/break-zero."""


import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from breakzero.core.api_pagination import BoundedPageNumberPagination

from breakzero.patents import selectors

router = Router(tags=["patents"])


class ApplicantOut(Schema):
    position: int
    name: str
    applicant_type: str
    match_method: str
    enterprise_id: int | None = None


class PatentOut(Schema):
    application_number: str
    kind: str
    title: str
    application_date: dt.date | None
    publication_number: str
    publication_date: dt.date | None
    grant_date: dt.date | None
    legal_status: str
    legal_status_raw: str
    ipc_main: str
    applicants: list[ApplicantOut]

    @staticmethod
    def resolve_applicants(obj) -> list:  # noqa: ANN001
        return list(obj.applicants.all())


class PatentFilter(Schema):
    q: str = Field("", description="申请号（任意写法）、公开号、名称或申请人")
    kind: str = Field("", description="invention | utility_model | design | pct_invention | pct_utility_model")
    status: str = Field("", description="pending | granted | rejected | withdrawn | lapsed | invalidated | transferred | other")


class BreakZeroOut(Schema):
    uscc: str
    name: str
    county_code: str | None
    application_number: str
    break_zero_date: dt.date
    year: int
    size: str
    is_sme: bool
    size_known: bool


class BreakZeroListOut(Schema):
    year: int
    region: str | None
    count: int
    target: int | None
    items: list[BreakZeroOut]


@router.get("/patents", response=list[PatentOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def patent_list(request: HttpRequest, filters: Query[PatentFilter]):  # noqa: ANN201 - paginated queryset
    """Patents visible to the caller (province: all; others: those of enterprises in scope)."""
    return selectors.patent_search(user=request.user, q=filters.q, kind=filters.kind, status=filters.status)


@router.get("/break-zero", response=BreakZeroListOut)
def break_zero_list(
    request: HttpRequest, year: int = Query(..., ge=1985, le=2100), region: str = ""
) -> BreakZeroListOut:
    """Enterprises that broke zero in `year` (optionally under a region code), with the count
    that counts against the province's yearly target."""
    found = selectors.region_or_none(region)
    if region and found is None:
        raise Http404
    events = selectors.break_zero_events(user=request.user, year=year, region=found)
    summary = selectors.break_zero_summary(user=request.user, year=year, region=found)
    items = [
        BreakZeroOut(
            uscc=e.enterprise.uscc, name=e.enterprise.name, county_code=e.enterprise.county_id,
            application_number=e.patent.application_number, break_zero_date=e.break_zero_date, year=e.year,
            size=e.size, is_sme=e.is_sme, size_known=e.size_known,
        )  # fmt: skip
        for e in events
    ]
    return BreakZeroListOut(year=year, region=found.code if found else None, count=summary.count,
                            target=summary.target, items=items)  # fmt: skip
