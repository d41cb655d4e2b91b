"""IP-finance pages: transfers and licences, pledge loans with the pool's exposure per bank and year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakzero.accounts.models import Role
from breakzero.calls.views._common import PAGE_SIZE, attempt, export
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, OFFICIALS_AND_ADMIN, roles
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
