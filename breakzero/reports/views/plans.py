"""Implementation plans: status of the user's region and those below, upload, review, download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, roles
from breakzero.reports import access, selectors
from breakzero.reports.forms import PlanReviewForm, PlanUploadForm
from breakzero.reports.models import PlanPeriod
from breakzero.reports.services import plans as services
from breakzero.reports.views.common import call_service, download


@roles(OFFICIALS)
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    own = access.own_region(request.user)
    can_upload = access.can_upload_plan(request.user, own)
    form = PlanUploadForm(request.POST or None, request.FILES or None, initial={"period": period})
    if request.method == "POST" and can_upload and form.is_valid():
        data = form.cleaned_data
        plan = call_service(form, lambda: services.plan_upload(
            user=request.user, region=own, period=data["period"], upload=data["file"]), field="file")
        if plan is not None:
            messages.success(request, _("已上传第%(version)s版实施方案，等待上级审核。") % {"version": plan.version})
            return redirect(plan)
    include_counties = own.is_province and request.GET.get("counties") == "1"
    rows = selectors.plan_status_rows(user=request.user, period=period, include_counties=include_counties)
    context = {"rows": rows, "period": period, "periods": PlanPeriod.choices, "form": form, "can_upload": can_upload,
               "include_counties": include_counties, "own": own, "missing": sum(r.is_missing for r in rows if not r.is_own)}
    return render_page(request, "reports/plan_list.html", context, partial="results")


@roles(OFFICIALS)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    versions = list(selectors.plan_versions(plan=plan))
    is_latest = versions[0].pk == plan.pk
    can_review = is_latest and plan.status == plan.Status.SUBMITTED and access.can_review_plan(request.user, plan.region)
    context = {"plan": plan, "versions": versions, "can_review": can_review, "form": PlanReviewForm(),
               "can_upload": access.can_upload_plan(request.user, plan.region)}
    return render_page(request, "reports/plan_detail.html", context, partial="history")


@roles(OFFICIALS)
@require_POST
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = PlanReviewForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        done = call_service(form, lambda: services.plan_review(
            user=request.user, plan_id=plan.pk, approve=approve, comment=form.cleaned_data["comment"]))
        if done is not None:
            messages.success(request, _("审核结果已保存。"))
            return redirect(plan)
    versions = list(selectors.plan_versions(plan=plan))
    context = {"plan": plan, "versions": versions, "can_review": True, "form": form, "can_upload": False}
    return render(request, "reports/plan_detail.html", context, status=400)


@roles(OFFICIALS)
def plan_file(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    return download(plan.file, plan.original_name)


def _period(request: HttpRequest) -> str:
    value = request.GET.get("period") or request.POST.get("period") or ""
    if value in PlanPeriod.values:
        return value
    year = str(timezone.localdate().year)
    return year if year in PlanPeriod.values else PlanPeriod.WHOLE


