"""Patent pages: break-zero list, candidate pipeline, search, review queue, enterprise fragment."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from breakzero.core.period import default_year
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, OFFICIALS_AND_ADMIN, any_user, roles
from breakzero.core.views import xlsx_response
from breakzero.patents import selectors, services
from breakzero.patents.access import can_see_break_zero_lists, review_items_visible_to
from breakzero.patents.forms import BreakZeroFilterForm, PatentSearchForm, RegionFilterForm
from breakzero.patents.models import Patent, ReviewItem
from breakzero.patents.exports import break_zero_xlsx, candidates_xlsx, patents_xlsx, review_xlsx

PAGE_SIZE = 50


@any_user
def break_zero_list(request: HttpRequest) -> HttpResponse:
    if not can_see_break_zero_lists(request.user):
        return redirect("patents:patent-search")  # enterprise users: their own patents
    form = BreakZeroFilterForm(request.GET or None, user=request.user)
    year, region = form.year_and_region(default_year=default_year())
    events = selectors.break_zero_events(user=request.user, year=year, region=region)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(break_zero_xlsx(events), f"{year}年破零企业.xlsx")
    context = {
        "form": form, "year": year, "region": region, "page_obj": _page(request, events),
        "summary": selectors.break_zero_summary(user=request.user, year=year, region=region),
    }  # fmt: skip
    return _render(request, "patents/break_zero_list.html", context, partial="results")


@roles(OFFICIALS_AND_ADMIN)
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = RegionFilterForm(request.GET or None, user=request.user)
    region = form.selected_region()
    rows = selectors.candidates(user=request.user, region=region)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(candidates_xlsx(rows), "破零后备企业.xlsx")
    page = _page(request, rows)
    for applicant in page:
        applicant.window = selectors.expected_grant_window(applicant.patent.application_date)
    return _render(request, "patents/candidate_list.html", {"form": form, "page_obj": page}, partial="results")


@any_user
def patent_search(request: HttpRequest) -> HttpResponse:
    form = PatentSearchForm(request.GET or None)
    criteria = form.criteria()
    patents = selectors.patent_search(user=request.user, **criteria)
    if request.GET.get("export") == "xlsx":
        with translation.override("zh-hans"):  # type and status cells must re-import (Chinese labels)
            return xlsx_response(patents_xlsx(patents), "专利清单.xlsx")
    context = {"form": form, "page_obj": _page(request, patents)}
    return _render(request, "patents/patent_search.html", context, partial="results")


@any_user
def patent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One patent: its applicants with how each was attributed, and its change history."""
    patent = get_object_or_404(selectors.patent_search(user=request.user), pk=pk)
    applicants = patent.applicants.select_related("enterprise").order_by("position")
    changes = [_change_row(change) for change in patent.changes.all()[:200]]
    context = {"patent": patent, "applicants": applicants, "changes": changes}
    return render(request, "patents/patent_detail.html", context)


@roles(OFFICIALS)
def review_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ReviewItem.Status.PENDING
    items = review_items_visible_to(request.user).filter(status=status).select_related("enterprise", "decided_by")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(review_xlsx(items), "申请人匹配待确认.xlsx")
    context = {"page_obj": _page(request, items), "status": status, "statuses": ReviewItem.Status.choices}
    return _render(request, "patents/review_list.html", context, partial="results")


@roles(OFFICIALS)
@require_POST
def review_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    item = get_object_or_404(review_items_visible_to(request.user).select_related("enterprise"), pk=pk)
    try:
        if decision == "confirm":
            services.review_item_confirm(item=item, user=request.user)
        else:
            services.review_item_reject(item=item, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    item.refresh_from_db()
    if getattr(request, "htmx", None):
        return render(request, "patents/review_list.html#row", {"item": item})
    return redirect("patents:review-list")


@any_user
def enterprise_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_or_none(user=request.user, pk=pk)
    if enterprise is None:
        raise Http404
    context = {
        "enterprise": enterprise,
        "event": selectors.break_zero_event_of(enterprise=enterprise),
        "patents": selectors.enterprise_patents(enterprise=enterprise)[:200],
    }
    return render(request, "patents/enterprise_fragment.html", context)


def _change_row(change) -> dict:  # noqa: ANN001 - a PatentChange
    """A history row in words: the field's label and choice labels instead of stored codes."""
    try:
        field = Patent._meta.get_field(change.field)
    except FieldDoesNotExist:
        return {"at": change.changed_at, "field": change.field, "old": change.old_value,
                "new": change.new_value, "source": change.source_file}
    labels = dict(field.choices or ())
    return {"at": change.changed_at, "field": field.verbose_name, "old": labels.get(change.old_value, change.old_value),
            "new": labels.get(change.new_value, change.new_value), "source": change.source_file}


def _render(request: HttpRequest, template: str, context: dict, *, partial: str) -> HttpResponse:
    context["querystring_without_page"] = getattr(request, "querystring_without_page", "")
    return render_page(request, template, context, partial=partial)


def _page(request: HttpRequest, qs):  # noqa: ANN001, ANN202 - a Paginator page of any queryset
    """A page of `qs`; also sets request.querystring_without_page for the pagination links."""
    params = request.GET.copy()
    for key in ("page", "export"):
        params.pop(key, None)
    encoded = params.urlencode()
    request.querystring_without_page = f"{encoded}&" if encoded else ""
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
