"""Pages of the special funds: funds and budgets, allocation simulation, projects with payments,
targets, acceptance and clawback, support per beneficiary, execution reports (pages + xlsx + PDF)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import roles
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.funds import access, selectors, services, sheets
from breakzero.funds.factors import FACTORS
from breakzero.funds.models import UNCONFIRMED_SETTINGS, Allocation, Budget, Category, Clawback, Fund, Payment
from breakzero.funds.views.common import READERS, STAFF, _attempt, _budget, _date, _export, _year, _int, _key
from breakzero.regions.models import Region


@roles(STAFF)
def fund_list(request: HttpRequest) -> HttpResponse:
    funds = selectors.funds_visible(request.user).prefetch_related("budgets", "periods")
    return render_page(request, "funds/fund_list.html", {"funds": funds, "can_manage": access.can_manage_budget(request.user)})


@roles(STAFF)
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(selectors.funds_visible(request.user), pk=pk)
    if request.method == "POST":
        _fund_post(request, fund)
        return redirect(fund)
    from breakzero.service_bodies.models import SubsidyPlan

    settings_rows = [(label, fund.setting(key)) for key, (label, _default) in UNCONFIRMED_SETTINGS.items()]
    plans = SubsidyPlan.objects.filter(status=SubsidyPlan.Status.APPROVED).select_related("scheme")
    return render_page(request, "funds/fund_detail.html", {"fund": fund, "settings_rows": settings_rows, "plans": plans,
                                                            "can_manage": access.can_manage_budget(request.user)})


def _fund_post(request: HttpRequest, fund: Fund) -> None:
    from breakzero.service_bodies.models import SubsidyPlan

    post = request.POST
    if post.get("action") == "period":
        _attempt(request, lambda: services.fund_period_add(
            actor=request.user, fund=fund, document_number=post.get("document_number", ""), title=post.get("title", ""),
            first_year=_year(post.get("first_year")), last_year=_int(post.get("last_year"))), _("管理办法已登记。"))
        return
    if post.get("action") == "subsidy_plan":
        plan = get_object_or_404(SubsidyPlan, pk=_int(post.get("plan")))
        refusals = services.subsidy_plan_refusals(plan=plan, fund=fund)
        if _attempt(request, lambda: services.project_from_subsidy_plan(actor=request.user, plan=plan, fund=fund),
                    _("后补助方案已转为资金项目。")) is not None:
            for refusal in refusals.values():  # the banned bodies skipped by the conversion
                messages.warning(request, refusal)
        return
    _attempt(request, lambda: services.budget_create(
        actor=request.user, fund=fund, year=_int(post.get("year")) or 0, total=post.get("total", ""),
        province_kept=post.get("province_kept", "")), _("年度预算已创建。"))


@roles(STAFF)
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(request, pk)
    if request.method == "POST":
        _budget_post(request, budget)
        return redirect(budget)
    ctx = {"budget": budget, "can_manage": access.can_manage_budget(request.user), "factors": FACTORS,
           "kinds": Category.Kind.choices, "allocations": budget.allocations.select_related("parent_region"),
           "by_category": selectors.execution(user=request.user, budget=budget, by="category"),
           "evaluation": selectors.self_evaluation_summary(selectors.self_evaluation_rows(user=request.user, budget=budget)),
           "scores": budget.fund.region_scores.filter(year=budget.year - 1).select_related("region").order_by("region_id"),
           "cities": Region.objects.filter(level=Region.Level.PREFECTURE).order_by("code"),
           "fund_calls": budget.calls.select_related("call", "category"),
           "unlinked_calls": selectors.unlinked_fund_calls() if access.can_manage_budget(request.user) else []}
    return render_page(request, "funds/budget_detail.html", ctx)


def _budget_post(request: HttpRequest, budget: Budget) -> None:
    post, user = request.POST, request.user
    action = post.get("action")
    if action == "document":
        _attempt(request, lambda: services.budget_document_add(
            actor=user, budget=budget, document_number=post.get("document_number", ""),
            issued_on=_date(post.get("issued_on")), amount=post.get("amount", "")), _("预算文件已登记。"))
    elif action == "category":
        _attempt(request, lambda: services.category_set(actor=user, budget=budget, kind=post.get("kind", "other"),
                                                        name=post.get("name", ""), amount=post.get("amount", "")),
                 _("类别预算已保存。"))
    elif action == "link_call":
        def link() -> Any:
            call = selectors.unlinked_fund_calls().filter(pk=_int(post.get("call"))).first()
            category = budget.categories.filter(pk=_int(post.get("category"))).first()
            if call is None or category is None:
                raise DomainError(_("请选择尚未关联资金的申报批次和本年度的资金类别。"))
            return services.fund_call_link(actor=user, call=call, budget=budget, category=category)
        _attempt(request, link, _("申报批次已关联本年度预算和类别，申报资格将按本资金核验。"))
    elif action == "update":
        _attempt(request, lambda: services.budget_update(actor=user, budget=budget, total=post.get("total", ""),
                                                         province_kept=post.get("province_kept", "")),
                 _("年度预算已调整（调整前后金额已记入审计日志）。"))
    elif action == "score":
        _attempt(request, lambda: services.region_score_set(
            actor=user, fund=budget.fund, year=budget.year - 1, region_id=post.get("region", ""),
            score=post.get("score", "")), _("地区上年绩效评价得分已保存。"))
    elif action == "simulate":
        parent = get_object_or_404(Region, code=post.get("parent", "430000"))
        allocation = _attempt(request, lambda: services.allocation_simulate(
            actor=user, budget=budget, parent=parent, weights={k: post.get(f"w_{k}") for k in FACTORS},
            floor=post.get("floor"), cap=post.get("cap")), _("已生成模拟分配。"))
        if allocation is not None:
            request.session["funds_last_allocation"] = allocation.pk


@roles(STAFF)
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_see_funds(request.user):
        raise Http404
    allocation = get_object_or_404(Allocation.objects.select_related("budget__fund", "parent_region"), pk=pk)
    lines = allocation.lines.filter(access.region_codes_scope(request.user)).select_related("region")
    if not lines and not access.is_province_level(request.user):
        raise Http404
    if request.method == "POST":
        _attempt(request, lambda: services.allocation_approve(actor=request.user, allocation=allocation), _("分配方案已批准。"))
        return redirect(allocation)
    return render_page(request, "funds/allocation_detail.html",
                       {"allocation": allocation, "lines": lines, "factors": FACTORS,
                        "can_approve": allocation.status == Allocation.Status.DRAFT
                        and (access.can_manage_budget(request.user) if allocation.parent_region.is_province
                             else access.can_pass_on(request.user, allocation.parent_region))})


@roles(READERS)
def project_list(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    projects = selectors.projects_for(user=request.user, year=year)
    if request.GET.get("format") == "xlsx":
        return _export(request, "funds.projects", sheets.PROJECT_HEADERS, sheets.project_rows(projects[:5000]), "资金项目.xlsx")
    return render_page(request, "funds/project_list.html", {"projects": projects[:500], "year": year,
                                                            "is_staff": request.user.role in STAFF})


@roles(READERS)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_for(user=request.user, pk=pk)
    if project is None:
        raise Http404
    if request.method == "POST":
        _project_post(request, project)
        return redirect(project)
    user = request.user
    from breakzero.calls.workingdays import add_working_days

    days = int(project.fund.setting("payment_deadline_working_days"))  # UNCONFIRMED per-fund setting
    due = add_working_days(project.approved_on, days)
    ctx = {"project": project, "targets": project.targets.all(), "payment_due": due, "payment_days": days,
           "payment_overdue": project.paid == 0 and timezone.localdate() > due, "payments": project.payments.select_related("reversal"),
           "clawbacks": project.clawbacks.prefetch_related("recoveries"), "reasons": Clawback.Reason.choices,
           "can_pay": access.can_record_payment(user, project), "can_manage": access.can_manage_budget(user),
           "can_report": access.can_report_progress(user, project)}
    return render_page(request, "funds/project_detail.html", ctx)


def _project_post(request: HttpRequest, project: Any) -> None:
    post, user, action = request.POST, request.user, request.POST.get("action")
    handlers: dict[str, tuple[Callable[[], Any], str]] = {
        "pay": (lambda: services.payment_record(
            actor=user, project=project, amount=post.get("amount", ""), budget_document=post.get("budget_document", ""),
            paid_on=_date(post.get("paid_on")), payee_account=post.get("payee_account", "")), _("拨付已登记。")),
        "reverse": (lambda: services.payment_reverse(
            actor=user, payment=get_object_or_404(Payment, pk=_int(post.get("payment")), project=project),
            reason=post.get("reason", ""), on=_date(post.get("on"))), _("冲正已登记。")),
        "target": (lambda: services.target_add(
            actor=user, project=project, indicator=post.get("indicator", ""), unit=post.get("unit", ""),
            target_value=post.get("target_value", ""), deadline=_date(post.get("deadline"))), _("绩效目标已设定。")),
        "report": (lambda: services.target_report(
            actor=user, target=get_object_or_404(project.targets, pk=_int(post.get("target"))),
            actual_value=post.get("actual_value", ""), note=post.get("note", "")), _("完成情况已填报。")),
        "accept": (lambda: services.project_accept(actor=user, project=project, passed=post.get("passed") == "1",
                                                   note=post.get("note", "")), _("验收结果已记录。")),
        "clawback": (lambda: services.clawback_record(
            actor=user, project=project, reason=post.get("reason", ""), amount_to_recover=post.get("amount", ""),
            decided_on=_date(post.get("decided_on")), decision_document=post.get("decision_document", "")),
                     _("追回决定已记录，并已设置禁止申报期。")),
        "recover": (lambda: services.recovery_record(
            actor=user, clawback=get_object_or_404(project.clawbacks, pk=_int(post.get("clawback"))),
            amount=post.get("amount", ""), recovered_on=_date(post.get("recovered_on"))), _("追回到账已登记。")),
    }
    if action not in handlers:
        raise Http404
    _attempt(request, *handlers[action])


@roles(READERS)
def support(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One view of every support a beneficiary received (page, or xlsx with ?format=xlsx)."""
    from breakzero.enterprises.access import enterprises_visible_to
    from breakzero.service_bodies.access import bodies_visible_to

    if kind not in ("enterprise", "body") or (kind == "body" and request.user.role == Role.ENTERPRISE):
        raise Http404  # the body catalogue is open to enterprises; a body's money is not
    source = enterprises_visible_to(request.user) if kind == "enterprise" else bodies_visible_to(request.user)
    owner = source.filter(pk=pk).first()
    if owner is None and not (request.user.role == Role.FINANCE and access.can_see_funds(request.user)):
        raise Http404
    key = {"enterprise_id": pk} if kind == "enterprise" else {"service_body_id": pk}
    rows = selectors.support_of(user=request.user, **key)
    if owner is None and not rows:
        raise Http404
    if request.GET.get("format") == "xlsx":
        return _export(request, "funds.support", sheets.SUPPORT_HEADERS, sheets.support_rows(rows), f"支持情况_{pk}.xlsx")
    total = sum((r.approved for r in rows), Decimal(0))
    bans = selectors.bans_of(**key)  # the owner (or its projects, for finance) is visible to the user
    return render_page(request, "funds/support.html", {"owner": owner, "rows": rows, "total": total, "kind": kind, "pk": pk,
                                                       "bans": bans, "today": timezone.localdate()})


DIMENSION_LABELS = {"fund": "资金", "category": "类别", "city": "市州", "county": "区县", "month": "月份"}


@roles(STAFF)
def execution(request: HttpRequest, pk: int) -> HttpResponse:
    """A fund year's execution by category, city, county or month — page, xlsx (?format=xlsx), PDF (?format=pdf)."""
    budget = _budget(request, pk)
    by = request.GET.get("by", "category")
    if by not in selectors.DIMENSIONS:
        raise Http404
    rows = selectors.execution(user=request.user, budget=budget, by=by)
    total = selectors.execution_total(rows, f"fund={budget.fund_id}&year={budget.year}")
    title = f"{budget.fund.name}{budget.year}年度预算执行情况（按{DIMENSION_LABELS[by]}）"
    return _report(request, rows, total, title, "funds.execution", {"budget": budget, "by": by,
                                                                     "dimensions": selectors.DIMENSIONS})


@roles(STAFF)
def execution_overview(request: HttpRequest) -> HttpResponse:
    """Every fund's execution in one year (?year=, default this year) — page, xlsx and PDF."""
    year = _int(request.GET.get("year")) or timezone.localdate().year
    rows = selectors.execution_by_fund(user=request.user, year=year)
    total = selectors.execution_total(rows, f"year={year}")
    budgets = Budget.objects.filter(year=year, fund__in=selectors.funds_visible(request.user)).select_related("fund")
    return _report(request, rows, total, f"{year}年度专项资金预算执行情况（按资金）", "funds.execution",
                   {"year": year, "by": "fund", "budgets": budgets,
                    "years": sorted(set(Budget.objects.values_list("year", flat=True)) | {year}, reverse=True)})


def _report(request: HttpRequest, rows: list[Any], total: Any, title: str, what: str, ctx: dict[str, Any]) -> HttpResponse:
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return _export(request, what, sheets.EXECUTION_HEADERS, sheets.execution_rows([*rows, total]), f"{title}.xlsx")
    if fmt == "pdf":
        from breakzero.funds.pdf import execution_pdf

        scope = getattr(request.user.region, "name", "") if request.user.region_id else ""
        data = execution_pdf(title=title, subtitle=f"数据范围：{scope}", rows=rows, total=total,
                             payments_url=request.build_absolute_uri(reverse("funds:payment-list")),
                             generated_at=timezone.now())
        data_exported.send(sender=_report, request=request, what=f"{what}.pdf", rows=len(rows))
        return _pdf_response(data, title)
    return render_page(request, "funds/execution.html", {**ctx, "rows": rows, "total": total, "title": title,
                                                         "labels": DIMENSION_LABELS})


@roles(STAFF)
def payment_list(request: HttpRequest) -> HttpResponse:
    """The payments behind a report figure (filters as in the report's links); ?format=xlsx exports them."""
    g = request.GET
    payments = selectors.payments_for(user=request.user, fund_id=_int(g.get("fund")), year=_int(g.get("year")),
                                      category_id=_key(g.get("category"), int), city_id=_key(g.get("city")),
                                      county_id=_key(g.get("county")), month=_int(g.get("month")),
                                      project_id=_int(g.get("project")))[:5000]
    if g.get("format") == "xlsx":
        return _export(request, "funds.payments", sheets.PAYMENT_HEADERS, sheets.payment_rows(payments), "拨付记录.xlsx")
    total = sum((p.amount for p in payments), Decimal(0))
    query = "&".join(f"{k}={v}" for k, v in g.items() if k != "format")
    return render_page(request, "funds/payment_list.html", {"payments": payments, "total": total, "query": query})


@roles(STAFF)
def self_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The fund year's 绩效自评 report (xlsx: target rows, and a summary sheet with numeric rates)."""
    budget = _budget(request, pk)
    rows = selectors.self_evaluation_rows(user=request.user, budget=budget)
    figures = sheets.self_evaluation_figures(selectors.self_evaluation_summary(rows))
    detail = sheets.self_evaluation_rows(rows)
    data_exported.send(sender=self_evaluation, request=request, what="funds.self_evaluation", rows=len(detail))
    return xlsx_response(sheets.self_evaluation_xlsx(detail=detail, figures=figures),
                         f"{budget.fund.name}{budget.year}年度绩效自评.xlsx")


@roles(STAFF)
def self_evaluation_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The fund year's 绩效自评 report from the projects' targets and actuals (programme-rules-2.md §6.5
    "self-evaluation"): page, or PDF with ?format=pdf (the xlsx: `self_evaluation`)."""
    budget = _budget(request, pk)
    rows = selectors.self_evaluation_rows(user=request.user, budget=budget)
    figures = sheets.self_evaluation_figures(selectors.self_evaluation_summary(rows))
    title = f"{budget.fund.name}{budget.year}年度绩效自评报告"
    if request.GET.get("format") == "pdf":
        from breakzero.funds.pdf import self_evaluation_pdf

        scope = getattr(request.user.region, "name", "") if request.user.region_id else ""
        detail = sheets.self_evaluation_rows(rows)
        data = self_evaluation_pdf(title=title, subtitle=f"数据范围：{scope}", figures=figures,
                                   headers=sheets.SELF_EVALUATION_HEADERS, detail=detail, generated_at=timezone.now())
        data_exported.send(sender=self_evaluation_report, request=request, what="funds.self_evaluation.pdf",
                           rows=len(detail))
        return _pdf_response(data, title)
    from breakzero.funds.pdf import figure_text

    return render_page(request, "funds/self_evaluation.html", {
        "budget": budget, "title": title, "rows": rows,
        "figures": [(label, figure_text(value, kind)) for label, value, kind in figures]})


def _pdf_response(data: bytes, title: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.pdf"
    return response
