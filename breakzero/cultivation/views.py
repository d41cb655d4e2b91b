"""Cultivation library pages: titles, and thin pages over the engine (calls) for the applications and the
published list; an application is reviewed, put to 公示 and published on the engine's pages."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS_AND_ADMIN, roles
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.cultivation import forms, selectors, services
from breakzero.enterprises.access import enterprises_visible_to

PAGE_SIZE = 50
VIEWERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)


@roles(VIEWERS)
def title_list(request: HttpRequest) -> HttpResponse:
    form = forms.TitleFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.titles_visible_to(user=request.user, tier=data.get("tier", ""), validity=data.get("validity", ""))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "cultivation/title_list.html", {"form": form, "page_obj": page}, partial="results")


@roles(Role.PROVINCE_OFFICIAL)
@require_http_methods(["GET", "POST"])
def title_recognize(request: HttpRequest) -> HttpResponse:
    """Record a recognition by the granting authority (the only way a 小巨人 title is created by hand)."""
    form = forms.RecognitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enterprise = selectors.enterprise_by_uscc(user=request.user, uscc=data["uscc"])
            services.title_recognize(enterprise=enterprise, tier=data["tier"], level=data["level"], batch=data["batch"],
                                     recognized_on=data["recognized_on"], document=data["document"], actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已登记认定结果。"))
            return redirect("cultivation:title-list")
    return render(request, "cultivation/title_recognize.html", {"form": form})


@roles(VIEWERS)
def enterprise_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """Titles and applications of one enterprise (lazy-loaded on its detail page)."""
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=pk)
    titles = selectors.titles_visible_to(user=request.user).filter(enterprise=enterprise)
    applications = selectors.applications_visible_to(request.user).filter(enterprise=enterprise).order_by("-pk")
    context = {"enterprise": enterprise, "titles": titles, "applications": applications[:20],
               "today": timezone.localdate()}
    return render(request, "cultivation/_enterprise_fragment.html", context)


@roles(VIEWERS)
def application_list(request: HttpRequest) -> HttpResponse:
    """Cultivation applications on the engine; each opens on the engine's page, where it is reviewed."""
    form = forms.ApplicationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.application_list(user=request.user, state=data.get("state", ""),
                                    programme=data.get("programme", ""), todo=data.get("todo", False))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_apply = request.user.role == Role.ENTERPRISE and bool(request.user.enterprise_id)
    context = {"form": form, "page_obj": page, "can_apply": can_apply}
    return render_page(request, "cultivation/application_list.html", context, partial="results")


@roles(Role.ENTERPRISE)
def application_create(request: HttpRequest) -> HttpResponse:
    """The open cultivation calls; applying is the engine's (calls:application-apply)."""
    if request.user.enterprise is None:
        raise Http404
    return render(request, "cultivation/application_calls.html", {"calls": selectors.open_calls()})


@roles(VIEWERS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The address of an application from before the move onto the engine leads to the engine's page."""
    return redirect(selectors.moved_application_get(user=request.user, old_id=pk))


@roles(VIEWERS)
def published_list(request: HttpRequest) -> HttpResponse:
    form = forms.PublishedFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.published_list(user=request.user, programme=data.get("programme", ""), batch=data.get("batch", ""))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "cultivation/published_list.html", {"form": form, "page_obj": page}, partial="results")


@roles(VIEWERS)
def published_export(request: HttpRequest) -> HttpResponse:
    form = forms.PublishedFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    headers, rows = selectors.published_export_rows(user=request.user, programme=data.get("programme", ""),
                                                    batch=data.get("batch", ""))
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet="公布名单")
    data_exported.send(sender=published_export, request=request, what="cultivation_published", rows=len(rows))
    return xlsx_response(buffer.getvalue(), f"培育公布名单-{timezone.localdate():%Y%m%d}.xlsx")
