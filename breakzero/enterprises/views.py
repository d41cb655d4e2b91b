"""Enterprise pages: list with filters and export, detail with chart, register and yearly-data forms."""

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS_AND_ADMIN, roles
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported, personal_data_revealed
from breakzero.core.views import xlsx_response
from breakzero.enterprises import selectors, services
from breakzero.enterprises.access import (
    can_create_enterprise, can_edit_enterprise, can_see_personal_data, mask_person, mask_phone,
)  # fmt: skip
from breakzero.enterprises.forms import EnterpriseFilterForm, EnterpriseForm, EnterpriseYearForm, add_service_errors
from breakzero.rules.industries import industry_name
from breakzero.rules.sme_size import SIZE_LABELS_ZH

REGISTER_ROLES = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)
PAGE_SIZE = 25


@roles(REGISTER_ROLES)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.ENTERPRISE:
        return _own_enterprise(request)
    form = _filter_form(request)
    qs = selectors.enterprise_list(user=request.user, filters=form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for enterprise in page:
        _decorate(enterprise)
    context = {"form": form, "page_obj": page, "can_create": can_create_enterprise(request.user)}
    return render_page(request, "enterprises/enterprise_list.html", context, partial="results")


@roles(OFFICIALS_AND_ADMIN)
def enterprise_export(request: HttpRequest) -> HttpResponse:
    """The list as xlsx: same filters and scope; contacts in full only for roles that need them."""
    filters = _filter_form(request).filters()
    headers, rows = selectors.enterprise_export_rows(user=request.user, filters=filters)
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet="企业名录")
    data_exported.send(sender=enterprise_export, request=request, what="enterprises", rows=len(rows))
    if rows and can_see_personal_data(request.user):  # a bulk read of contacts in full (个人信息保护法)
        personal_data_revealed.send(sender=enterprise_export, request=request, field="contact_phone", rows=len(rows))
    return xlsx_response(buffer.getvalue(), f"企业名录-{timezone.localdate():%Y%m%d}.xlsx")


@roles(REGISTER_ROLES)
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    return render(request, "enterprises/enterprise_detail.html", _detail_context(request, enterprise))


@roles(REGISTER_ROLES)
@require_POST
def enterprise_contact_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the contact in full: a deliberate, audited action (personal_data_revealed)."""
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    if not can_see_personal_data(request.user, enterprise):
        raise Http404
    personal_data_revealed.send(sender=enterprise_contact_reveal, request=request, obj=enterprise, field="contact_phone")
    context = _detail_context(request, enterprise, revealed=True)
    return render_page(request, "enterprises/enterprise_detail.html", context, partial="contact")


@roles(OFFICIALS_AND_ADMIN)
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = _call(form, lambda: services.enterprise_create(actor=request.user, data=form.as_input()))
        if enterprise is not None:
            messages.success(request, _("已新增企业“%(name)s”。") % {"name": enterprise.name})
            return redirect(enterprise)
    return render(request, "enterprises/enterprise_form.html", {"form": form})


@roles(REGISTER_ROLES)
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _editable(request, pk)
    form = EnterpriseForm(request.POST or None, user=request.user, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        done = _call(form, lambda: services.enterprise_update(actor=request.user, enterprise=enterprise, changes=changes))
        if done is not None:
            messages.success(request, _("企业信息已保存。"))
            return redirect(enterprise)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise})


@roles(REGISTER_ROLES)
@require_http_methods(["GET", "POST"])
def enterprise_year_edit(request: HttpRequest, pk: int, year: int | None = None) -> HttpResponse:
    enterprise = _editable(request, pk)
    row = selectors.enterprise_year_get(user=request.user, pk=pk, year=year) if year else None
    form = EnterpriseYearForm(request.POST or None, row=row, taken=selectors.enterprise_year_numbers(enterprise=enterprise))
    if request.method == "POST" and form.is_valid():
        kwargs = {"actor": request.user, "enterprise": enterprise, "year": form.cleaned_data["year"]}
        saved = _call(form, lambda: services.enterprise_year_upsert(**kwargs, values=form.values()))
        if saved is not None:
            messages.success(request, _("%(year)s 年度数据已保存。") % {"year": saved.year})
            return redirect(enterprise)
    return render(request, "enterprises/enterprise_year_form.html", {"form": form, "enterprise": enterprise, "row": row})


def _own_enterprise(request: HttpRequest) -> HttpResponse:
    if not request.user.enterprise_id:
        raise Http404
    return redirect("enterprises:enterprise-detail", request.user.enterprise_id)


def _filter_form(request: HttpRequest) -> EnterpriseFilterForm:
    this_year = timezone.localdate().year
    return EnterpriseFilterForm(request.GET, user=request.user, years=list(range(this_year, 2015, -1)))


def _editable(request: HttpRequest, pk: int) -> Any:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    if not can_edit_enterprise(request.user, enterprise):
        raise Http404
    return enterprise


def _call(form: Any, action: Any) -> Any:
    """Run a service; its Chinese errors land on the form and nothing is saved."""
    try:
        return action()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except DomainError as exc:
        form.add_error(None, exc.message)
    return None


def _decorate(enterprise: Any) -> None:
    enterprise.phone_display = mask_phone(enterprise.contact_phone)
    enterprise.person_display = mask_person(enterprise.contact_person)
    size = getattr(enterprise, "year_size", enterprise.latest_size)
    enterprise.size_label = SIZE_LABELS_ZH.get(size, "")


def _detail_context(request: HttpRequest, enterprise: Any, *, revealed: bool = False) -> dict[str, Any]:
    years = selectors.enterprise_years(enterprise=enterprise)
    _decorate(enterprise)
    for row in years:
        row.size_label = SIZE_LABELS_ZH.get(row.size, "")
        row.rd_intensity_pct = None if row.rd_intensity is None else round(float(row.rd_intensity) * 100, 2)
    return {
        "enterprise": enterprise, "years": years, "chart": _chart_data(enterprise, years),
        "industry": _industry_label(enterprise.industry_code), "revealed": revealed,
        "can_reveal": can_see_personal_data(request.user, enterprise),
        "can_edit": can_edit_enterprise(request.user, enterprise),
    }  # fmt: skip


def _chart_data(enterprise: Any, years: list) -> dict[str, Any]:
    """Revenue, R&D expense (万元) and R&D intensity (%) per year, for enterprise_chart.js."""

    def number(value: Any) -> float | None:
        return None if value is None else float(value)

    return {
        "title": enterprise.name,
        "years": [str(row.year) for row in years],
        "revenue": [number(row.operating_revenue) for row in years],
        "rd_expense": [number(row.rd_expense) for row in years],
        "rd_intensity": [row.rd_intensity_pct for row in years],
        "labels": {"revenue": _("营业收入（万元）"), "rd_expense": _("研发费用（万元）"),
                   "rd_intensity": _("研发投入强度（%）"), "ten_thousand_yuan": _("万元")},
    }


def _industry_label(code: str) -> str:
    if not code:
        return ""
    try:
        return f"{code} {industry_name(code)}"
    except ValueError:
        return code
