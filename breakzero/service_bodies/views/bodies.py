"""Service bodies: list, detail (calendar, outcomes), create/edit, products and service records."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.core.htmx import render_page
from breakzero.core.permissions import ALL_ROLES, OFFICIALS, any_user, roles
from breakzero.core.views import xlsx_response
from breakzero.regions.models import Region
from breakzero.service_bodies import access
from breakzero.service_bodies.forms import BodyForm, ProductForm, RatingForm, RecordForm
from breakzero.service_bodies.models import ServiceBody
from breakzero.service_bodies.selectors import lists
from breakzero.service_bodies.selectors.compliance import body_calendar
from breakzero.service_bodies.selectors.outcomes import body_outcomes
from breakzero.service_bodies.services import bodies as body_services
from breakzero.service_bodies.services import records as record_services
from breakzero.service_bodies.sheets import exports
from breakzero.service_bodies.views.common import (
    exported, managed_body, paginate, today, visible_body, wants_xlsx, year_param,
)

BODY_ADMINS = (*OFFICIALS, Role.SYSTEM_ADMIN)


@any_user
def home(request: HttpRequest) -> HttpResponse:
    body_ids = access.member_body_ids(request.user)
    if len(body_ids) == 1:
        return redirect("service_bodies:body-detail", pk=body_ids[0])
    return redirect("service_bodies:body-list")


@roles(ALL_ROLES)
def body_list(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "region")}
    qs = lists.body_list(request.user, **params)
    if wants_xlsx(request):
        exported(request, "service_bodies", qs.count())
        data = exports.bodies_xlsx(qs, show_phone=lambda b: access.can_see_body_phone(request.user, b))
        return xlsx_response(data, "服务机构.xlsx")
    page = paginate(request, qs)
    rows = [(b, b.contact_phone if access.can_see_body_phone(request.user, b) else exports.mask_phone(b.contact_phone))
            for b in page]
    context = {"page_obj": page, "rows": rows, "params": params, "kinds": ServiceBody.Kind.choices,
               "can_create": access.can_create_body(request.user)}
    return render_page(request, "service_bodies/body_list.html", context, partial="results")


@roles(ALL_ROLES)
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = visible_body(request, pk)
    year = year_param(request, current=True)
    can_manage = access.can_manage_body(request.user, body)
    context = {
        "body": body, "year": year, "can_manage": can_manage, "can_see_members": access.can_see_members(request.user, body),
        "calendar": body_calendar(body, year=year, today=today()),
        "show_phone": access.can_see_body_phone(request.user, body),
        "products": body.products.filter(is_active=True),
        "events": lists.event_list(request.user, body_id=body.pk, year=year)[:20],
        "records": lists.record_list(request.user, body_id=body.pk)[:20] if can_manage or request.user.is_official else [],
        "outcome": body_outcomes([body.pk])[body.pk] if can_manage or request.user.is_official else None,
    }
    return render_page(request, "service_bodies/body_detail.html", context, partial="calendar")


@roles(BODY_ADMINS)
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    return _body_form(request, None)


@roles(BODY_ADMINS)
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _body_form(request, managed_body(request, pk))


def _body_form(request: HttpRequest, body: ServiceBody | None) -> HttpResponse:
    regions = _governed_regions(request.user)
    form = BodyForm(request.POST or None, instance=body, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            saved = body_services.body_save(body=body, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(saved)
    return render(request, "service_bodies/form.html", {"form": form, "title": _("服务机构"), "back": body})


def _governed_regions(user):
    qs = Region.objects.exclude(level=Region.Level.PROVINCE)
    if user.role == Role.SYSTEM_ADMIN or user.role == Role.PROVINCE_OFFICIAL:
        return qs
    region = user.region
    return qs.filter(code=region.code) | qs.filter(city_code=region.code) if region.is_prefecture else qs.filter(code=region.code)


@roles(Role.SERVICE_BODY, *BODY_ADMINS)
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = managed_body(request, pk)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body_services.product_save(body=body, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(body)
    return render(request, "service_bodies/form.html", {"form": form, "title": _("新增服务产品"), "back": body})


@roles(Role.SERVICE_BODY, *BODY_ADMINS)
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = managed_body(request, pk)
    form = RecordForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record_services.record_create(
            body=body, enterprise=data["enterprise"], served_on=data["served_on"], content=data["content"],
            user=request.user, specialty=data["specialty"], product=data["product"],
        )
        messages.success(request, _("服务记录已保存。"))
        return redirect(body)
    return render(request, "service_bodies/form.html", {"form": form, "title": _("登记服务记录"), "back": body})


@roles(ALL_ROLES)
def record_list(request: HttpRequest) -> HttpResponse:
    qs = lists.record_list(request.user)
    if wants_xlsx(request):
        exported(request, "service_records", qs.count())
        return xlsx_response(exports.records_xlsx(qs), "服务记录.xlsx")
    page = paginate(request, qs)
    return render_page(request, "service_bodies/record_list.html", {"page_obj": page}, partial="results")


@roles(Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def record_rate(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(access.records_visible_to(request.user).select_related("body"), pk=pk)
    if not access.can_rate_record(request.user, record):
        raise Http404
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_services.rating_submit(record=record, user=request.user, **form.cleaned_data)
        messages.success(request, _("感谢评价。"))
        return redirect("service_bodies:record-list")
    return render(request, "service_bodies/form.html", {"form": form, "title": _("评价：%(body)s %(day)s") % {"body": record.body, "day": record.served_on}})
