"""Digital area xlsx: the assessment, 上云上平台 and project imports and the rows of every list export (the
solutions catalogue's imports are in solution_sheets.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from breakzero.core.errors import DomainError
from breakzero.core.hooks import data_changed
from breakzero.core.imports import NOT_FOUND_IN_SCOPE, ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.record_imports import (
    USCC_COLUMN, Bad, EnterpriseRecordImporter, choice, parsed)
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_date, parse_decimal, parse_int
from breakzero.digital.models import Assessment, DigitalUse, TransformationProject
from breakzero.digital.services import assessment_level
from breakzero.rules.uscc import normalize_uscc

ENTERPRISE_HEADERS = ["企业名称", "统一社会信用代码", "市州", "区县"]
_MODES = {"自评": Assessment.Mode.SELF, "企业自评": Assessment.Mode.SELF, "现场": Assessment.Mode.ON_SITE,
          "现场评测": Assessment.Mode.ON_SITE}
_TABLES = {label: value for value, label in Assessment.Table.choices}
_YES_NO = {"是": True, "通过": True, "否": False, "未通过": False}

COLUMNS = (
    Column("uscc", "统一社会信用代码", aliases=("信用代码",)),
    Column("version", "评测指标版本", aliases=("版本",), help="2022 或 2024"),
    Column("assessed_on", "评测日期"),
    Column("score", "总分", required=False, help="2022年版必填"),
    Column("level", "等级", required=False, help="2024年版必填（1–4）"),
    Column("mode", "评测方式", required=False, help="自评 / 现场评测"),
    Column("table", "评测表", required=False, help="制造业 / 生产性服务业 / 其他行业"),
    Column("assessor", "评测机构", required=False),
    Column("is_pilot", "试点城市企业", required=False, help="是 / 否"),
    Column("is_evaluation_passed", "评测验收", required=False, help="通过 / 未通过"),
)


class AssessmentImporter:
    """Officials load assessment results of their region's enterprises (one row per enterprise, version and
    date; a second load of the same row updates it, and a blank cell keeps the stored value)."""

    kind = "digital_assessments"
    title = "数字化水平评测结果"
    scoped_by = "企业所在区县（企业名录中登记的）"
    columns = COLUMNS
    example_rows = (("91430100MA4L0000XX", "2022", dt.date(2023, 5, 10), "62.5", "", "自评", "制造业", "", "否", ""),)

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_official", False))

    def run(self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
        outcome, parsed = ImportOutcome(), []
        for row, values in sheet:
            outcome.total_rows += 1
            errors, record = _parse(row, values)
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
            else:
                parsed.append((row, values, record))
        good = _match(parsed, outcome, scope)
        with transaction.atomic():
            ids = _write(good, outcome, write=apply and (not outcome.rejected or skip_invalid))
        outcome.rejected.sort(key=lambda r: r.row)
        if outcome.applied:
            outcome.summary["enterprise_ids"] = sorted(ids)
        progress(outcome.total_rows)
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        ids = outcome.summary.pop("enterprise_ids", None)
        data_changed(source="digital", enterprise_ids=ids, in_process=in_process)


def _parse(row: int, values: dict[str, Any]) -> tuple[list[RowError], dict[str, Any]]:
    errors: list[RowError] = []
    record: dict[str, Any] = {"uscc": normalize_uscc(cell_text(values.get("uscc")))}

    def bad(column: str, key: str, reason: str) -> None:
        errors.append(RowError(row, column, cell_text(values.get(key)), reason))

    record["assessor"] = cell_text(values.get("assessor"))[:200]
    if len(record["uscc"]) != 18:
        bad("统一社会信用代码", "uscc", "统一社会信用代码应为 18 位")
    record["version"] = cell_text(values.get("version")).removesuffix("年版").removesuffix("版")
    if record["version"] not in Assessment.Version.values:
        bad("评测指标版本", "version", "版本应为 2022 或 2024")
    for key, column, parse in (("assessed_on", "评测日期", parse_date), ("score", "总分", parse_decimal),
                               ("level", "等级", parse_int)):
        try:
            record[key] = parse(values.get(key))
        except ValueError:
            bad(column, key, "格式不正确")
    if record.get("assessed_on") is None and not any(e.column == "评测日期" for e in errors):
        bad("评测日期", "assessed_on", "请填写评测日期")
    for key, column, mapping in (("mode", "评测方式", _MODES), ("table", "评测表", _TABLES),
                                 ("is_pilot", "试点城市企业", _YES_NO), ("is_evaluation_passed", "评测验收", _YES_NO)):
        text = cell_text(values.get(key))
        if text and text not in mapping:
            bad(column, key, f"应为：{' / '.join(mapping)}")
        record[key] = mapping.get(text)
    if not errors:
        try:
            record["level"] = assessment_level(version=record["version"], score=record["score"], level=record["level"])
        except DomainError as exc:
            bad("等级", "level", exc.message)
    return errors, record


def _match(parsed: list, outcome: ImportOutcome, scope: WriteScope) -> list[tuple[int, dict[str, Any]]]:
    """Rows whose enterprise is in the write scope (another region's reads as unknown); repeats refused."""
    from breakzero.enterprises.models import Enterprise

    known = Enterprise.objects.filter(uscc__in={p[2]["uscc"] for p in parsed}, **(scope.enterprise_filter() or {}))
    known = dict(known.values_list("uscc", "pk"))
    good, seen = [], set()
    for row, values, record in parsed:
        pk = known.get(record["uscc"])
        key = (pk, record["version"], record["assessed_on"])
        reason = NOT_FOUND_IN_SCOPE if pk is None else "与前面的行重复（同一企业、版本、评测日期）" if key in seen else ""
        if reason:
            outcome.rejected.append(Rejected(row, [RowError(row, "统一社会信用代码", record["uscc"], reason)], values))
            continue
        seen.add(key)
        good.append((pk, record))
    return good


_FIELDS = ("score", "level", "mode", "table", "assessor", "is_pilot", "is_evaluation_passed")


def _write(good: list[tuple[int, dict[str, Any]]], outcome: ImportOutcome, *, write: bool) -> set[int]:
    """Count (and when `write`, save) each row; a blank cell keeps the stored value."""
    stored = {(a.enterprise_id, a.version, a.assessed_on): a for a in Assessment.objects.filter(
        enterprise_id__in={pk for pk, _ in good})}
    for pk, record in good:
        given = {k: record[k] for k in _FIELDS if record.get(k) not in (None, "")}
        current = stored.get((pk, record["version"], record["assessed_on"]))
        if current is None:
            outcome.counts.created += 1
            if write:
                Assessment.objects.create(enterprise_id=pk, version=record["version"],
                                          assessed_on=record["assessed_on"], **given)
        elif all(getattr(current, k) == v for k, v in given.items()):
            outcome.counts.unchanged += 1
        else:
            outcome.counts.updated += 1
            if write:
                for k, v in given.items():
                    setattr(current, k, v)
                current.save(update_fields=[*given, "updated_at"])
    outcome.applied = write
    return {pk for pk, _ in good}


def _enterprise_cells(e: Any) -> list[Any]:
    return [e.name, e.uscc, e.city.name if e.city_id else "", e.county.name if e.county_id else ""]


def assessment_rows(qs: Iterable[Assessment]) -> tuple[list[str], list[list[Any]]]:
    headers = [*ENTERPRISE_HEADERS, "评测指标版本", "评测表", "评测日期", "评测方式", "评测机构", "总分", "等级",
               "试点城市企业", "评测验收"]
    rows = [[*_enterprise_cells(a.enterprise), a.version, a.get_table_display(), a.assessed_on, a.get_mode_display(),
             a.assessor, a.score, a.level or "", "是" if a.is_pilot else "否",
             {True: "通过", False: "未通过"}.get(a.is_evaluation_passed, "")] for a in qs]
    return headers, rows


def use_rows(qs: Iterable[Any]) -> tuple[list[str], list[list[Any]]]:
    headers = [*ENTERPRISE_HEADERS, "年度", "类型", "服务商/平台运营方", "工业互联网平台", "服务类型", "使用的服务", "上线日期"]
    rows = [[*_enterprise_cells(u.enterprise), u.year, u.get_kind_display(), u.provider, u.platform_name,
             u.get_service_type_display(), u.services, u.started_on or ""] for u in qs]
    return headers, rows


def project_rows(qs: Iterable[Any]) -> tuple[list[str], list[list[Any]]]:
    headers = [*ENTERPRISE_HEADERS, "年度", "项目名称", "改造范围/场景", "服务商", "投资（万元）", "开始日期", "完成日期", "成效"]
    rows = [[*_enterprise_cells(p.enterprise), p.year, p.name, p.scope, p.supplier, p.investment, p.started_on or "",
             p.finished_on or "", p.outcome] for p in qs]
    return headers, rows


def solution_rows(solutions: Iterable[Any], adoptions: Iterable[Any]) -> tuple[list[str], list[list[Any]]]:
    """One row per solution, then per adoption the user may see (its enterprise and outcome)."""
    by_solution: dict[int, list[Any]] = {}
    for a in adoptions:
        by_solution.setdefault(a.solution_id, []).append(a)
    headers = ["解决方案", "服务机构", "适用行业", "应用场景", "采用企业", "采用日期", "成效"]
    rows = []
    for s in solutions:
        rows.append([s.name, s.body.name, s.industry, s.scenario, "", "", ""])
        rows += [[s.name, s.body.name, s.industry, s.scenario, a.enterprise.name, a.adopted_on, a.outcome]
                 for a in by_solution.get(s.pk, [])]
    return headers, rows


class DigitalUseImporter(EnterpriseRecordImporter):
    """上云/上平台 records (kind "digital_uses"): one row per enterprise, year and kind (§3.1)."""

    kind = "digital_uses"
    title = "上云上平台"
    model = DigitalUse
    key_fields = ("year", "kind")
    columns = (
        USCC_COLUMN,
        Column("year", "年度"),
        Column("kind", "类型", help="上云 / 上平台"),
        Column("provider", "服务商/平台运营方", aliases=("服务商",)),
        Column("platform_name", "工业互联网平台名称", required=False),
        Column("services", "使用的服务", required=False),
        Column("started_on", "上线日期", required=False),
    )
    example_rows = (("91430100MA4L0000XX", "2022", "上云", "天翼云", "", "云主机；云存储", dt.date(2022, 3, 1)),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"year": parsed(values, "year", parse_int, bad), "kind": choice(values, "kind", DigitalUse.Kind.choices, bad),
                  "provider": cell_text(values.get("provider"))[:200],
                  "platform_name": cell_text(values.get("platform_name"))[:200],
                  "services": cell_text(values.get("services"))[:500],
                  "started_on": parsed(values, "started_on", parse_date, bad, required=False)}
        if not record["provider"]:
            bad("provider", "请填写")
        return record


class TransformationProjectImporter(EnterpriseRecordImporter):
    """Digital-transformation projects (kind "digital_projects"): scope, supplier, investment, dates, outcome;
    one row per enterprise, year and project name (§3.2 fields)."""

    kind = "digital_projects"
    title = "数字化转型项目"
    model = TransformationProject
    key_fields = ("year", "name")
    columns = (
        USCC_COLUMN,
        Column("year", "年度"),
        Column("name", "项目名称"),
        Column("scope", "改造范围/场景", aliases=("改造范围", "应用场景")),
        Column("supplier", "服务商", required=False),
        Column("investment", "投资（万元）", aliases=("投资",), required=False),
        Column("started_on", "开始日期", required=False),
        Column("finished_on", "完成日期", required=False),
        Column("outcome", "成效", required=False),
    )
    example_rows = (("91430100MA4L0000XX", "2023", "MES 系统建设", "生产执行", "树根互联", "120", "2023-03-01",
                     "2023-10-31", "交付周期缩短20%"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"year": parsed(values, "year", parse_int, bad), "name": cell_text(values.get("name"))[:200],
                  "scope": cell_text(values.get("scope"))[:500], "supplier": cell_text(values.get("supplier"))[:200],
                  "investment": parsed(values, "investment", parse_decimal, bad, required=False),
                  "started_on": parsed(values, "started_on", parse_date, bad, required=False),
                  "finished_on": parsed(values, "finished_on", parse_date, bad, required=False),
                  "outcome": cell_text(values.get("outcome"))}
        for key in ("name", "scope"):
            if not record[key]:
                bad(key, "请填写")
        if record["year"] is not None and not 2000 <= record["year"] <= 2100:
            bad("year", "年度应为四位数年份")
        if record["started_on"] and record["finished_on"] and record["finished_on"] < record["started_on"]:
            bad("finished_on", "完成日期不能早于开始日期")
        return record
