"""The portal's public views beside the Wagtail pages: 公示 with objections, published lists, search.

Every view here is `@public` and reads through the other apps' public selectors; the only write is
an objection, through the engine's `objection_file` service.
"""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.calls import forms as calls_forms
from breakzero.calls import selectors as calls_selectors
from breakzero.calls import services as calls_services
from breakzero.calls.models import Application, Call, State
from breakzero.core.errors import DomainError
from breakzero.core.permissions import public
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.portal import lists, selectors
from breakzero.portal.cache import cached_for_anonymous
from breakzero.portal.search import portal_search
from breakzero.portal.forms import ListFilterForm, PortalObjectionForm

NOTICE_ROWS = 2000


@public
@cached_for_anonymous
def page(request: HttpRequest, path: str | None = None) -> HttpResponse:
    """Wagtail's page server for the portal's tree (live, public pages only), cached for visitors."""
    from wagtail import views as wagtail_views

    return wagtail_views.serve(request, path or "")


@public
@cached_for_anonymous
def publicity_list(request: HttpRequest) -> HttpResponse:
    context = {"publicity": selectors.publicity_calls(), "published": selectors.published_calls()[:50]}
    return render(request, "portal/publicity_list.html", context)


@public
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """A call's 公示 (only what a public notice carries) and the objection form with a captcha."""
    call = get_object_or_404(selectors.publicity_calls(), pk=pk)
    rows = list(calls_selectors.public_list(call=call, state=State.PUBLICITY)[:NOTICE_ROWS])
    form = PortalObjectionForm(request.POST or None, request.FILES or None, rows=rows)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        application = get_object_or_404(Application, call=call, pk=data["application"], state=State.PUBLICITY)
        try:
            objection = calls_services.objection_file(
                application=application, name=data["name"], contact=data["contact"], reason=data["reason"],
                attachment=data["attachment"], client_ip=request.META.get("REMOTE_ADDR"))
        except DomainError as exc:
            error = exc.message
        else:
            return redirect(f"{reverse('portal:objection-status')}?reference={objection.reference}&new=1")
    if form.is_bound:  # a failed attempt gets a fresh question (each token is accepted once)
        form.data = form.data.copy()
        form.data.update({"captcha_token": form.fresh_token, "captcha_answer": ""})
    return render(request, "portal/notice.html", {"call": call, "rows": rows, "form": form, "error": error})


@public
def objection_status(request: HttpRequest) -> HttpResponse:
    form = calls_forms.ObjectionLookupForm(request.GET if "contact" in request.GET else None,
                                          initial={"reference": request.GET.get("reference", "")})
    objection = None
    if form.is_valid():
        objection = calls_selectors.objection_lookup(**form.cleaned_data)
        if objection is None:
            form.add_error(None, _("未找到该受理编号，或联系方式不一致。"))
    context = {"form": form, "objection": objection, "new": request.GET.get("new") == "1",
               "reference": request.GET.get("reference", "")}
    return render(request, "portal/objection_status.html", context)


@public
@cached_for_anonymous
def published(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.published_calls(), pk=pk)
    rows = calls_selectors.public_list(call=call, state=State.PUBLISHED)[:5000]
    return render(request, "portal/published.html", {"call": call, "rows": rows})


@public
def published_export(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.filter(pk__in=selectors.published_calls().values("pk")), pk=pk)
    headers, rows = calls_selectors.public_export_rows(call=call, state=State.PUBLISHED)
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet="公布名单")
    data_exported.send(sender=published_export, request=request, what="portal_published_list", rows=len(rows))
    return xlsx_response(buffer.getvalue(), f"公布名单-{call.published_document_number or call.pk}.xlsx")


@public
@cached_for_anonymous
def list_index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/list_index.html", {"lists": lists.LISTS.values()})


@public
@cached_for_anonymous
def list_detail(request: HttpRequest, kind: str) -> HttpResponse:
    """One published list, filtered by city, year and industrial chain, 50 rows a page."""
    public_list, filters = _list(kind, request)
    rows = Paginator(lists.list_rows(key=kind, **filters), 50).get_page(request.GET.get("page"))
    context = {"list": public_list, "rows": [_display(r) for r in rows], "page_obj": rows, "filters": filters,
               "cities": selectors.cities(), "chains": selectors.chains(), "filter_query": _without_page(request)}
    return render(request, "portal/list_detail.html", context)


@public
def list_export(request: HttpRequest, kind: str) -> HttpResponse:
    public_list, filters = _list(kind, request)
    rows = [_display(r) for r in lists.list_rows(key=kind, **filters)[:lists.EXPORT_ROWS]]
    buffer = io.BytesIO()
    write_xlsx(buffer, [str(h) for h in public_list.headers], rows, sheet=str(public_list.title)[:31])
    data_exported.send(sender=list_export, request=request, what=f"portal_list_{kind}", rows=len(rows))
    return xlsx_response(buffer.getvalue(), f"{public_list.title}.xlsx")


def _list(kind: str, request: HttpRequest) -> tuple[lists.PublicList, dict]:
    public_list = lists.LISTS.get(kind)
    if public_list is None:
        raise Http404
    form = ListFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return public_list, {"city": data.get("region") or "", "year": data.get("year"), "chain": data.get("chain"),
                         "name": (data.get("q") or "").strip()}


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _display(row: tuple) -> list:
    return lists.display(row)


@public
@cached_for_anonymous
def body_list(request: HttpRequest) -> HttpResponse:
    """Service platforms and core institutions: profile, services, rating; contact only where the body
    chose to publish it (`ServiceBody.is_contact_public`)."""
    from breakzero.service_bodies.models import ServiceBody

    filters = _body_filters(request)
    bodies = Paginator(selectors.service_bodies(**filters), 20).get_page(request.GET.get("page"))
    context = {"bodies": bodies, "page_obj": bodies, "kinds": ServiceBody.Kind.choices, **filters,
               "cities": selectors.cities(), "filter_query": _without_page(request)}
    return render(request, "portal/body_list.html", context)


@public
def body_export(request: HttpRequest) -> HttpResponse:
    bodies = selectors.service_bodies(**_body_filters(request))[:lists.EXPORT_ROWS]
    headers = [_("名称"), _("类型"), _("认定级别"), _("市州"), _("有效期至"), _("服务产品"), _("评分"), _("联系人"),
               _("联系电话"), _("地址")]
    rows = [[b.name, b.get_kind_display(), b.get_recognition_level_display(), b.city.name, b.valid_until,
             "、".join(p.name for p in b.services), round(b.rating, 1) if b.rating is not None else "",
             *((b.contact_person, b.contact_phone, b.address) if b.is_contact_public else ("", "", ""))]
            for b in bodies]
    buffer = io.BytesIO()
    write_xlsx(buffer, [str(h) for h in headers], rows, sheet="服务机构")
    data_exported.send(sender=body_export, request=request, what="portal_service_bodies", rows=len(rows))
    return xlsx_response(buffer.getvalue(), "服务平台与核心服务机构.xlsx")


def _body_filters(request: HttpRequest) -> dict:
    from breakzero.service_bodies.models import ServiceBody

    kind = request.GET.get("kind", "")
    form = ListFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return {"kind": kind if kind in ServiceBody.Kind.values else "", "city": data.get("region") or "",
            "year": data.get("year")}


@public
@cached_for_anonymous
def search(request: HttpRequest) -> HttpResponse:
    """Search in Chinese over the public content (portal.search), 20 hits a page with snippets."""
    query = request.GET.get("q", "")[:50]
    hits = portal_search(query=query, page=request.GET.get("page"))
    context = {"query": query, "hits": hits, "filter_query": _without_page(request)}
    return render(request, "portal/search.html", context)
