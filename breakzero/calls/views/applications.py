"""Applications: the review list of a call (per level, ranked), apply with prefilled data, detail and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.accounts.models import Role
from breakzero.calls import forms, selectors, services
from breakzero.calls.access import can_apply
from breakzero.calls.models import Application
from breakzero.calls.registry import review_panel_html
from breakzero.calls.views._common import PAGE_SIZE, VIEWERS, attempt, export
from breakzero.calls.workflow import ACTION_LABELS
from breakzero.core.htmx import render_page
from breakzero.core.permissions import roles

__all__ = ["application_list", "application_export", "application_apply", "application_detail", "application_edit",
           "application_decide"]


@roles(VIEWERS)
def application_list(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    form = forms.ApplicationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.application_list(user=request.user, call=call, state=data.get("state", ""),
                                    todo=data.get("todo", False), query=data.get("q", ""))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "calls/application_list.html", {"call": call, "form": form, "page_obj": page},
                       partial="results")


@roles(Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL)
def application_export(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    qs = selectors.application_list(user=request.user, call=call, state=request.GET.get("state", ""))
    headers = ["序号", "统一社会信用代码", "企业名称（申报主体）", "市州", "区县", "状态", "条件核验", "本级排序", "专家评分", "评分离群"]
    rows = [[i, a.enterprise.uscc if a.enterprise_id else "", a.applicant, a.city.name if a.city else "", a.county.name if a.county else "",
             a.get_state_display(), {True: "符合", False: "不符合", None: "待核实"}[a.eligibility_passed],
             a.level_rank or "", a.score if a.score is not None else "", "是" if a.score_flagged else ""]
            for i, a in enumerate(qs.iterator(chunk_size=2000), start=1)]
    return export(request, application_export, what="calls_applications", headers=headers, rows=rows,
                  filename=f"申报清单-{call.document_number}.xlsx")


@roles(Role.ENTERPRISE)
@require_http_methods(["GET", "POST"])
def application_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a call: a draft is created with the platform's data prefilled and the rules evaluated."""
    call = selectors.call_get(user=request.user, pk=pk)
    if not can_apply(request.user):
        raise Http404
    existing = Application.objects.filter(call=call, enterprise_id=request.user.enterprise_id).first()
    if existing is not None:
        return redirect(existing)
    if request.method == "POST":
        application = attempt(request, lambda: services.application_create(
            call=call, enterprise=request.user.enterprise, actor=request.user), _("已生成申报草稿，请核对预填数据。"))
        return redirect(application or call)
    return render(request, "calls/application_apply.html", {"call": call})


@roles(VIEWERS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    actions = services.engine_actions(application=application, user=request.user)
    form = None
    if "submit" in actions:
        form = forms.application_form_class(application.call.form_fields)(initial=application.form_data)
    labels = {f["key"]: f["label"] for f in application.call.form_fields}
    context = {
        "application": application, "call": application.call, "form": form,
        "actions": [(a, ACTION_LABELS[a]) for a in actions if a != "submit"], "can_submit": "submit" in actions,
        "can_rank": "recommend" in actions,
        "fields": [(labels.get(k, k), v, k in application.prefilled) for k, v in application.form_data.items()],
        "steps": application.transitions.select_related("actor"), "decision_form": forms.DecisionForm(),
        "is_expert": request.user.role == Role.EXPERT,
        "programme_panel": "" if request.user.role == Role.EXPERT else review_panel_html(application, request.user),
    }
    return render_page(request, "calls/application_detail.html", context, partial="flow")


@roles(Role.ENTERPRISE)
@require_POST
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the form and, when asked, submit it (the enterprise's only writes)."""
    application = selectors.application_get(user=request.user, pk=pk)
    form = forms.application_form_class(application.call.form_fields)(request.POST)
    if not form.is_valid():
        errors = "；".join(f"{form.fields[k].label}：{' '.join(v)}" for k, v in form.errors.items() if k in form.fields)
        messages.error(request, errors or _("请检查填写内容。"))
        return redirect(application)
    data = forms.form_data_json(form.cleaned_data)

    def save_and_maybe_submit() -> Application:
        saved = services.application_update(application=application, actor=request.user, form_data=data)
        if request.POST.get("submit"):
            return services.application_submit(application=saved, actor=request.user)
        return saved

    attempt(request, save_and_maybe_submit, _("已提交申报。") if request.POST.get("submit") else _("已保存。"))
    return redirect(application)


@roles(VIEWERS)
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作无效。"))
        return redirect(application)
    data = form.cleaned_data
    attempt(request, lambda: services.application_decide_on_engine(application=application, actor=request.user,
                                                         action=data["action"], reason=data["reason"], rank=data["rank"]),
            _("已办理：%(action)s。") % {"action": ACTION_LABELS[data["action"]]})
    return redirect(application)
