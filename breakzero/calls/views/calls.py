"""Calls: list, create from a programme's template, detail, eligibility listing with invitations, calendar."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.calls import forms, selectors, services
from breakzero.calls.access import can_apply, can_manage_calls
from breakzero.calls.registry import filed_by_applicants
from breakzero.calls.models import Application, CalendarDay, CallQuota
from breakzero.calls.views._common import OFFICIALS, PAGE_SIZE, VIEWERS, attempt, export
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import roles
from breakzero.enterprises.access import enterprises_visible_to

__all__ = ["call_list", "call_create", "call_detail", "eligibility_list", "eligibility_run", "eligibility_export",
           "call_invite", "calendar"]


@roles(VIEWERS)
def call_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.calls_listed_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "can_manage": can_manage_calls(request.user)}
    return render_page(request, "calls/call_list.html", context, partial="results")


@roles(Role.PROVINCE_OFFICIAL)
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    form = forms.CallForm(request.POST or None, initial={"programme": request.GET.get("programme")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(actor=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(call)
    return render(request, "calls/call_form.html", {"form": form})


@roles(VIEWERS)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    user = request.user
    own = Application.objects.filter(call=call, enterprise_id=user.enterprise_id).first() if can_apply(user) else None
    context = {
        "call": call, "own_application": own, "can_apply": can_apply(user) and own is None and call.status == "open" and filed_by_applicants(call),
        "is_official": user.role in OFFICIALS, "is_province": can_manage_calls(user),
        "is_expert": user.role == Role.EXPERT and selectors.expert_calls(user=user).filter(call=call).exists(),
        "quotas": CallQuota.objects.filter(call=call).select_related("region"),
        "run": selectors.latest_run(call=call), "publish_form": forms.PublishForm(),
        "objections": selectors.objections_of(call=call) if can_manage_calls(user) else [],
        "resolve_form": forms.ResolveForm(),
    }
    return render(request, "calls/call_detail.html", context)


@roles(OFFICIALS)
def eligibility_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored eligibility table of the official's region (paginated read; progress of the run)."""
    call = selectors.call_get(user=request.user, pk=pk)
    passed = request.GET.get("passed", "yes")
    qs = selectors.eligibility_list(user=request.user, call=call, passed=passed)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    applied = set(Application.objects.filter(call=call, enterprise_id__in=[r.enterprise_id for r in page])
                  .values_list("enterprise_id", flat=True))
    context = {"call": call, "page_obj": page, "passed": passed, "run": selectors.latest_run(call=call),
               "applied": applied, "can_invite": call.allows_invitation and request.user.role != Role.PROVINCE_OFFICIAL,
               "is_province": can_manage_calls(request.user)}
    partial = "progress" if request.GET.get("progress") else "results"
    return render_page(request, "calls/eligibility_list.html", context, partial=partial)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def eligibility_run(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    attempt(request, lambda: services.eligibility_run_start(call=call, actor=request.user), _("已开始条件筛查，请稍候刷新。"))
    return redirect("calls:call-eligibility", pk=call.pk)


@roles(OFFICIALS)
def eligibility_export(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    qs = selectors.eligibility_list(user=request.user, call=call, passed=request.GET.get("passed", "yes"))
    headers = ["统一社会信用代码", "企业名称", "市州", "区县", "核验结果", "未满足条件数", "主要差距", "规则版本", "评估日期"]
    rows = [[r.enterprise.uscc, r.enterprise.name, r.city.name if r.city else "", r.county.name if r.county else "",
             {True: "符合", False: "不符合", None: "待核实"}[r.passed], r.unmet_count, r.first_gap, r.rule_set, r.as_of]
            for r in qs.iterator(chunk_size=2000)]
    return export(request, eligibility_export, what="calls_eligibility", headers=headers, rows=rows,
                  filename=f"条件筛查-{call.document_number}.xlsx")


@roles(Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL)
@require_POST
def call_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """免申即享: file the application on behalf of an eligible enterprise of the official's region."""
    call = selectors.call_get(user=request.user, pk=pk)
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=request.POST.get("enterprise"))
    attempt(request, lambda: services.application_invite(call=call, enterprise=enterprise, actor=request.user),
            _("已代为发起申报（免申即享）。"))
    return redirect("calls:call-eligibility", pk=call.pk)


@roles(Role.PROVINCE_OFFICIAL)
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The province maintains public holidays and make-up working days (used by 公示 periods)."""
    form = forms.CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(request, lambda: services.calendar_day_set(actor=request.user, **form.cleaned_data), _("已保存。"))
        return redirect("calls:calendar")
    year = request.GET.get("year", "")
    days = CalendarDay.objects.filter(date__year=int(year)) if year.isdigit() else CalendarDay.objects.order_by("-date")[:60]
    return render(request, "calls/calendar.html", {"form": form, "days": days, "year": year})


