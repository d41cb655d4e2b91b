"""A running import's progress on its job page: rows counted by the importer, and the step the
importing session is in while one long statement (a COPY, an INSERT … SELECT, an index build)
runs and the importer cannot count.

Both are written by a thread on its own database connection. Not on the importing connection:
that one may be in the middle of a COPY (a query there would wait forever) and inside the
import's transaction (the job page would not see anything before the end). The step comes from
the importing backend's row in pg_stat_activity and its COPY / CREATE INDEX progress views
(PostgreSQL manual, "Monitoring Database Activity": pg_stat_activity, 28.4 "Progress Reporting"),
read every POLL_SECONDS.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from breakzero.core.models import ImportJob

POLL_SECONDS = 1.0
# The importing backend: what it runs, and the row counts PostgreSQL reports for a COPY or an
# index build (the progress views have a row only while one runs).
ACTIVITY = """
SELECT a.state, left(a.query, 400), c.tuples_processed, i.phase, i.tuples_done, i.tuples_total
FROM pg_stat_activity a
LEFT JOIN pg_stat_progress_copy c ON c.pid = a.pid
LEFT JOIN pg_stat_progress_create_index i ON i.pid = a.pid
WHERE a.pid = %s
"""
_TARGET = re.compile(r'\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|ANALYZE|TRUNCATE|ALTER\s+TABLE)\s+"?(\w+)"?', re.I)
_INDEX = re.compile(r'^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b.*?\bON\s+(?:ONLY\s+)?"?(\w+)"?', re.I | re.S)
_PART = re.compile(r"^\s*/\* part (\d+)/(\d+) \*/")  # a load written in parts (core.bulk.part_marker)
_VERBS = {"INSERT": "写入", "UPDATE": "更新", "DELETE": "删除", "COPY": "读入", "ANALYZE": "统计", "TRUNCATE": "清空",
          "ALTER": "调整约束"}
STAGED = "暂存数据"


def backend_pid() -> int | None:
    """The importing connection's server process (PostgreSQL), taken before the import runs."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def step_label(query: str, *, copied: int | None = None, index: tuple | None = None) -> str:
    """A statement as the job page names it: verb and table ("写入 专利"), with the rows a COPY
    has read or an index build has done. A statement it cannot place is "比对数据"."""
    if index_match := _INDEX.match(query):
        label = f"建立索引 {_table_name(index_match.group(1))}"
    elif match := _TARGET.search(query):
        label = f"{_VERBS[match.group(1).split()[0].upper()]} {_table_name(match.group(2))}"
    else:
        return "比对数据"
    if part := _PART.match(query):
        label += f"（第 {part.group(1)}/{part.group(2)} 批）"
    elif copied:
        label += f"（{copied} 行）"
    elif index and index[1]:
        label += f"（{index[1]}/{index[2]}）" if index[2] else f"（{index[1]}）"
    return label


def _table_name(table: str) -> str:
    for model in apps.get_models():
        if model._meta.db_table == table:
            return str(model._meta.verbose_name)
    return STAGED


class ProgressReporter:
    """A job's processed-row count and current step, written on the reporter's own connection.

    An importer may name what it does in Python (`step`), shown while no statement runs.
    Counts are coalesced; a write that meets a locked job row (an outer transaction holds it,
    as in tests) is skipped after a short wait. With `backend_pid` the step of that backend
    is read every POLL_SECONDS and written when it changes."""

    def __init__(self, job_id: Any, *, backend_pid: int | None = None) -> None:
        self.job_id = job_id
        self.backend_pid = backend_pid
        self._processed: int | None = None
        self._step = ""
        self._named = ""
        self._done = False
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="import-progress", daemon=True)
        self._thread.start()

    def __call__(self, processed: int) -> None:
        self._processed = processed
        self._wake.set()

    def step(self, label: str) -> None:
        """The importer's own step while it works in Python (between statements); "" ends it."""
        self._named = label
        self._wake.set()

    def close(self) -> None:
        self._done = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        written: tuple = (None, "")
        try:
            while True:
                self._wake.wait(POLL_SECONDS if self.backend_pid else None)
                self._wake.clear()
                processed, done = self._processed, self._done
                step = "" if done else self._read_step()
                if (processed, step) != written:
                    self._write(processed, step, changed=step.partition("（")[0] != written[1].partition("（")[0])
                    written = (processed, step)
                if done:
                    return
        finally:
            connections.close_all()  # this thread's own connections

    def _read_step(self) -> str:
        if not self.backend_pid:
            return self._named
        try:
            with connection.cursor() as cursor:
                cursor.execute(ACTIVITY, [self.backend_pid])
                row = cursor.fetchone()
        except DatabaseError:
            return self._step
        if row is None or row[0] != "active":
            return self._named  # between statements: the importer's own step, if it named one
        state, query, copied, phase, done, total = row
        self._step = step_label(query or "", copied=copied, index=(phase, done, total) if phase else None)
        return self._step

    def _write(self, processed: int | None, step: str, *, changed: bool) -> None:
        values: dict[str, Any] = {"updated_at": timezone.now()}
        if processed is not None:
            values["processed_rows"] = processed
        values["step"] = step[:200]
        if changed:  # a new statement, not just a larger count
            values["step_started_at"] = values["updated_at"] if step else None
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '200ms'")
                ImportJob.objects.filter(pk=self.job_id).update(**values)
        except DatabaseError:
            pass  # the row is busy: the next count (or the final outcome) will do
