"""The recomputations after a web import (break-zero, summaries, screening …), shown on its job page.

The import's rows and its "完成" are committed first (core.imports); the refreshers that
`data_changed` queues then (core.hooks.followups_of) run in their own task, which records in
the job's `followups` which one runs, and when each started and ended, and in the job's `step`
the statement it runs (core.import_progress): the page shows "后续计算中 …" until they end. The task holds the job's follow-up lock (core.locks) while it
runs; recovery (core.import_recovery) ends follow-ups whose worker stopped as failed, with the
reason; the nightly refresh recomputes everything anyway (core.schedule).
"""

from __future__ import annotations

import threading
from typing import Any

from django.utils import timezone

from breakzero.core import locks
from breakzero.core.hooks import run_refreshers
from breakzero.core.import_progress import ProgressReporter, backend_pid
from breakzero.core.models import ImportJob

NAMESPACE_FOLLOWUPS = 0x627A4946  # "bzIF": the advisory lock of a job's follow-up task
PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
LABELS = {
    "break_zero": "破零认定",
    "indicator_summaries": "指标汇总",
    "policy_screening": "政策筛查",
    "reporting_percentile_bands": "规模分位",
    "reporting_official_entries": "统计填报记录",
    "portal_search": "门户检索",
}
FAILED_REASON = "数据已导入，但后续计算失败（{error}），将在夜间自动重算。"
ORPHANED_REASON = "数据已导入，但后续计算进程中断，将在夜间自动重算。"


def followups_waiting() -> dict[str, Any]:
    """The `followups` of a job whose import commits now and queues them next."""
    return {"state": PENDING, "steps": [], "message": ""}


def followups_queued(*, job_id: Any) -> None:
    """The import committed and queues its follow-ups: the page shows them as waiting."""
    ImportJob.objects.filter(pk=job_id).update(followups=followups_waiting(), updated_at=timezone.now())


def followups_none(*, job_id: Any) -> None:
    """Nothing was queued after all (the import changed nothing to recompute)."""
    ImportJob.objects.filter(pk=job_id, followups__state=PENDING).update(followups={}, updated_at=timezone.now())


def followups_run(*, job_id: str, sources: list[str], enterprise_ids: list[int] | None) -> None:
    """Run the job's follow-ups once: a second delivery while they run, or after they ended
    (done, failed, ended by recovery), does nothing."""
    with locks.held(NAMESPACE_FOLLOWUPS, job_id) as acquired:
        if not acquired:
            return
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None or job.followups.get("state") not in {PENDING, RUNNING}:
            return
        # The statement this task runs (PostgreSQL; SQLite has no activity view, the steps suffice).
        pid = backend_pid()
        reporter = ProgressReporter(job_id, backend_pid=pid) if pid else None
        log = _Log(job_id, reporter)
        try:
            run_refreshers(sources=sources, enterprise_ids=enterprise_ids, on_step=log.step, on_progress=log.progress)
        except Exception as exc:
            log.end(FAILED, FAILED_REASON.format(error=type(exc).__name__))
            raise
        else:
            log.end(DONE, "")
        finally:
            if reporter is not None:
                reporter.close()


def followups_orphaned(job: ImportJob) -> bool:
    """Whether the job's follow-ups are marked running but nobody runs them (the lock is free)."""
    if job.followups.get("state") not in {PENDING, RUNNING}:
        return False
    with locks.held(NAMESPACE_FOLLOWUPS, job.pk) as free:
        return free


def followups_fail(*, job_id: Any, reason: str = ORPHANED_REASON) -> None:
    job = ImportJob.objects.get(pk=job_id)
    steps = [s if s.get("ended") else {**s, "ended": timezone.now().isoformat(), "ok": False}
             for s in job.followups.get("steps", [])]  # a step cut short failed  # fmt: skip
    job.followups, job.step, job.step_started_at = {"state": FAILED, "steps": steps, "message": reason}, "", None
    job.save(update_fields=["followups", "step", "step_started_at", "updated_at"])


class _Log:
    """The job's follow-up steps, written whole on each start and end (refreshers running
    alongside report from their own threads: one lock orders the writes)."""

    def __init__(self, job_id: str, reporter: ProgressReporter | None) -> None:
        self.job_id, self.reporter = job_id, reporter
        self.owner = threading.current_thread()  # the task's thread: the reporter polls its session
        self.steps: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self._write(RUNNING, "")

    def step(self, name: str, ended: bool, error: BaseException | None) -> None:
        now = timezone.now().isoformat()
        with self.lock:
            if not ended:
                self.steps.append({"name": name, "label": LABELS.get(name, name), "started": now, "ended": None, "ok": None})
                if self.reporter is not None and threading.current_thread() is self.owner:
                    self.reporter.step(self.steps[-1]["label"])  # shown between its statements
            else:
                for item in self.steps:
                    if item["name"] == name and item["ended"] is None:
                        item.update(ended=now, ok=error is None)
            self._write(RUNNING, "")

    def progress(self, name: str, done: int, total: int) -> None:
        """A refresher's own count while it works in Python (no statement to show), e.g.
        "政策筛查（30000/100000）"."""
        if self.reporter is not None and threading.current_thread() is self.owner:
            self.reporter.step(f"{LABELS.get(name, name)}（{done}/{total}）")

    def end(self, state: str, message: str) -> None:
        with self.lock:
            self._write(state, message)

    def _write(self, state: str, message: str) -> None:
        followups = {"state": state, "steps": [dict(s) for s in self.steps], "message": message}
        ImportJob.objects.filter(pk=self.job_id).update(followups=followups, updated_at=timezone.now())
