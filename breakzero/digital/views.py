"""Digital-transformation pages: assessments, 上云/上平台, projects, the solutions catalogue; lists export to xlsx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.core.htmx import render_page
from breakzero.core.permissions import ALL_ROLES, OFFICIALS, OFFICIALS_AND_ADMIN, roles
from breakzero.digital import forms, selectors, services, sheets
from breakzero.service_bodies.access import bodies_visible_to

READERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)
EDITORS = (*OFFICIALS, Role.ENTERPRISE)


def _list(request: HttpRequest, qs: Any, template: str, **extra: Any) -> HttpResponse:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, f"digital/{template}", {"page_obj": page, **extra}, partial="results")


def _create(request: HttpRequest, form: Any, save: Callable[[dict], Any], *, title: str, back: str) -> HttpResponse:
    """GET shows the form; a valid POST calls the service (its refusal is shown as an error)."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if attempt(request, lambda: save(data), _("已保存。")) is not None:
            return redirect(back)
    return render(request, "digital/form.html", {"form": form, "title": title, "back": back})


@roles(READERS)
def assessment_list(request: HttpRequest) -> HttpResponse:
    return _list(request, selectors.assessments_visible_to(request.user), "assessment_list.html")


@roles(READERS)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)
    acceptance = services.pilot_acceptance(assessment) if assessment.is_pilot else None
    return render(request, "digital/assessment_detail.html", {"a": assessment, "acceptance": acceptance})


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    form = forms.AssessmentForm(request.POST or None, user=request.user)
    return _create(request, form, lambda d: services.assessment_record(
        actor=request.user, enterprise=d.pop("uscc"), values=d), title=_("录入数字化水平评测结果"),
        back="digital:assessment-list")


@roles(READERS)
def assessment_export(request: HttpRequest) -> HttpResponse:
    headers, rows = sheets.assessment_rows(selectors.assessments_visible_to(request.user))
    return export(request, assessment_export, what="digital_assessments", headers=headers, rows=rows,
                  filename="数字化水平评测.xlsx")


@roles(READERS)
def use_list(request: HttpRequest) -> HttpResponse:
    return _list(request, selectors.uses_visible_to(request.user), "use_list.html")


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def use_create(request: HttpRequest) -> HttpResponse:
    form = forms.UseForm(request.POST or None, user=request.user)
    return _create(request, form, lambda d: services.use_record(
        actor=request.user, enterprise=d.pop("uscc"), year=d.pop("year"), kind=d.pop("kind"), values=d),
        title=_("录入上云上平台情况"), back="digital:use-list")


@roles(READERS)
def use_export(request: HttpRequest) -> HttpResponse:
    headers, rows = sheets.use_rows(selectors.uses_visible_to(request.user))
    return export(request, use_export, what="digital_uses", headers=headers, rows=rows, filename="上云上平台.xlsx")


@roles(READERS)
def project_list(request: HttpRequest) -> HttpResponse:
    return _list(request, selectors.projects_visible_to(request.user), "project_list.html")


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProjectForm(request.POST or None, user=request.user)
    return _create(request, form, lambda d: services.project_create(
        actor=request.user, enterprise=d.pop("uscc"), values=d), title=_("录入数字化转型项目"),
        back="digital:project-list")


@roles(READERS)
def project_export(request: HttpRequest) -> HttpResponse:
    headers, rows = sheets.project_rows(selectors.projects_visible_to(request.user))
    return export(request, project_export, what="digital_projects", headers=headers, rows=rows,
                  filename="数字化转型项目.xlsx")


@roles(ALL_ROLES)
def solution_list(request: HttpRequest) -> HttpResponse:
    return _list(request, selectors.solutions_visible_to(request.user), "solution_list.html")


@roles(ALL_ROLES)
def solution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    solution = get_object_or_404(selectors.solutions_visible_to(request.user), pk=pk)
    adoptions = selectors.adoptions_visible_to(request.user).filter(solution=solution)
    can_adopt = request.user.role in EDITORS
    return render(request, "digital/solution_detail.html", {
        "solution": solution, "adoptions": adoptions, "form": forms.AdoptionForm(user=request.user) if can_adopt else None})


@roles(EDITORS)
@require_POST
def solution_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    solution = get_object_or_404(selectors.solutions_visible_to(request.user), pk=pk)
    form = forms.AdoptionForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        attempt(request, lambda: services.adoption_record(actor=request.user, solution=solution, enterprise=d["uscc"],
                                                          adopted_on=d["adopted_on"], outcome=d["outcome"]), _("已记录。"))
    else:
        messages.error(request, _form_errors(form))
    return redirect("digital:solution-detail", pk=solution.pk)


@roles(*OFFICIALS, Role.SERVICE_BODY)
@require_http_methods(["GET", "POST"])
def solution_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_visible_to(request.user)
    form = forms.SolutionForm(request.POST or None, bodies=bodies)
    return _create(request, form, lambda d: services.solution_create(
        actor=request.user, body=d.pop("body"), values=d), title=_("发布数字化解决方案"), back="digital:solution-list")


@roles(ALL_ROLES)
def solution_export(request: HttpRequest) -> HttpResponse:
    headers, rows = sheets.solution_rows(selectors.solutions_visible_to(request.user),
                                         selectors.adoptions_visible_to(request.user))
    return export(request, solution_export, what="digital_solutions", headers=headers, rows=rows,
                  filename="数字化解决方案.xlsx")


def _form_errors(form: Any) -> str:
    return "；".join(str(m) for msgs in form.errors.values() for m in msgs)
