"""Public pages (no login): the 公示 notice with its objection form, objection status, the published list.

They show only what a public notice shows: enterprise name, region, programme, batch, dates and
the objection channel — never figures, scores or comments.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakzero.accounts.models import Role
from breakzero.calls import forms, selectors, services
from breakzero.calls.models import Application, Call, Objection, State
from breakzero.calls.views._common import attempt, export
from breakzero.core.errors import DomainError
from breakzero.core.permissions import public, roles

__all__ = ["notice", "notice_objection", "objection_status", "published", "published_export", "call_publicity",
           "call_publish", "objection_resolve"]
NOTICE_STATUSES = (Call.Status.PUBLICITY, Call.Status.PUBLISHED)


@public
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.public_call_get(pk=pk, statuses=NOTICE_STATUSES)
    rows = selectors.public_list(call=call, state=State.PUBLICITY)[:2000] if call.status == Call.Status.PUBLICITY else []
    context = {"call": call, "rows": rows, "form": forms.ObjectionForm(), "reference": request.GET.get("ref", "")}
    return render(request, "calls/public_notice.html", context)


@public
@require_POST
def notice_objection(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.public_call_get(pk=pk, statuses=(Call.Status.PUBLICITY,))
    form = forms.ObjectionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请完整填写实名、联系方式和异议理由。"))
        return redirect("calls:notice", pk=call.pk)
    data = form.cleaned_data
    application = get_object_or_404(Application, call=call, pk=data["application"], state=State.PUBLICITY)
    try:
        objection = services.objection_file(application=application, name=data["name"], contact=data["contact"],
                                            reason=data["reason"], attachment=data["attachment"],
                                            client_ip=request.META.get("REMOTE_ADDR"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("calls:notice", pk=call.pk)
    messages.success(request, _("异议已受理，受理编号 %(ref)s，请凭编号和联系方式查询处理结果。") % {"ref": objection.reference})
    return redirect(f"{reverse('calls:notice', args=[call.pk])}?ref={objection.reference}")


@public
def objection_status(request: HttpRequest) -> HttpResponse:
    form = forms.ObjectionLookupForm(request.GET or None)
    objection = None
    if form.is_valid():
        objection = selectors.objection_lookup(**form.cleaned_data)
        if objection is None:
            form.add_error(None, _("未找到该受理编号，或联系方式不一致。"))
    return render(request, "calls/objection_status.html", {"form": form, "objection": objection})


@public
def published(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.public_call_get(pk=pk, statuses=(Call.Status.PUBLISHED,))
    rows = selectors.public_list(call=call, state=State.PUBLISHED)[:5000]
    return render(request, "calls/public_published.html", {"call": call, "rows": rows})


@public
def published_export(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.public_call_get(pk=pk, statuses=NOTICE_STATUSES)
    state = State.PUBLISHED if call.status == Call.Status.PUBLISHED else State.PUBLICITY
    headers, rows = selectors.public_export_rows(call=call, state=state)
    label = "公布名单" if state == State.PUBLISHED else "公示名单"
    return export(request, published_export, what="calls_public_list", headers=headers, rows=rows,
                  filename=f"{label}-{call.document_number}.xlsx")


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def call_publicity(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    attempt(request, lambda: services.call_publicity_start(call=call, actor=request.user), _("名单已进入公示。"))
    return redirect(call)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写发布文号。"))
        return redirect(call)
    attempt(request, lambda: services.call_publish(call=call, actor=request.user, **form.cleaned_data),
            _("名单已发布。"))
    return redirect(call)


@roles(Role.PROVINCE_OFFICIAL)
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("call"), pk=pk)
    form = forms.ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写处理结论和处理情况。"))
    else:
        attempt(request, lambda: services.objection_resolve(objection=objection, actor=request.user, **form.cleaned_data),
                _("异议已处理。"))
    return redirect(objection.call)


