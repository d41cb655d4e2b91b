"""Home page and the generic import pages (upload → preview → confirm → progress)."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakzero.core import figures, imports, nav, todo
from breakzero.core.errors import DomainError
from breakzero.core.forms import ConfirmImportForm, UploadForm
from breakzero.core.htmx import render_page
from breakzero.core.models import ImportJob
from breakzero.core.permissions import any_user
from breakzero.core.tasks import import_apply_task, import_validate_task



@any_user
def home(request: HttpRequest) -> HttpResponse:
    """What the user has to do now (every registered to-do source), the figures the role
    watches, and tiles for the pages the role can open."""
    items = todo.items_for(request.user)
    todo.remember_count(request.user, items)
    context = {
        "items": items, "figures": figures.figures_for(request.user),
        "tiles": nav.links_for(request.user, tiles_only=True),
    }  # fmt: skip
    return render(request, "core/home.html", context)


@any_user
def help_page(request: HttpRequest) -> HttpResponse:
    """The old address of the manual: it now lives in the manual app (one manual per role)."""
    return redirect("manual:index")


@any_user
def todo_badge(request: HttpRequest) -> HttpResponse:
    """The header badge, loaded after the page when the user's count was not cached."""
    return render(request, "partials/todo_badge.html", {"open_items": todo.open_count(request.user)})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the navigation (Django's default renders it without the request);
    falls back to a plain page if rendering itself fails."""
    try:
        return render(request, "500.html", {}, status=500)
    except Exception:  # noqa: BLE001 - the error page must not fail
        return HttpResponseServerError("<h1>系统出错</h1><p><a href='/'>返回首页</a></p>")


@any_user
def import_history(request: HttpRequest) -> HttpResponse:
    """The user's own imports (every kind), newest first; `?status=` narrows them."""
    jobs = ImportJob.objects.filter(created_by=request.user)
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status in ImportJob.Status.values:
        jobs = jobs.filter(status=status)
    if kind:
        jobs = jobs.filter(kind=kind)
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    titles = {importer.kind: importer.title for importer in imports.importers()}
    rows = [(job, titles.get(job.kind, job.kind)) for job in page]
    context = {"page_obj": page, "rows": rows, "status": status, "statuses": ImportJob.Status.choices}
    return render(request, "core/import_history.html", context)


@any_user
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer_or_404(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_job_create(kind=kind, user=request.user, upload=form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            _validate(job)
            return redirect(job)
    jobs = ImportJob.objects.filter(kind=kind, created_by=request.user)[:10]
    context = {"importer": importer, "form": form, "jobs": jobs, "max_mb": settings.UPLOAD_MAX_BYTES // 1048576}
    return render(request, "core/import_upload.html", context)


@any_user
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer_or_404(request, kind)
    return xlsx_response(imports.template_xlsx(importer), f"{importer.title}导入模板.xlsx")


@any_user
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job_or_404(request, pk)
    context = {"job": job, "importer": imports.get_importer(job.kind), "form": ConfirmImportForm()}
    return render_page(request, "core/import_detail.html", context, partial="status")


@any_user
@require_POST
def import_confirm(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job_or_404(request, pk)
    form = ConfirmImportForm(request.POST)
    skip = form.is_valid() and form.cleaned_data["skip_invalid"]
    if job.rejected_count and not skip:
        messages.error(request, _("文件中有错误行。请修正后重新上传，或勾选“跳过错误行”。"))
        return redirect(job)
    if job.status != ImportJob.Status.PREVIEW:
        messages.error(request, _("该导入当前不能确认。"))
        return redirect(job)
    # Never parsed in the request: a small file can still expand to a lot (core.workbook_guard).
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, skip_invalid=skip, processed_rows=0, updated_at=timezone.now()
    )
    import_apply_task.enqueue(str(job.pk), skip)
    return redirect(job)


@any_user
def import_errors(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job_or_404(request, pk)
    return xlsx_response(imports.rejected_rows_xlsx(job), error_file_name(job.original_name))


def error_file_name(original_name: str) -> str:
    """`名单.xlsx` → `名单-错误行.xlsx` (the upload's own name without its extension)."""
    stem = PurePath(original_name).stem or "导入"
    return f"{stem}-错误行.xlsx"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _validate(job: ImportJob) -> None:
    """Validation runs in the background job, whatever the file's size: the request only
    stores it (a 26 KB workbook can expand to gigabytes; core.workbook_guard bounds it there)."""
    import_validate_task.enqueue(str(job.pk))


def _importer_or_404(request: HttpRequest, kind: str) -> imports.Importer:
    try:
        importer = imports.get_importer(kind)
    except DomainError as exc:
        raise Http404 from exc
    if not importer.can_import(request.user):
        raise Http404
    return importer


def _job_or_404(request: HttpRequest, pk: str) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user)
