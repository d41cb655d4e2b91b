"""Review pages of the special funds: credit records the call check reads, the city's 工信/财政
opinions on fund applications, service vouchers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import roles
from breakzero.funds import access, selectors, services, sheets
from breakzero.funds.models import CreditRecord
from breakzero.funds.services.projects import OPEN_AT_CITY
from breakzero.funds.views.common import READERS, STAFF, _attempt, _date, _export, _int


@roles(STAFF)
def credit_list(request: HttpRequest) -> HttpResponse:
    """Credit records the call check reads (exclusion 4 of the 2022 call, programme-rules-2.md §6.2):
    "信用湖南" blacklisting and serious bad-credit records, kept by the province; and the bans after a
    clawback, of enterprises and of service bodies. Each region reads its own (page, xlsx; ?list=bans)."""
    if request.method == "POST" and _credit_post(request) is not None:
        return redirect(request.get_full_path())
    records, bans = selectors.credit_records_for(request.user), selectors.bans_for(request.user)
    if request.GET.get("format") == "xlsx" and request.GET.get("list") == "bans":
        return _export(request, "funds.bans", sheets.BAN_HEADERS, sheets.ban_rows(bans[:5000]), "禁止申报名单.xlsx")
    if request.GET.get("format") == "xlsx":
        return _export(request, "funds.credit", sheets.CREDIT_HEADERS, sheets.credit_rows(records[:5000]), "信用记录.xlsx")
    return render_page(request, "funds/credit_list.html", {
        "records": records[:500], "bans": bans[:500], "kinds": CreditRecord.Kind.choices,
        "can_manage": access.can_manage_budget(request.user), "today": timezone.localdate()})


def _credit_post(request: HttpRequest) -> Any:
    from breakzero.enterprises.selectors import enterprise_by_uscc

    post, user = request.POST, request.user
    if post.get("action") == "remove":
        record = get_object_or_404(selectors.credit_records_for(user), pk=_int(post.get("record")))
        return _attempt(request, lambda: services.credit_record_remove(actor=user, record=record,
                                                                        removed_on=_date(post.get("removed_on"))),
                        _("已登记移出日期。"))

    def add() -> Any:
        enterprise = enterprise_by_uscc(user=user, text=post.get("enterprise", ""))
        if enterprise is None:
            raise DomainError(_("未找到该企业（请填写统一社会信用代码或企业全称）。"))
        return services.credit_record_add(actor=user, enterprise=enterprise, kind=post.get("kind", ""),
                                          listed_on=_date(post.get("listed_on")), source=post.get("source", ""))
    return _attempt(request, add, _("信用记录已登记，下一次资格核验即按此排除。"))


@roles(Role.CITY_OFFICIAL, Role.FINANCE)
def city_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """A city official's 工信 or city finance's 财政 opinion on a fund application of their city."""
    from breakzero.calls.models import Application

    application = Application.objects.filter(pk=pk, city_id=request.user.region_id, call__fund_call__isnull=False).first()
    if application is None or request.method != "POST":
        raise Http404
    _attempt(request, lambda: services.city_opinion_give(actor=request.user, application=application,
                                                         agrees=request.POST.get("agrees") == "1",
                                                         opinion=request.POST.get("opinion", "")), _("审核意见已保存。"))
    return redirect("funds:opinions", pk=application.pk)


@roles(STAFF)
def opinions(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.fund_applications_for(request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    department = access.city_department(request.user, application)
    if department == "finance" and application.state not in OPEN_AT_CITY:
        department = None  # the city has decided: the joint opinion is fixed
    return render_page(request, "funds/opinions.html", {
        "application": application, "opinions": application.fund_opinions.select_related("given_by"),
        "department": department})


@roles(STAFF)
def opinion_list(request: HttpRequest) -> HttpResponse:
    """Fund applications with the city's 工信 decision and 财政 opinion (?pending=1: no 财政 opinion yet)."""
    applications = selectors.fund_applications_for(request.user)
    if request.GET.get("pending") == "1":
        applications = applications.exclude(fund_opinions__department="finance")
    rows = [(a, {o.department: o for o in a.fund_opinions.all()}) for a in applications[:1000]]
    if request.GET.get("format") == "xlsx":
        return _export(request, "funds.opinions", sheets.OPINION_HEADERS, sheets.opinion_rows(rows), "市州审核意见.xlsx")
    return render_page(request, "funds/opinion_list.html", {"rows": rows, "pending": request.GET.get("pending") == "1"})


@roles(READERS)
def voucher_list(request: HttpRequest) -> HttpResponse:
    """Service vouchers (服务券): issued by the province, redeemed by a service body against a recorded
    service (the body's voucher project is then paid like any other); list scoped, xlsx export."""
    user = request.user
    if request.method == "POST" and _voucher_post(request) is not None:
        return redirect(request.get_full_path())
    vouchers = selectors.vouchers_for(user)
    if request.GET.get("format") == "xlsx":
        return _export(request, "funds.vouchers", sheets.VOUCHER_HEADERS, sheets.voucher_rows(vouchers[:5000]), "服务券.xlsx")
    code = request.GET.get("code", "")
    voucher, records = selectors.voucher_to_redeem(user=user, code=code)
    return render_page(request, "funds/voucher_list.html", {
        "vouchers": vouchers[:500], "can_issue": access.can_manage_budget(user), "funds": selectors.funds_visible(user),
        "is_body": user.role == Role.SERVICE_BODY, "code": code, "voucher": voucher, "records": records,
        "year": timezone.localdate().year})


def _voucher_post(request: HttpRequest) -> Any:
    """The issued or redeemed voucher; None on a refused input (the page is shown again with what was typed)."""
    from breakzero.enterprises.models import Enterprise
    from breakzero.service_bodies.models import ServiceRecord

    post, user = request.POST, request.user
    if post.get("action") == "issue":
        def issue() -> Any:
            fund = selectors.funds_visible(user).filter(pk=_int(post.get("fund"))).first()
            enterprise = Enterprise.objects.filter(uscc=post.get("uscc", "").strip().upper()).first()
            if fund is None or enterprise is None:
                raise DomainError(_("请选择资金并填写已登记企业的统一社会信用代码。"))
            return services.voucher_issue(actor=user, fund=fund, year=_int(post.get("year")) or 0, enterprise=enterprise,
                                          face_value=post.get("face_value", ""), issued_on=_date(post.get("issued_on")),
                                          expires_on=_date(post.get("expires_on")))
        return _attempt(request, issue, _("服务券已发放。"))
    if post.get("action") == "redeem":
        def redeem() -> Any:
            voucher, records = selectors.voucher_to_redeem(user=user, code=post.get("code", ""))
            record = records.filter(pk=_int(post.get("record"))).first() if voucher else None
            if voucher is None or record is None:
                raise DomainError(_("券号无效或已兑付，或未选择本机构为该企业登记的服务记录。"))
            return services.voucher_redeem(actor=user, voucher=voucher, service_record=ServiceRecord.objects.get(pk=record.pk))
        return _attempt(request, redeem, _("服务券已兑付，已生成本机构的服务券资金项目。"))
    raise Http404
