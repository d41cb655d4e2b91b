"""Event attendee list import (kind "event_attendees"): 活动编号, 统一社会信用代码, 企业名称, 参会人.

Set-based: rows go to a staging table, one INSERT … ON CONFLICT into the attendance table.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from breakzero.core.bulk import StageColumn, StagingTable
from breakzero.core.imports import ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_int
from breakzero.service_bodies.models import EventAttendance
from breakzero.service_bodies.sheets.common import NOW, is_authenticated, uscc_cell

COLUMNS = (
    Column("event", "活动编号", aliases=("活动ID", "活动id")),
    Column("uscc", "统一社会信用代码", aliases=("信用代码", "社会信用代码")),
    Column("name", "企业名称", required=False),
    Column("attendee_name", "参会人", required=False, aliases=("参会人员", "姓名")),
)
STAGE = (
    StageColumn("event_id", "bigint"), StageColumn("enterprise_id", "bigint"),
    StageColumn("method", "varchar(10)"), StageColumn("attendee_name", "varchar(50)"),
)


class AttendeesImporter:
    kind = "event_attendees"
    title = "活动参会企业"
    scoped_by = "活动所属服务机构（您管理的机构的活动）"
    columns = COLUMNS
    example_rows = ((1, "91430104MA4L00001X", "湖南示例科技有限公司", "李四"),)

    def can_import(self, user: Any) -> bool:
        return is_authenticated(user) and (user.role in {"service_body", "system_admin"} or user.is_official)

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        from breakzero.enterprises.models import Enterprise
        from breakzero.service_bodies.access import bodies_visible_to, can_manage_body

        outcome = ImportOutcome()
        events = {}
        for event in _events_of(scope, bodies_visible_to):
            if scope.is_shell or can_manage_body(scope.user, event.body):
                events[event.pk] = event
        known = dict(Enterprise.objects.values_list("uscc", "pk"))
        good: dict[tuple[int, int], tuple] = {}
        for row, values in sheet:
            outcome.total_rows += 1
            errors: list[RowError] = []
            event_id = _event_id(row, values, events, errors)
            uscc = uscc_cell(row, "统一社会信用代码", values.get("uscc"), errors, required=True)
            if uscc and uscc not in known:
                errors.append(RowError(row, "统一社会信用代码", uscc, "企业库中没有此企业"))
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
                continue
            key = (event_id, known[uscc])
            good[key] = (*key, EventAttendance.Method.IMPORT.value, cell_text(values.get("attendee_name"))[:50])
        with transaction.atomic(), StagingTable(STAGE, prefix="stage_attendees") as stage:
            stage.load(good.values())
            table = EventAttendance._meta.db_table
            stage.fill_blanks_from(table, keys=["event_id", "enterprise_id"], columns=["attendee_name"])
            outcome.counts = stage.count_changes(table, keys=["event_id", "enterprise_id"], compare=["attendee_name"])
            if apply and (not outcome.rejected or skip_invalid):
                stage.upsert(table, keys=["event_id", "enterprise_id"], update=["attendee_name"],
                             insert_extra={"created_at": NOW, "updated_at": NOW}, update_extra={"updated_at": NOW})
                outcome.applied = True
        progress(outcome.total_rows)
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        return None


def _events_of(scope: WriteScope, bodies_visible_to: Any):
    from breakzero.service_bodies.models import ServiceEvent

    if scope.is_shell:  # shell import: every event
        return ServiceEvent.objects.select_related("body", "body__region")
    return ServiceEvent.objects.filter(body__in=bodies_visible_to(scope.user)).select_related("body", "body__region")


def _event_id(row: int, values: dict, events: dict, errors: list[RowError]) -> int | None:
    text = cell_text(values.get("event"))
    try:
        event_id = parse_int(values.get("event"))
    except ValueError:
        event_id = None
    if event_id is None or event_id not in events:
        errors.append(RowError(row, "活动编号", text, "活动编号不存在或不是您管理的活动"))
        return None
    return event_id
