"""IP-finance pages: the achievements library with its matches to technology needs, transfers and licences, pledge
loans with the pool's exposure per bank and year, patent-navigation projects with their reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.core.htmx import render_page
from breakzero.core.permissions import ALL_ROLES, OFFICIALS, OFFICIALS_AND_ADMIN, roles
from breakzero.ipfinance import forms, selectors, services

READERS = (*OFFICIALS_AND_ADMIN, Role.ENTERPRISE)
EDITORS = (*OFFICIALS, Role.ENTERPRISE)


def _numbers(obj: Any) -> str:
    return "、".join(p.application_number for p in obj.patents.all())


def _create(request: HttpRequest, form: Any, save: Callable[..., Any], *, title: str, back: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        enterprise, numbers = d.pop("uscc"), d.pop("patent_numbers")
        if attempt(request, lambda: save(actor=request.user, enterprise=enterprise, patent_numbers=numbers, values=d),
                   _("已保存。")) is not None:
            return redirect(back)
    return render(request, "ipfinance/form.html", {"form": form, "title": title, "back": back})


@roles(READERS)
def deal_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.deals_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "ipfinance/deal_list.html", {"page_obj": page}, partial="results")


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def deal_create(request: HttpRequest) -> HttpResponse:
    return _create(request, forms.DealForm(request.POST or None, user=request.user), services.deal_record,
                   title=_("录入专利转让/许可"), back="ipfinance:deal-list")


@roles(READERS)
def deal_export(request: HttpRequest) -> HttpResponse:
    headers = ["企业", "统一社会信用代码", "方式", "转让方/许可方", "专利申请号", "合同金额（万元）", "签订日期"]
    rows = [[d.enterprise.name, d.enterprise.uscc, d.get_kind_display(), d.counterparty, _numbers(d), d.value, d.signed_on]
            for d in selectors.deals_visible_to(request.user)]
    return export(request, deal_export, what="patent_deals", headers=headers, rows=rows, filename="专利转让许可.xlsx")


@roles(READERS)
def loan_list(request: HttpRequest) -> HttpResponse:
    loans = selectors.loans_visible_to(request.user)
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "ipfinance/loan_list.html", {
        "page_obj": page, "exposure": selectors.exposure_by_bank_year(loans)}, partial="results")


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def loan_create(request: HttpRequest) -> HttpResponse:
    return _create(request, forms.LoanForm(request.POST or None, user=request.user), services.loan_record,
                   title=_("录入专利质押贷款"), back="ipfinance:loan-list")


@roles(READERS)
def loan_export(request: HttpRequest) -> HttpResponse:
    headers = ["企业", "统一社会信用代码", "贷款银行", "贷款金额（万元）", "期限（月）", "放款日期", "质押专利", "纳入资金池",
               "资金池最大风险（万元）", "违约日期", "违约损失（万元）"]
    rows = [[x.enterprise.name, x.enterprise.uscc, x.bank, x.amount, x.term_months, x.lent_on, _numbers(x),
             "是" if x.is_in_pool else "否", x.pool_exposure, x.defaulted_on or "", x.loss if x.loss is not None else ""]
            for x in selectors.loans_visible_to(request.user)]
    return export(request, loan_export, what="pledge_loans", headers=headers, rows=rows, filename="专利质押贷款.xlsx")


ACHIEVEMENT_HEADERS = ["成果名称", "成果类型", "持有单位类型", "持有单位", "统一社会信用代码", "专利申请号", "交易方式", "行业门类",
                       "产业链", "关键词", "参考价格（万元）", "入库日期", "可交易", "市州", "区县"]
NAVIGATION_HEADERS = ["项目名称", "导航类型（GB/T 39551）", "产业链", "导航对象", "委托单位", "服务机构", "开始日期", "完成日期",
                      "成果报告", "市州", "区县"]


@roles(ALL_ROLES)
def achievement_list(request: HttpRequest) -> HttpResponse:
    """The library (成果库) and, for the technology needs the user may see, the achievements that fit them."""
    page = Paginator(selectors.achievements_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "ipfinance/achievement_list.html", {
        "page_obj": page, "matches": selectors.achievement_matches(request.user),
        "can_create": request.user.is_official or request.user.role == Role.ENTERPRISE}, partial="results")


@roles(EDITORS)
@require_http_methods(["GET", "POST"])
def achievement_create(request: HttpRequest) -> HttpResponse:
    form = forms.AchievementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        enterprise, county, numbers = d.pop("uscc"), d.pop("county_code"), d.pop("patent_numbers")
        if attempt(request, lambda: services.achievement_record(
                actor=request.user, enterprise=enterprise, county=county, patent_numbers=numbers, values=d),
                _("已入库。")) is not None:
            return redirect("ipfinance:achievement-list")
    return render(request, "ipfinance/form.html", {"form": form, "title": _("登记成果（成果库）"),
                                                   "back": "ipfinance:achievement-list"})


@roles(ALL_ROLES)
def achievement_export(request: HttpRequest) -> HttpResponse:
    rows = [[a.title, a.get_kind_display(), a.get_holder_kind_display(), a.holder, a.enterprise.uscc if a.enterprise_id else "",
             _numbers(a), a.get_offer_display(), a.industry_section, a.chain.name if a.chain_id else "", a.keywords,
             a.asking_price if a.asking_price is not None else "", a.listed_on, "是" if a.is_open else "否", a.city.name,
             a.county.name if a.county_id else ""] for a in selectors.achievements_visible_to(request.user)]
    return export(request, achievement_export, what="achievements", headers=ACHIEVEMENT_HEADERS, rows=rows,
                  filename="成果库.xlsx")


@roles(OFFICIALS_AND_ADMIN)
def navigation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.navigation_projects_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "ipfinance/navigation_list.html", {"page_obj": page}, partial="results")


@roles(OFFICIALS)
@require_http_methods(["GET", "POST"])
def navigation_create(request: HttpRequest) -> HttpResponse:
    form = forms.NavigationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        county, report = d.pop("county_code"), d.pop("report_file")
        if attempt(request, lambda: services.navigation_record(actor=request.user, county=county, values=d, report=report),
                   _("已保存。")) is not None:
            return redirect("ipfinance:navigation-list")
    return render(request, "ipfinance/form.html", {"form": form, "title": _("登记专利导航项目"),
                                                   "back": "ipfinance:navigation-list", "multipart": True})


@roles(OFFICIALS_AND_ADMIN)
def navigation_export(request: HttpRequest) -> HttpResponse:
    rows = [[p.name, p.get_kind_display(), p.chain.name if p.chain_id else "", p.subject, p.client, p.provider,
             p.started_on, p.finished_on or "", p.deliverable or p.report_name, p.city.name,
             p.county.name if p.county_id else ""] for p in selectors.navigation_projects_visible_to(request.user)]
    return export(request, navigation_export, what="navigation_projects", headers=NAVIGATION_HEADERS, rows=rows,
                  filename="专利导航项目.xlsx")


@roles(OFFICIALS_AND_ADMIN)
def navigation_report(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(selectors.navigation_projects_visible_to(request.user), pk=pk)
    if not project.report:
        raise Http404(_("该项目未上传成果报告"))
    try:
        handle = project.report.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("文件不存在")) from exc
    return FileResponse(handle, as_attachment=True, filename=project.report_name or "report")
