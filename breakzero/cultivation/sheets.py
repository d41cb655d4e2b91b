"""Title list import (kind "titles"): 统一社会信用代码, 企业名称, 称号/层级, 批次, 认定日期, 有效期至."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from breakzero.core.bulk import StageColumn, StagingTable
from breakzero.core.hooks import data_changed
from breakzero.core.imports import NOT_FOUND_IN_SCOPE, ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_date
from breakzero.cultivation.models import AUTHORITY_OF_LEVEL, Title, default_valid_until
from breakzero.rules.names import normalize_company_name
from breakzero.rules.uscc import normalize_uscc

COLUMNS = (
    Column("uscc", "统一社会信用代码", aliases=("信用代码", "社会信用代码")),
    Column("name", "企业名称", aliases=("单位名称", "名称")),
    Column("label", "称号/层级", aliases=("称号", "层级", "称号层级", "认定类型")),
    Column("batch", "批次", required=False),
    Column("recognized_on", "认定日期", aliases=("认定时间", "公布日期")),
    Column("valid_until", "有效期至", required=False, aliases=("有效期",)),
)


@dataclass(frozen=True)
class TitleRow:
    uscc: str
    name: str
    tier: str
    level: str
    batch: str
    recognized_on: dt.date
    valid_until: dt.date
    valid_until_given: bool = True  # False: the cell was blank (a stored date is kept)


def parse_title_label(text: str) -> tuple[str, str]:
    """(tier, level) from a label such as 国家级专精特新“小巨人”企业 or 省级专精特新中小企业.

    Without an explicit level, 小巨人 is national (MIIT recognises it) and the other tiers provincial.
    """
    value = re.sub(r"[\s\"“”'‘’「」]", "", unicodedata.normalize("NFKC", text or ""))
    if "小巨人" in value:
        tier = Title.Tier.LITTLE_GIANT
    elif "专精特新" in value:
        tier = Title.Tier.SRDI_SME
    elif "创新型" in value:
        tier = Title.Tier.INNOVATIVE_SME
    else:
        raise ValueError(f"无法识别的称号：{text}（应含“小巨人”“专精特新”或“创新型中小企业”）")
    if "国家级" in value or "国家" in value:
        level = Title.Level.NATIONAL
    elif "省级" in value or "省" in value:
        level = Title.Level.PROVINCIAL
    else:
        level = Title.Level.NATIONAL if tier == Title.Tier.LITTLE_GIANT else Title.Level.PROVINCIAL
    return str(tier), str(level)


def parse_title_row(row: int, values: dict[str, Any]) -> TitleRow | list[RowError]:
    """One sheet row → TitleRow, or every problem found in it (row-numbered)."""
    errors: list[RowError] = []
    uscc = normalize_uscc(cell_text(values.get("uscc")))
    if len(uscc) != 18:
        errors.append(RowError(row, "统一社会信用代码", uscc, "统一社会信用代码应为 18 位"))
    name = cell_text(values.get("name"))
    if not name:
        errors.append(RowError(row, "企业名称", "", "企业名称不能为空"))
    tier = level = ""
    try:
        tier, level = parse_title_label(cell_text(values.get("label")))
    except ValueError as exc:
        errors.append(RowError(row, "称号/层级", cell_text(values.get("label")), str(exc)))
    recognized = _date(row, "认定日期", values.get("recognized_on"), errors, required=True)
    valid = _date(row, "有效期至", values.get("valid_until"), errors, required=False)
    if recognized and valid and valid < recognized:
        errors.append(RowError(row, "有效期至", str(valid), "有效期至早于认定日期"))
    batch = cell_text(values.get("batch"))[:50]
    if errors:
        return errors
    assert recognized is not None
    return TitleRow(uscc, name, tier, level, batch, recognized, valid or default_valid_until(recognized), valid is not None)


def _date(row: int, header: str, value: Any, errors: list[RowError], *, required: bool) -> dt.date | None:
    try:
        parsed = parse_date(value)
    except ValueError as exc:
        errors.append(RowError(row, header, cell_text(value), str(exc)))
        return None
    if parsed is None and required:
        errors.append(RowError(row, header, "", f"{header}不能为空"))
    return parsed


STAGE = (
    StageColumn("enterprise_id", "bigint"),
    StageColumn("tier", "varchar(20)"),
    StageColumn("level", "varchar(12)"),
    StageColumn("batch", "varchar(50)"),
    StageColumn("recognized_on", "date"),
    StageColumn("valid_until", "date"),
    StageColumn("source", "varchar(200)"),
    StageColumn("authority", "varchar(100)"),
)


class TitleImporter:
    """Published title lists → Title rows (upsert on enterprise, tier, level, recognition date)."""

    kind = "titles"
    title = "培育称号名单"
    scoped_by = "企业所在区县（企业名录中登记的）"
    columns = COLUMNS
    example_rows = (("91430100MA4L0000XX", "湖南示例科技有限公司", "国家级专精特新“小巨人”企业", "第三批", dt.date(2021, 7, 19), ""),)

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and (
            getattr(user, "role", "") in {"province_official", "system_admin"}
        )

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        outcome = ImportOutcome()
        parsed: list[tuple[int, dict[str, Any], TitleRow]] = []
        for row, values in sheet:
            outcome.total_rows += 1
            result = parse_title_row(row, values)
            if isinstance(result, list):
                outcome.rejected.append(Rejected(row, result, values))
            else:
                parsed.append((row, values, result))
        good = _without_batchless_little_giants(_keep_stored(_match_enterprises(parsed, outcome, scope)), parsed, outcome)
        with transaction.atomic():
            stage = StagingTable(STAGE, prefix="stage_titles").create()
            source = f"导入：{getattr(sheet, 'source_name', '') or '名单文件'}"[:200]
            stage.load((eid, r.tier, r.level, r.batch, r.recognized_on, r.valid_until, source, AUTHORITY_OF_LEVEL[r.level])
                       for eid, r in good)
            keys = ["enterprise_id", "tier", "level", "recognized_on"]
            outcome.counts = stage.count_changes(Title._meta.db_table, keys=keys, compare=["batch", "valid_until"])
            if apply and (not outcome.rejected or skip_invalid):
                stage.upsert(
                    Title._meta.db_table, keys=keys, update=["batch", "valid_until", "source", "authority"],
                    insert_extra={"created_at": "CURRENT_TIMESTAMP", "updated_at": "CURRENT_TIMESTAMP"},
                    update_extra={"updated_at": "CURRENT_TIMESTAMP"},
                )
                outcome.applied = True
                outcome.summary["enterprise_ids"] = sorted({eid for eid, _ in good})
            stage.drop()
        progress(outcome.total_rows)
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        ids = outcome.summary.pop("enterprise_ids", None)
        data_changed(source="titles", enterprise_ids=ids, in_process=in_process)


def _without_batchless_little_giants(
    good: list[tuple[int, TitleRow]], parsed: list[tuple[int, dict[str, Any], TitleRow]], outcome: ImportOutcome
) -> list[tuple[int, TitleRow]]:
    """A 小巨人 title exists only as a batch the granting authority published (programme-rules-2.md
    §2.4–2.5): a row without 批次, and no stored batch to keep, is rejected."""
    rows = {id(title): (row, values) for row, values, title in parsed}
    kept = []
    for eid, title in good:
        if title.tier == Title.Tier.LITTLE_GIANT and not title.batch:
            row, values = rows[id(title)]
            outcome.rejected.append(Rejected(row, [RowError(row, "批次", "", "“小巨人”称号须填写认定批次")], values))
        else:
            kept.append((eid, title))
    return kept


def _keep_stored(good: list[tuple[int, TitleRow]]) -> list[tuple[int, TitleRow]]:
    """A blank 批次 or 有效期至 keeps the stored title's value (one query for the file)."""
    stored = {
        (eid, tier, level, day): (batch, valid)
        for eid, tier, level, day, batch, valid in Title.objects.filter(
            enterprise_id__in={eid for eid, _ in good}
        ).values_list("enterprise_id", "tier", "level", "recognized_on", "batch", "valid_until")
    }
    kept = []
    for eid, row in good:
        batch, valid = stored.get((eid, row.tier, row.level, row.recognized_on), ("", None))
        if (batch and not row.batch) or (valid and not row.valid_until_given):
            row = replace(row, batch=row.batch or batch, valid_until=row.valid_until if row.valid_until_given else valid)
        kept.append((eid, row))
    return kept


def _match_enterprises(
    parsed: list[tuple[int, dict[str, Any], TitleRow]], outcome: ImportOutcome, scope: WriteScope
) -> list[tuple[int, TitleRow]]:
    """Rows whose USCC is in the register within the write scope (another region's enterprise
    reads as unknown) and whose name agrees (current or former name)."""
    from breakzero.enterprises.models import Enterprise, FormerName

    usccs = {r.uscc for _, _, r in parsed}
    in_scope = Enterprise.objects.filter(uscc__in=usccs, **(scope.enterprise_filter() or {}))
    known = dict(in_scope.values_list("uscc", "pk"))
    names: dict[int, set[str]] = {}
    for pk, name in Enterprise.objects.filter(uscc__in=usccs).values_list("pk", "name_normalized"):
        names.setdefault(pk, set()).add(name)
    for pk, name in FormerName.objects.filter(enterprise__uscc__in=usccs).values_list("enterprise_id", "name_normalized"):
        names.setdefault(pk, set()).add(name)
    good: list[tuple[int, TitleRow]] = []
    seen: set[tuple] = set()
    for row, values, title in parsed:
        error = _match_error(row, title, known, names, seen)
        if error:
            outcome.rejected.append(Rejected(row, [error], values))
        else:
            good.append((known[title.uscc], title))
    outcome.rejected.sort(key=lambda r: r.row)
    return good


def _match_error(row: int, title: TitleRow, known: dict, names: dict, seen: set) -> RowError | None:
    pk = known.get(title.uscc)
    if pk is None:
        return RowError(row, "统一社会信用代码", title.uscc, NOT_FOUND_IN_SCOPE)
    if normalize_company_name(title.name) not in names.get(pk, set()):
        return RowError(row, "企业名称", title.name, "企业名称与企业库中该信用代码的名称（含曾用名）不一致")
    key = (pk, title.tier, title.level, title.recognized_on)
    if key in seen:
        return RowError(row, "", "", "与前面的行重复（同一企业、称号、层级、认定日期）")
    seen.add(key)
    return None
