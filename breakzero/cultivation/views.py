"""Cultivation library pages: titles, applications with their review flow, publicity objections, published list."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import ALL_ROLES, OFFICIALS_AND_ADMIN, roles
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.cultivation import forms, selectors, services
from breakzero.cultivation.models import Objection
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.cultivation.workflow import (
    ACTION_DONE,
    ACTION_LABELS,
    allowed_actions,
    application_transition,
    check_failed,
)

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
    form = forms.ApplicationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.application_list(user=request.user, status=data.get("status", ""),
                                    programme=data.get("programme", ""), todo=data.get("todo", False))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_apply = request.user.role == Role.ENTERPRISE and bool(request.user.enterprise_id)
    context = {"form": form, "page_obj": page, "can_apply": can_apply}
    return render_page(request, "cultivation/application_list.html", context, partial="results")


@roles(Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    enterprise = request.user.enterprise
    if enterprise is None:
        raise Http404
    form = forms.ApplicationForm(request.POST or None, initial={"programme": request.GET.get("programme")})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(enterprise=enterprise, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("申报已提交，等待区县审核。"))
            return redirect(application)
    return render(request, "cultivation/application_form.html", {"form": form, "enterprise": enterprise})


@roles(VIEWERS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    if not selectors.application_full_view(user=request.user, application=application):
        return _public_notice(request, application)
    actions = allowed_actions(application=application, user=request.user)
    context = {
        "application": application, "actions": [(a, ACTION_LABELS[a]) for a in actions], "action_codes": actions,
        "steps": application.steps.select_related("actor"), "objections": application.objections.all(),
        "transition_form": forms.TransitionForm(), "objection_form": forms.ObjectionForm(),
        "resolve_form": forms.ResolveForm(), "resubmit_form": forms.ResubmitForm(),
        "is_province": request.user.role == Role.PROVINCE_OFFICIAL, "today": timezone.localdate(),
        "check_failed": check_failed(application),
    }
    return render_page(request, "cultivation/application_detail.html", context, partial="flow")


@roles(VIEWERS)
@require_POST
def application_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效。"))
        return redirect(application)
    _do(request, lambda: application_transition(application=application, actor=request.user,
                                                action=form.cleaned_data["action"], comment=form.cleaned_data["comment"],
                                                override_reason=form.cleaned_data["override_reason"]),
        str(ACTION_DONE.get(form.cleaned_data["action"], _("已处理。"))))
    return redirect(application)


@roles(Role.ENTERPRISE)
@require_POST
def application_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    form = forms.ResubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写修改说明。"))
        return redirect(application)
    _do(request, lambda: services.application_resubmit(application=application, actor=request.user,
                                                       statement=form.cleaned_data["statement"]), _("已重新提交。"))
    return redirect(application)


@roles(ALL_ROLES)
@require_POST
def objection_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    form = forms.ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写异议内容。"))
        return redirect(application)
    _do(request, lambda: services.objection_file(application=application, actor=request.user,
                                                 text=form.cleaned_data["text"]), _("异议已提交，由省级管理员处理。"))
    return redirect(application)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection, pk=pk)
    form = forms.ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写处理结论和处理意见。"))
        return redirect(objection.application)
    _do(request, lambda: services.objection_resolve(objection=objection, actor=request.user, **form.cleaned_data),
        _("异议已处理。"))
    return redirect(objection.application)


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


def _public_notice(request: HttpRequest, application) -> HttpResponse:
    """公示 for another enterprise: the notice, its own objections and the objection form."""
    context = {"notice": selectors.application_public_notice(application), "application": application,
               "objections": application.objections.filter(filed_by=request.user),
               "objection_form": forms.ObjectionForm()}
    return render_page(request, "cultivation/application_notice.html", context, partial="flow")


def _do(request: HttpRequest, call, success: str) -> None:
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
