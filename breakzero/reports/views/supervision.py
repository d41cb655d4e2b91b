"""Supervision tasks: list with filters and xlsx export, create, answer, close and reopen, attachments."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, roles
from breakzero.core.sheets import write_xlsx
from breakzero.core.signals import data_exported
from breakzero.core.views import xlsx_response
from breakzero.regions.models import Region
from breakzero.reports import access, selectors
from breakzero.reports.forms import TaskAnswerForm, TaskCloseForm, TaskFilterForm, TaskForm, TaskReopenForm, default_due_date
from breakzero.reports.models import TaskAttachment
from breakzero.reports.services import supervision as services
from breakzero.reports.views.common import call_service, download

PAGE_SIZE = 25


@roles(OFFICIALS)
def task_list(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    today = timezone.localdate()
    qs = selectors.task_list(user=request.user, filters=selectors.TaskFilters(**form.filters()), today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for task in page:
        task.is_overdue = selectors.is_overdue(task, today)
    context = {"form": form, "page_obj": page, "can_create": bool(_targets(request.user))}
    return render_page(request, "reports/task_list.html", context, partial="results")


@roles(OFFICIALS)
def task_export(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    today = timezone.localdate()
    qs = selectors.task_list(user=request.user, filters=selectors.TaskFilters(**form.filters()), today=today)
    headers, rows = selectors.task_export_rows(tasks=qs, today=today)
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet="督办事项")
    data_exported.send(sender=task_export, request=request, what="supervision_tasks", rows=len(rows))
    return xlsx_response(buffer.getvalue(), f"督办事项-{today:%Y%m%d}.xlsx")


@roles(OFFICIALS)
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest) -> HttpResponse:
    """Prefilled from a link: ?region=CODE&indicator=ID&year=Y (dashboard and bulletins link here)."""
    targets = _targets(request.user)
    code = request.GET.get("region", "")
    if code and code not in {r.code for r in targets}:
        raise Http404(_("地区不存在或不在您的管辖范围内"))
    initial = {"region": code, "indicator": request.GET.get("indicator", ""), "year": request.GET.get("year") or None,
               "due_date": default_due_date(timezone.localdate())}
    if request.GET.get("bulletin", "").isdigit():
        bulletin = selectors.bulletin_get(user=request.user, pk=int(request.GET["bulletin"]))
        initial |= selectors.task_text_from_bulletin(bulletin=bulletin, region_code=code, indicator=initial["indicator"])
    form = TaskForm(request.POST or None, regions=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = next(r for r in targets if r.code == data["region"])
        task = call_service(form, lambda: services.task_create(
            user=request.user, region=region, title=data["title"], description=data["description"],
            due_date=data["due_date"], indicator=data["indicator"], year=data["year"]))
        if task is not None:
            messages.success(request, _("督办事项已发出。"))
            return redirect(task)
    return render_page(request, "reports/task_form.html", {"form": form, "targets": targets}, partial="")


@roles(OFFICIALS)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    return render_page(request, "reports/task_detail.html", _detail_context(request, task), partial="entries")


@roles(OFFICIALS)
@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """answer / close / reopen: errors come back on the detail page with the user's input kept."""
    task = selectors.task_get(user=request.user, pk=pk)
    form_class = {"answer": TaskAnswerForm, "close": TaskCloseForm, "reopen": TaskReopenForm}.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, request.FILES)
    if form.is_valid() and call_service(form, lambda: _run(action, request, task.pk, form.cleaned_data)) is not None:
        messages.success(request, {"answer": _("答复已提交。"), "close": _("已办结。"), "reopen": _("已重新打开。")}[action])
        return redirect(task)
    context = _detail_context(request, task) | {f"{action}_form": form}
    return render_page(request, "reports/task_detail.html", context, partial="entries")


@roles(OFFICIALS)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(TaskAttachment.objects.select_related("entry__task"), pk=pk)
    selectors.task_get(user=request.user, pk=attachment.entry.task_id)  # 404 outside the user's scope
    return download(attachment.file, attachment.original_name)


def _run(action: str, request: HttpRequest, task_id: int, data: dict) -> object:
    if action == "answer":
        return services.task_answer(user=request.user, task_id=task_id, text=data["text"], uploads=data["files"])
    if action == "close":
        return services.task_close(user=request.user, task_id=task_id, comment=data["comment"])
    return services.task_reopen(user=request.user, task_id=task_id, comment=data["comment"], due_date=data["due_date"])


def _detail_context(request: HttpRequest, task: object) -> dict:
    user = request.user
    return {
        "task": task, "entries": task.entries.select_related("author").prefetch_related("attachments"),
        "is_overdue": selectors.is_overdue(task, timezone.localdate()),
        "can_answer": access.can_answer_task(user, task) and task.status != task.Status.CLOSED,
        "can_close": access.can_close_task(user, task), "answer_form": TaskAnswerForm(),
        "close_form": TaskCloseForm(), "reopen_form": TaskReopenForm(),
    }


def _targets(user: object) -> list[Region]:
    """Regions strictly inside the user's own: province → cities and counties, city → its counties."""
    own = access.own_region(user)
    if own is None or own.is_county:
        return []
    qs = Region.objects.exclude(code=own.code)
    if own.is_prefecture:
        qs = qs.filter(city_code=own.code, level=Region.Level.COUNTY)
    return list(qs.order_by("city_code", "code"))
