"""Bulk-import framework shared by every app: registry, validation preview, application.

An app defines an `Importer` (columns + a `run` that streams rows into staging tables
and, when asked, upserts them) and registers it in its AppConfig.ready(). This module
owns the job life cycle: validate → preview (counts + row errors) → apply (all rows,
or the good ones when the user chose to skip bad rows) → downloadable error report.

Crash safety: rows are parsed and staged outside the target tables; the write to the
target tables happens in one transaction, so a killed worker leaves them as they were.
A web job's apply step may reuse its validation's parse (core.import_reuse); its page shows
the running statement (core.import_progress) and then its follow-ups (core.import_followups).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from breakzero.core import import_reuse, kept_rows, locks
from breakzero.core.bulk import ChangeCounts
from breakzero.core.errors import DomainError
from breakzero.core.hooks import followups_of
from breakzero.core.import_followups import followups_none, followups_queued, followups_waiting
from breakzero.core.import_progress import ProgressReporter, backend_pid
from breakzero.core.import_scope import NOT_FOUND_IN_SCOPE, OUTSIDE_SCOPE, WriteScope
from breakzero.core.models import ImportJob
from breakzero.core.sheets import (
    Column,
    ReadLimits,
    RowError,
    SheetError,
    SheetRows,
    cell_text,
    open_sheet,
    write_xlsx,
)

__all__ = ["NOT_FOUND_IN_SCOPE", "OUTSIDE_SCOPE", "ProgressReporter", "WriteScope"]  # re-exported: one import for importers
logger = logging.getLogger(__name__)
MAX_STORED_REJECTS = 100_000
FAILED_UNEXPECTEDLY = "导入失败：处理文件时发生意外错误（已记录，请联系系统管理员）。"
PROGRESS_EVERY = 5000


@dataclass
class Rejected:
    """A rejected row with every problem found in it and the row's original values."""

    row: int
    errors: list[RowError]
    values: dict[str, Any]

    @property
    def reason(self) -> str:
        return "；".join(f"{e.column}：{e.reason}" if e.column else e.reason for e in self.errors)


@dataclass
class ImportOutcome:
    counts: ChangeCounts = field(default_factory=ChangeCounts)
    rejected: list[Rejected] = field(default_factory=list)
    total_rows: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    applied: bool = False

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def line(self) -> str:
        """The last line every import command prints (an interface other systems parse)."""
        c = self.counts
        return f"created={c.created} updated={c.updated} unchanged={c.unchanged} rejected={self.rejected_count}"


class Progress(Protocol):
    def __call__(self, processed: int) -> None: ...


class Importer(Protocol):
    kind: str
    title: str
    columns: tuple[Column, ...]
    example_rows: tuple[tuple[Any, ...], ...]
    # Which region a row belongs to, checked against the WriteScope (e.g. "企业所在区县");
    # register() refuses an importer without it, and tests run every importer out of scope.
    scoped_by: str

    def can_import(self, user: Any) -> bool: ...

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        """Validate every row; when `apply` (and no errors, or `skip_invalid`) write them.

        A row outside `scope` is rejected (OUTSIDE_SCOPE / NOT_FOUND_IN_SCOPE) and nothing is
        written for it; a blank cell never erases a stored value."""
        ...

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        """Follow-up work (recomputations): enqueue a task, or run it now from the shell."""
        ...


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    """Add an importer; one that does not say how it scopes its rows is refused."""
    if not str(getattr(importer, "scoped_by", "") or "").strip():
        raise ImproperlyConfigured(f"Importer {importer.kind!r} must declare `scoped_by` (see core.import_scope).")
    _REGISTRY[importer.kind] = importer


def get_importer(kind: str) -> Importer:
    try:
        return _REGISTRY[kind]
    except KeyError as exc:
        raise DomainError(f"未知的导入类型：{kind}") from exc


def importers() -> list[Importer]:
    return list(_REGISTRY.values())


def web_limits() -> ReadLimits:
    """Uploads: size, rows, cells and expanded text all bounded (settings UPLOAD_MAX_*)."""
    return ReadLimits(
        max_bytes=settings.UPLOAD_MAX_BYTES,
        max_rows=settings.UPLOAD_MAX_ROWS,
        max_cells=settings.UPLOAD_MAX_CELLS,
        max_expanded_bytes=settings.UPLOAD_MAX_EXPANDED_BYTES,
        workers=settings.IMPORT_PARSE_WORKERS,
    )


def shell_limits() -> ReadLimits:
    """Shell commands: any file size and row count (csv is streamed); a workbook's expanded
    text stays bounded (IMPORT_SHELL_MAX_EXPANDED_BYTES), since it is held in memory."""
    return ReadLimits(
        max_bytes=None,
        max_rows=None,
        max_cells=settings.IMPORT_SHELL_MAX_CELLS,
        max_expanded_bytes=settings.IMPORT_SHELL_MAX_EXPANDED_BYTES,
        workers=settings.IMPORT_PARSE_WORKERS,
    )


def open_for(importer: Importer, source: Any, *, limits: ReadLimits | None = None) -> SheetRows:
    return open_sheet(source, importer.columns, limits=limits or web_limits())


def run_file(
    importer: Importer,
    source: Any,
    *,
    user: Any = None,
    apply: bool,
    skip_invalid: bool,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Validate (and optionally apply) a file outside any job: shell commands and benches.

    Without `user` (the shell) the import writes everywhere; with one, within their scope."""
    scope = WriteScope.everywhere() if user is None else WriteScope.of(user)
    sheet = open_for(importer, source, limits=shell_limits())
    return importer.run(sheet, scope=scope, apply=apply, skip_invalid=skip_invalid, progress=progress or _no_progress)


def _no_progress(processed: int) -> None:
    return None


# ------------------------------------------------------------------ job services


@transaction.atomic
def import_job_create(*, kind: str, user: Any, upload: Any) -> ImportJob:
    """Store an uploaded file as a new job (rule: only users the importer allows)."""
    importer = get_importer(kind)
    if not importer.can_import(user):
        raise DomainError("您没有导入此类数据的权限。")
    size = getattr(upload, "size", 0) or 0
    if size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(f"文件过大（{size / 1048576:.1f} MB），上限为 {settings.UPLOAD_MAX_BYTES / 1048576:.0f} MB。")
    name = str(getattr(upload, "name", "upload"))[-200:]
    job = ImportJob(kind=kind, created_by=user, original_name=name)
    job.file.save(name, upload, save=False)
    job.full_clean(exclude=["file"])
    job.save()
    return job


def import_job_validate(*, job_id: Any) -> ImportJob:
    """Validate the job's file without writing: counts to create/update/leave, bad rows."""
    job = ImportJob.objects.get(pk=job_id)
    _set(job, status=ImportJob.Status.VALIDATING, processed_rows=0)
    outcome = _run_job(job, apply=False)
    if outcome is not None:
        _store_outcome(job, outcome, status=ImportJob.Status.PREVIEW)
    else:
        _finished(job)
    return job


def import_job_apply(*, job_id: Any, skip_invalid: bool, in_process: bool = False) -> ImportJob:
    """Apply the job: refused when rows are bad unless the user chose to skip them.

    Exactly once, even when a worker is killed or the task is delivered twice: the applying
    session holds the job's lock (core.locks; it dies with the process), a second delivery
    while it runs returns at once, and the rows and the job's "done" are committed in ONE
    transaction — a killed attempt leaves neither, and the retry (core.import_recovery) does
    the whole import again."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return job  # safe to run twice
    if job.rejected_count and not skip_invalid:
        raise DomainError("文件中有错误行。请修正后重新上传，或选择“跳过错误行”仅导入正确的行。")
    with locks.held(locks.NAMESPACE_IMPORT_JOB, job.pk) as acquired:
        if not acquired:
            return job  # another worker is applying this job right now
        job.refresh_from_db()
        if job.status == ImportJob.Status.DONE:
            return job
        _set(job, status=ImportJob.Status.RUNNING, skip_invalid=skip_invalid, processed_rows=0,
             attempts=job.attempts + 1)
        with transaction.atomic():  # an unexpected error rolls the rows back; the task ends the job failed
            outcome = _run_job(job, apply=True, skip_invalid=skip_invalid, catch_unexpected=False)
            if outcome is not None:
                status = ImportJob.Status.DONE if outcome.applied else ImportJob.Status.FAILED
                # From the web the follow-ups wait for their task: the page shows them from "完成" on.
                waiting = {"followups": followups_waiting()} if outcome.applied and not in_process else {}
                _store_outcome(job, outcome, status=status, applied_at=timezone.now() if outcome.applied else None,
                               **waiting)
    if outcome is not None and outcome.applied:
        _after_apply(job, outcome, in_process=in_process)
    _finished(job)
    return job


def _after_apply(job: ImportJob, outcome: ImportOutcome, *, in_process: bool) -> None:
    """The importer's follow-ups; queued ones are the job's, shown on its page until they end
    (core.import_followups). Marked waiting with "完成" (a worker may start them at once)."""
    if in_process:
        get_importer(job.kind).after_apply(outcome, in_process=True)
        return
    if not job.followups_running:
        followups_queued(job_id=job.pk)
    with followups_of(job.pk) as queued:
        get_importer(job.kind).after_apply(outcome, in_process=False)
    if not queued:
        followups_none(job_id=job.pk)
    job.refresh_from_db(fields=["followups"])


def _finished(job: ImportJob) -> None:
    """Tell listeners (notifications) that the job ended, applied or failed; its kept parse
    (core.import_reuse) is no longer needed."""
    from breakzero.core.signals import import_job_finished

    if job.is_finished:
        import_reuse.discard(job.pk)
    import_job_finished.send(sender=ImportJob, job=job)


def import_job_failed(*, job_id: Any, error: BaseException) -> None:
    """End a job that raised as failed: a DomainError's own message, else a generic Chinese
    reason (the error is logged with its traceback)."""
    if isinstance(error, (DomainError, SheetError)):
        message = str(error)
    else:
        logger.error("import job %s failed", job_id, exc_info=error)
        message = FAILED_UNEXPECTEDLY
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None and job.status == ImportJob.Status.DONE:
        # The rows are in (committed with "done"); only a follow-up recomputation failed.
        # The nightly refresh (core.schedule) recomputes everything; say so on the job.
        _set(job, message=f"数据已导入，但后续重算失败（{message}），将在夜间自动重算。")
    elif job is not None:
        _set(job, status=ImportJob.Status.FAILED, message=message)  # saved: the audit records the failure
    if job is not None:
        _finished(job)


def _run_job(
    job: ImportJob, *, apply: bool, skip_invalid: bool = False, catch_unexpected: bool = True
) -> ImportOutcome | None:
    """The job's importer over its file, within its creator's write scope. Any failure ends the
    job as failed with a Chinese reason (an unexpected one is logged with its traceback), so a
    job never stays "校验中" or "导入中"."""
    importer = get_importer(job.kind)
    progress = ProgressReporter(job.pk, backend_pid=backend_pid())
    scope = WriteScope.of(job.created_by)  # no creator (deleted user): no region at all
    try:
        with (
            job.file.open("rb") as handle,
            import_reuse.job_parse(job.pk, _opener(job), keeping=not apply),
            kept_rows.job_sheet(importer, handle, limits=web_limits()) as sheet,
        ):
            return importer.run(sheet, scope=scope, apply=apply, skip_invalid=skip_invalid, progress=progress)
    except (SheetError, DomainError) as exc:
        _set(job, status=ImportJob.Status.FAILED, message=str(exc))
        return None
    except Exception:
        if not catch_unexpected:
            raise  # inside the apply transaction: roll back first, then import_job_failed
        logger.exception("import job %s (%s) failed", job.pk, job.kind)
        _set(job, status=ImportJob.Status.FAILED, message=FAILED_UNEXPECTEDLY)
        return None
    finally:
        progress.close()


def _opener(job: ImportJob) -> Any:
    """Opens the job's upload afresh (its own handle: the sheet reader keeps its position)."""
    return lambda: job.file.storage.open(job.file.name, "rb")


def _store_outcome(job: ImportJob, outcome: ImportOutcome, *, status: str, **extra: Any) -> None:
    stored = [
        {"row": r.row, "reason": r.reason, "column": r.errors[0].column if r.errors else "", "values": _jsonable(r.values)}
        for r in outcome.rejected[:MAX_STORED_REJECTS]
    ]
    _set(
        job,
        status=status,
        total_rows=outcome.total_rows,
        processed_rows=outcome.total_rows,
        created_count=outcome.counts.created,
        updated_count=outcome.counts.updated,
        unchanged_count=outcome.counts.unchanged,
        rejected_count=outcome.rejected_count,
        rejected_rows=stored,
        summary=outcome.summary,
        **extra,
    )


def _set(job: ImportJob, **values: Any) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.save(update_fields=[*values, "updated_at"])


def _jsonable(values: dict[str, Any]) -> dict[str, str]:
    return {key: cell_text(value) for key, value in values.items()}


def rejected_rows_xlsx(job: ImportJob) -> bytes:
    """The bad rows as an xlsx with the original columns plus 行号 and 错误原因."""
    importer = get_importer(job.kind)
    headers = ["行号", *[c.header for c in importer.columns], "错误原因"]
    rows = (
        [item["row"], *[item["values"].get(c.key, "") for c in importer.columns], item["reason"]]
        for item in job.rejected_rows
    )
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet="错误行")
    return buffer.getvalue()


def template_xlsx(importer: Importer) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, [c.header for c in importer.columns], importer.example_rows, sheet="导入模板")
    return buffer.getvalue()


def iter_rejected_lines(outcome: ImportOutcome) -> Iterator[str]:
    """One line per rejected row for shell output."""
    for rejected in outcome.rejected:
        yield f"row {rejected.row}: {rejected.reason}"
