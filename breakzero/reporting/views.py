"""Reporting pages: the enterprise's form, the county's review, completeness, rules and windows."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakzero.accounts.access import governed_region
from breakzero.accounts.models import Role, User
from breakzero.core.errors import DomainError
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, public, roles
from breakzero.core.sheets import SheetError, write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.regions.models import Region
from breakzero.reporting import access, onboarding, quality, selectors, services, sheets
from breakzero.reporting.forms import (
    DataFieldForm, DataSetForm, MemberForm, RegistrationForm, ReportForm, RuleForm, WindowForm,
)
from breakzero.reporting.models import (
    CorrectionRequest, DataField, DataSet, EnterpriseRegistration, ReportingWindow, Submission, ValidationRule,
)
from breakzero.reporting.templatetags.reporting_tags import reporting_completeness
from breakzero.rules.report_checks import describe

REPORTERS = (*OFFICIALS, Role.ENTERPRISE)
COMPLETENESS_HEADERS = ["地区", "应报", "已报", "按时", "已通过", "已退回", "未报", "上报率%", "及时率%", "通过率%"]


@roles(REPORTERS)
def home(request: HttpRequest) -> HttpResponse:
    """Enterprises: open windows and their own reports. Officials: windows with completeness links."""
    windows = list(selectors.open_windows(timezone.localdate()))
    mine = {}
    if request.user.role == Role.ENTERPRISE:
        mine = {s.window_id: s for s in access.submissions_visible_to(request.user).filter(window__in=windows)}
    return render(request, "reporting/home.html", {
        "windows": [(w, mine.get(w.pk)) for w in windows], "datasets": DataSet.objects.all(),
        "can_configure": access.can_configure(request.user),
        "can_manage_members": onboarding.is_enterprise_admin(request.user),  # no link that would 404
    })


@roles(REPORTERS)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The form built from the data set's fields; soft-rule questions come back as explanation boxes."""
    window = selectors.window_with_dataset(pk)
    if window is None:
        raise Http404
    enterprise = _reporting_enterprise(request)
    fields = selectors.fields_of(window.dataset)
    sub = Submission.objects.filter(window=window, enterprise=enterprise).first()
    questions = sub.questions if sub else []
    data = _uploaded(request, fields) if request.FILES.get("file") else request.POST or None
    form = ReportForm(data, fields=fields, questions=questions, initial=sub.values if sub else None)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(sheets.report_template(fields), f"{window.dataset.name}{window.period}填报模板.xlsx")
    if request.method == "POST" and not request.FILES.get("file"):
        try:
            values = services.parse_values(fields, form.raw_values(fields))
            services.submission_save(actor=request.user, window=window, enterprise=enterprise, values=values,
                                     explanations=form.explanations(), submit="submit" in request.POST)
        except services.ExplanationNeeded as exc:
            form = ReportForm(request.POST, fields=fields, questions=exc.questions)
            form.is_valid()
            form.add_error(None, exc.message)
        except (ValidationError, DomainError) as exc:
            form.is_valid()
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("已提交，等待所在县市区审核。") if "submit" in request.POST else _("草稿已保存。"))
            return redirect(f"{request.path}?enterprise={enterprise.pk}" if request.user.is_official else request.path)
    return render_page(request, "reporting/report_form.html",
                       {"window": window, "enterprise": enterprise, "form": form, "submission": sub}, partial="form")


@roles(OFFICIALS)
def review_list(request: HttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(ReportingWindow.objects.select_related("dataset"), pk=pk)
    status = request.GET.get("status") or Submission.Status.SUBMITTED
    subs = (access.submissions_visible_to(request.user).filter(window=window, status=status)
            .select_related("enterprise", "enterprise__county").order_by("-is_late", "submitted_at")[:500])
    return render_page(request, "reporting/review_list.html", {
        "window": window, "submissions": subs, "status": status, "statuses": Submission.Status.choices,
    }, partial="results")


@roles(REPORTERS)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(access.submissions_visible_to(request.user).select_related("window__dataset", "enterprise"), pk=pk)
    fields = selectors.fields_of(sub.window.dataset)
    return render(request, "reporting/submission_detail.html", {
        "sub": sub, "rows": [(f, sub.values.get(f.code)) for f in fields], "events": sub.events.select_related("actor"),
        "can_review": access.can_review(request.user, sub.enterprise) and sub.status == Submission.Status.SUBMITTED,
        "can_correct": sub.status == Submission.Status.ACCEPTED and request.user.is_official,
        "corrections": sub.corrections.all(),
    })


@roles(Role.COUNTY_OFFICIAL, Role.CITY_OFFICIAL)
@require_POST
def submission_review(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(access.submissions_visible_to(request.user), pk=pk)
    try:
        if request.POST.get("action") == "accept":
            services.submission_accept(actor=request.user, submission=sub)
            messages.success(request, _("已审核通过，数据已写入企业年度数据。"))
        else:
            services.submission_return(actor=request.user, submission=sub, reason=request.POST.get("reason", ""))
            messages.success(request, _("已退回企业修改。"))
    except (ValidationError, DomainError) as exc:
        messages.error(request, _message(exc))
    return redirect("reporting:submission-detail", pk=sub.pk)


@roles(Role.COUNTY_OFFICIAL, Role.CITY_OFFICIAL)
@require_POST
def correction_create(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(access.submissions_visible_to(request.user).select_related("window__dataset"), pk=pk)
    fields = selectors.fields_of(sub.window.dataset)
    try:
        values = services.parse_values(fields, {f.code: request.POST.get(f.code, sub.values.get(f.code)) for f in fields})
        services.correction_request(actor=request.user, submission=sub, values=values, reason=request.POST.get("reason", ""))
        messages.success(request, _("更正申请已提交上一级审批。"))
    except (ValidationError, DomainError) as exc:
        messages.error(request, _message(exc))
    return redirect("reporting:submission-detail", pk=sub.pk)


@roles(Role.CITY_OFFICIAL, Role.PROVINCE_OFFICIAL)
@require_POST
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    visible = access.submissions_visible_to(request.user)
    correction = get_object_or_404(CorrectionRequest.objects.filter(submission__in=visible), pk=pk)
    try:
        services.correction_decide(actor=request.user, correction=correction, approve=request.POST.get("action") == "approve")
        messages.success(request, _("已处理更正申请。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:submission-detail", pk=correction.submission_id)


@roles(Role.COUNTY_OFFICIAL)
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(ReportingWindow, pk=pk)
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=request.POST.get("enterprise"))
    try:
        until = dt.date.fromisoformat(request.POST.get("until", ""))
        services.submission_reopen(actor=request.user, window=window, enterprise=enterprise, until=until,
                                   reason=request.POST.get("reason", ""))
        messages.success(request, _("已为该企业重新开放填报。"))
    except ValueError:
        messages.error(request, _("请填写补报截止日期。"))
    except (ValidationError, DomainError) as exc:
        messages.error(request, _message(exc))
    return redirect("reporting:completeness", pk=window.pk)


@roles(OFFICIALS)
def completeness(request: HttpRequest, pk: int) -> HttpResponse:
    """Expected, submitted, on time, accepted, returned, missing per sub-region, ranked by timeliness."""
    window = get_object_or_404(ReportingWindow.objects.select_related("dataset"), pk=pk)
    region = _region(request)
    rows = selectors.completeness(window, region)
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, COMPLETENESS_HEADERS, [[r["name"], *[r[k] for k in selectors.COMPLETENESS_KEYS],
                   r["submitted_rate"], r["on_time_rate"], r["accepted_rate"]] for r in rows], sheet="填报及时率")
        data_exported.send(sender=completeness, request=request, what="reporting_completeness", rows=len(rows))
        return xlsx_response(buffer.getvalue(), f"{region.name}{window.period}{window.dataset.name}填报情况.xlsx")
    lock_regions = [r for r in (request.user.region,) if r is not None and access.can_lock(request.user, r)]
    return render_page(request, "reporting/completeness.html", {
        "window": window, "region": region, "rows": rows, "total": selectors.completeness_total(rows),
        "lock_regions": lock_regions, "locked": set(window.locks.values_list("region_id", flat=True)),
    }, partial="results")


@roles(OFFICIALS)
def completeness_line(request: HttpRequest) -> HttpResponse:
    """A fragment the progress dashboard loads: accepted / pending / missing for the year's reports."""
    return render(request, "reporting/completeness_line.html",
                  reporting_completeness(_region(request), request.GET.get("year")))


@roles(OFFICIALS)
def data_quality(request: HttpRequest, pk: int) -> HttpResponse:
    """Outliers flagged by soft rules, R&D contradicting declarations, patents but no report."""
    window = get_object_or_404(ReportingWindow.objects.select_related("dataset"), pk=pk)
    region = _region(request)
    return render(request, "reporting/data_quality.html",
                  {"window": window, "region": region, **quality.data_quality(window, region)})


@roles(Role.COUNTY_OFFICIAL, Role.CITY_OFFICIAL)
@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(ReportingWindow, pk=pk)
    try:
        services.period_lock(actor=request.user, window=window, region=request.user.region)
        messages.success(request, _("已锁定本地区该报告期。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:completeness", pk=window.pk)


@roles(Role.PROVINCE_OFFICIAL)
def rule_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The province edits a data set's validation rules (stored as data, no code)."""
    dataset = get_object_or_404(DataSet, pk=pk)
    rule = get_object_or_404(ValidationRule, dataset=dataset, pk=request.GET["edit"]) if request.GET.get("edit") else None
    labels = {f.code: f.label for f in selectors.fields_of(dataset)}
    form = RuleForm(request.POST or None, instance=rule or ValidationRule(dataset=dataset), field_labels=labels)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("审核规则已保存。"))
        return redirect("reporting:rule-list", pk=dataset.pk)
    rules = [(r, describe(selectors.as_check(r), labels)) for r in dataset.rules.order_by("code")]
    return render(request, "reporting/rules.html", {"dataset": dataset, "rules": rules, "form": form})


@roles(Role.PROVINCE_OFFICIAL)
def field_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The province adds fields to a data set without code (number, amount, percentage, choice, text)."""
    dataset = get_object_or_404(DataSet, pk=pk)
    form = DataFieldForm(request.POST or None, instance=DataField(dataset=dataset))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("数据项已添加。"))
        return redirect("reporting:field-list", pk=dataset.pk)
    rows = [(f, selectors.year_field_label(f.year_field)) for f in dataset.fields.all()]
    return render(request, "reporting/fields.html", {"dataset": dataset, "rows": rows, "form": form})


@roles(Role.PROVINCE_OFFICIAL)
def dataset_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The province adds a data set (e.g. a quarterly one) or edits one: period type and who reports."""
    dataset = get_object_or_404(DataSet, pk=pk) if pk else DataSet()
    form = DataSetForm(request.POST or None, instance=dataset)
    if request.method == "POST" and form.is_valid():
        dataset = form.save()
        messages.success(request, _("数据集已保存，请添加数据项和审核规则。"))
        return redirect("reporting:field-list", pk=dataset.pk)
    return render(request, "reporting/dataset_form.html", {"dataset": dataset, "form": form})


@roles(Role.PROVINCE_OFFICIAL)
def window_create(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = get_object_or_404(DataSet, pk=pk)
    form = WindowForm(request.POST or None, instance=ReportingWindow(dataset=dataset))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("填报期已设立。"))
        return redirect("reporting:home")
    return render(request, "reporting/window_form.html", {"dataset": dataset, "form": form})


def _uploaded(request: HttpRequest, fields: list) -> dict | None:
    """An uploaded filled template becomes the form's data, shown for checking before submitting."""
    try:
        row = sheets.report_read(request.FILES["file"], fields)
    except SheetError as exc:
        messages.error(request, str(exc))
        return None
    messages.info(request, _("已读取上传的文件，请核对后保存或提交。"))
    return row


def _reporting_enterprise(request: HttpRequest):
    if request.user.role == Role.ENTERPRISE:
        if request.user.enterprise is None:
            raise Http404
        return request.user.enterprise
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=request.GET.get("enterprise") or 0)
    if not access.can_report(request.user, enterprise):
        raise Http404
    return enterprise


def _region(request: HttpRequest) -> Region:
    own = governed_region(request.user)
    code = request.GET.get("region")
    if not code:
        return own
    region = get_object_or_404(Region, code=code)
    from breakzero.accounts.access import governs_region

    if not governs_region(request.user, region):
        raise Http404
    return region


def _errors_to_form(form: ReportForm, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, _message(exc))


def _message(exc: Exception) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else getattr(exc, "message", str(exc))


@public
def register(request: HttpRequest) -> HttpResponse:
    """Self-registration: USCC, name, contact; the county confirms the account."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding.registration_create(**form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return render(request, "reporting/register_done.html", {})
    return render(request, "reporting/register.html", {"form": form})


@roles(Role.COUNTY_OFFICIAL)
def registration_list(request: HttpRequest) -> HttpResponse:
    """The county's pending registrations: confirm or refuse with a reason."""
    pending = EnterpriseRegistration.objects.filter(county_id=request.user.region_id)
    if request.method == "POST":
        registration = get_object_or_404(pending, pk=request.POST.get("registration") or 0)
        try:
            onboarding.registration_decide(actor=request.user, registration=registration,
                                           approve=request.POST.get("action") == "confirm",
                                           reason=request.POST.get("reason", ""))
            messages.success(request, _("已处理注册申请。"))
        except (ValidationError, DomainError) as exc:
            messages.error(request, _message(exc))
        return redirect("reporting:registration-list")
    return render(request, "reporting/registrations.html",
                  {"registrations": pending.filter(status=EnterpriseRegistration.Status.PENDING)})


@roles(Role.ENTERPRISE)
def members(request: HttpRequest) -> HttpResponse:
    """The enterprise administrator adds colleagues and deactivates them."""
    if not onboarding.is_enterprise_admin(request.user):
        raise Http404
    colleagues = User.objects.filter(enterprise_id=request.user.enterprise_id).order_by("username")
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("deactivate"):
                onboarding.member_deactivate(actor=request.user, user=get_object_or_404(colleagues, pk=request.POST["deactivate"]))
                messages.success(request, _("已停用该用户，其登录和令牌均已失效。"))
                return redirect("reporting:members")
            if form.is_valid():
                onboarding.member_add(actor=request.user, **form.cleaned_data)
                messages.success(request, _("已添加用户，首次登录须修改密码。"))
                return redirect("reporting:members")
        except (ValidationError, DomainError) as exc:
            _errors_to_form(form, exc)
    return render(request, "reporting/members.html", {"colleagues": colleagues, "form": form})
