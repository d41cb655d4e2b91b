"""Participant roster import (kind "participants": 统一社会信用代码, 年度, 备注) and table exports."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from breakzero.core.bulk import StageColumn, StagingTable
from breakzero.core.hooks import data_changed
from breakzero.core.imports import NOT_FOUND_IN_SCOPE, ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_int, write_xlsx
from breakzero.indicators.models import Participant
from breakzero.rules.uscc import normalize_uscc

COLUMNS = (
    Column("uscc", "统一社会信用代码", aliases=("信用代码", "社会信用代码")),
    Column("year", "年度", aliases=("年份",)),
    Column("note", "备注", required=False),
)
STAGE = (StageColumn("enterprise_id", "bigint"), StageColumn("year", "integer"), StageColumn("note", "varchar(200)"))
YEARS = range(2015, 2036)


class ParticipantImporter:
    """Officials add enterprises of their own region to a year's roster (upsert on enterprise + year)."""

    kind = "participants"
    title = "参与企业名单"
    scoped_by = "企业所在区县（企业名录中登记的）"
    columns = COLUMNS
    example_rows = (("91430100MA4L0000XX", 2022, "长沙市推荐"),)

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_official", False))

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        outcome = ImportOutcome()
        parsed = []
        for row, values in sheet:
            outcome.total_rows += 1
            errors, uscc, year = _parse(row, values)
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
            else:
                parsed.append((row, values, uscc, year, cell_text(values.get("note"))[:200]))
        good = _match(parsed, outcome, scope)
        with transaction.atomic():
            stage = StagingTable(STAGE, prefix="stage_participants").create()
            stage.load(good)
            table = Participant._meta.db_table
            stage.fill_blanks_from(table, keys=["enterprise_id", "year"], columns=["note"])
            outcome.counts = stage.count_changes(table, keys=["enterprise_id", "year"], compare=["note"])
            if apply and (not outcome.rejected or skip_invalid):
                stage.upsert(
                    table, keys=["enterprise_id", "year"], update=["note"],
                    insert_extra={"created_at": "CURRENT_TIMESTAMP", "updated_at": "CURRENT_TIMESTAMP"},
                    update_extra={"updated_at": "CURRENT_TIMESTAMP"},
                )
                outcome.applied = True
                outcome.summary["enterprise_ids"] = sorted({g[0] for g in good})
            stage.drop()
        progress(outcome.total_rows)
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        ids = outcome.summary.pop("enterprise_ids", None)
        data_changed(source="participants", enterprise_ids=ids, in_process=in_process)


def _parse(row: int, values: dict[str, Any]) -> tuple[list[RowError], str, int | None]:
    errors = []
    uscc = normalize_uscc(cell_text(values.get("uscc")))
    if len(uscc) != 18:
        errors.append(RowError(row, "统一社会信用代码", uscc, "统一社会信用代码应为 18 位"))
    try:
        year = parse_int(values.get("year"))
    except ValueError:
        year = None
    if year not in YEARS:
        errors.append(RowError(row, "年度", cell_text(values.get("year")), "年度应为 2015–2035 之间的四位年份"))
    return errors, uscc, year


def _match(parsed: list, outcome: ImportOutcome, scope: WriteScope) -> list[tuple[int, int, str]]:
    """Keep rows whose enterprise exists within the write scope; reject repeats. An enterprise
    of another region reads as an unknown one (its existence is not told)."""
    from breakzero.enterprises.models import Enterprise

    usccs = {p[2] for p in parsed}
    known = Enterprise.objects.filter(uscc__in=usccs, **(scope.enterprise_filter() or {}))
    known = dict(known.values_list("uscc", "pk"))
    good, seen = [], set()
    for row, values, uscc, year, note in parsed:
        pk = known.get(uscc)
        reason = ""
        if pk is None:
            reason = NOT_FOUND_IN_SCOPE
        elif (pk, year) in seen:
            reason = "与前面的行重复（同一企业、同一年度）"
        if reason:
            outcome.rejected.append(Rejected(row, [RowError(row, "统一社会信用代码", uscc, reason)], values))
            continue
        seen.add((pk, year))
        good.append((pk, year, note))
    outcome.rejected.sort(key=lambda r: r.row)
    return good


def table_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, sheet=sheet[:31])
    return buffer.getvalue()
