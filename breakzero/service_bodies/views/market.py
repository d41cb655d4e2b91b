"""Supply and demand: technology needs, offerings, suggested matches."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.core.permissions import ALL_ROLES, OFFICIALS, roles
from breakzero.service_bodies.forms import NeedForm, OfferingForm
from breakzero.service_bodies.models import ServiceOffering
from breakzero.service_bodies.selectors.market import matches_for
from breakzero.service_bodies.services import market as market_services
from breakzero.service_bodies.views.common import managed_body


@roles(ALL_ROLES)
def market(request: HttpRequest) -> HttpResponse:
    offerings = ServiceOffering.objects.filter(is_open=True, body__is_active=True).select_related("body", "chain")[:100]
    context = {"matches": matches_for(request.user), "offerings": offerings,
               "can_post_need": request.user.role == Role.ENTERPRISE and bool(request.user.enterprise_id)}
    return render(request, "service_bodies/market.html", context)


@roles(Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    enterprise = request.user.enterprise
    form = NeedForm(request.POST or None, initial={"industry_section": getattr(enterprise, "industry_section", "")})
    if request.method == "POST" and enterprise and form.is_valid():
        market_services.need_save(enterprise=enterprise, data=form.cleaned_data)
        messages.success(request, _("技术需求已发布。"))
        return redirect("service_bodies:market")
    if enterprise is None:
        form.add_error(None, _("您的账号未关联企业。"))
    return render(request, "service_bodies/form.html", {"form": form, "title": _("发布技术需求")})


@roles(Role.SERVICE_BODY, *OFFICIALS, Role.SYSTEM_ADMIN)
@require_http_methods(["GET", "POST"])
def offering_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = managed_body(request, pk)
    form = OfferingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        market_services.offering_save(body=body, data=form.cleaned_data)
        messages.success(request, _("服务供给已发布。"))
        return redirect("service_bodies:market")
    return render(request, "service_bodies/form.html", {"form": form, "title": _("发布服务供给"), "back": body})
