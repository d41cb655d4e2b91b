"""Demonstration pages: typical cases with editorial review and pictures; investment progress of major projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.core.htmx import render_page
from breakzero.core.permissions import ALL_ROLES, OFFICIALS_AND_ADMIN, roles
from breakzero.demonstration import forms, selectors, services

READERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)


@roles(ALL_ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.cases_visible_to(request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "demonstration/case_list.html", {"page_obj": page}, partial="results")


@roles(ALL_ROLES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
    context = {"case": case, "pictures": case.pictures.all(), "review_form": forms.CaseReviewForm(),
               "picture_form": forms.PictureForm(), "is_province": request.user.role == Role.PROVINCE_OFFICIAL,
               "is_owner": request.user.enterprise_id == case.enterprise_id}
    return render(request, "demonstration/case_detail.html", context)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
    form = forms.CaseReviewForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.case_review(case=case, actor=request.user, **form.cleaned_data), _("已编审。"))
    return redirect(case)


@roles(Role.PROVINCE_OFFICIAL, Role.ENTERPRISE)
@require_POST
def case_picture(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
    form = forms.PictureForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择图片。"))
    else:
        attempt(request, lambda: services.case_picture_add(case=case, actor=request.user, **form.cleaned_data),
                _("图片已上传。"))
    return redirect(case)


@roles(ALL_ROLES)
def case_export(request: HttpRequest) -> HttpResponse:
    headers = ["案例标题", "企业名称", "市州", "技术或产品", "解决的问题", "成效", "状态", "发布日期"]
    rows = [[c.title, c.enterprise.name, c.enterprise.city.name if c.enterprise.city_id else "", c.technology, c.problem,
             "；".join(f"{r['label']} {r['value']}{r['unit']}" for r in c.results), c.get_status_display(),
             c.published_on or ""] for c in selectors.cases_visible_to(request.user).iterator(chunk_size=2000)]
    return export(request, case_export, what="demonstration_cases", headers=headers, rows=rows, filename="典型案例.xlsx")


@roles(READERS)
def project_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.projects_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "demonstration/project_list.html", {"page_obj": page}, partial="results")


@roles(READERS)
@require_http_methods(["GET", "POST"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(selectors.projects_visible_to(request.user), pk=pk)
    form = forms.InvestmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(request, lambda: services.investment_report_submit(recognition=project, actor=request.user,
                                                                    **form.cleaned_data), _("已填报。"))
        return redirect("demonstration:project-detail", pk=project.pk)
    context = {"project": project, "reports": project.investment_reports.all(), "form": form,
               "is_owner": request.user.enterprise_id == project.enterprise_id}
    return render(request, "demonstration/project_detail.html", context)


@roles(READERS)
def project_export(request: HttpRequest) -> HttpResponse:
    headers = ["企业名称", "产品/项目", "批次文号", "年度", "计划投资（万元）", "完成投资（万元）", "说明"]
    rows = [[p.enterprise.name, p.details.get("product", ""), p.batch, r.period, r.planned, r.actual, r.note]
            for p in selectors.projects_visible_to(request.user) for r in p.investment_reports.all()]
    return export(request, project_export, what="demonstration_projects", headers=headers, rows=rows,
                  filename="重大产品创新项目投资进度.xlsx")
