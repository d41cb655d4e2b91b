"""Innovation-engineer import (kind "engineers"): one row per engineer, optionally one training.

Set-based: engineers go through a staging table and one upsert keyed on the ID number;
training records follow, keyed on (engineer, course, date). Nothing is written from a file
with bad rows unless the user chose to skip them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from breakzero.core.bulk import StageColumn, StagingTable, qn
from breakzero.core.imports import OUTSIDE_SCOPE, ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text
from breakzero.regions.selectors import RegionResolver
from breakzero.service_bodies.idnumbers import validate_id_number
from breakzero.service_bodies.models import Engineer, EngineerTraining
from breakzero.service_bodies.sheets.common import NOW, date_cell, decimal_cell, is_authenticated, uscc_cell

COLUMNS = (
    Column("name", "姓名"),
    Column("id_number", "身份证号", aliases=("身份证号码", "公民身份号码", "证件号码")),
    Column("employer_uscc", "所在企业统一社会信用代码", required=False, aliases=("统一社会信用代码", "企业信用代码")),
    Column("county", "所在区县", required=False, aliases=("区县", "区县代码")),
    Column("certificate_number", "证书编号", required=False, aliases=("证书号",)),
    Column("certified_on", "发证日期", required=False, aliases=("取证日期",)),
    Column("phone", "手机号", required=False, aliases=("联系电话", "手机")),
    Column("field", "专业领域", required=False, aliases=("领域", "专业")),
    Column("is_published_on_portal", "同意在门户公开", required=False, aliases=("同意公开", "是否公开")),
    Column("course", "培训课程", required=False, aliases=("课程", "课程名称")),
    Column("hours", "学时", required=False),
    Column("trained_on", "培训日期", required=False),
    Column("provider", "培训机构", required=False),
)
MAX_HOURS = Decimal(1000)
ENGINEER_STAGE = (
    StageColumn("id_number", "varchar(18)"), StageColumn("name", "varchar(50)"), StageColumn("employer_id", "bigint"),
    StageColumn("employer_uscc", "varchar(18)"), StageColumn("county_id", "varchar(6)"), StageColumn("city_id", "varchar(6)"),
    StageColumn("certificate_number", "varchar(50)"), StageColumn("certified_on", "date"), StageColumn("phone", "varchar(20)"),
    StageColumn("field", "varchar(100)"), StageColumn("is_published_on_portal", "boolean"),
)
CONSENT = {"是": True, "同意": True, "y": True, "yes": True, "1": True, "true": True,
           "否": False, "不同意": False, "n": False, "no": False, "0": False, "false": False}
TRAINING_STAGE = (
    StageColumn("id_number", "varchar(18)"), StageColumn("course", "varchar(200)"),
    StageColumn("hours", "numeric(6,1)"), StageColumn("trained_on", "date"), StageColumn("provider", "varchar(200)"),
)


@dataclass(frozen=True)
class EngineerRow:
    id_number: str
    name: str
    employer_id: int | None
    employer_uscc: str
    county_id: str | None
    city_id: str
    certificate_number: str
    certified_on: dt.date | None
    phone: str
    field: str
    # None = the cell was blank: an engineer already registered keeps the stored choice, a new one
    # is not published (consent is never presumed).
    is_published_on_portal: bool | None


@dataclass(frozen=True)
class TrainingRow:
    id_number: str
    course: str
    hours: Decimal
    trained_on: dt.date
    provider: str


class EngineersImporter:
    kind = "engineers"
    title = "创新工程师"
    scoped_by = "工程师所在区县（文件中的，以及已登记工程师原来的）；所在企业须在本辖区内"
    columns = COLUMNS
    example_rows = (
        ("张三", "430102199001011234", "91430104MA4L00001X", "岳麓区", "HNCX-2021-0001", dt.date(2021, 6, 30), "13800000000",
         "智能制造", "是", "破零专利挖掘实务", 16, dt.date(2021, 5, 20), "湖南省中小企业服务中心"),
    )

    def can_import(self, user: Any) -> bool:
        return is_authenticated(user) and (user.is_official or user.role == "system_admin")

    def run(
        self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool, progress: Progress
    ) -> ImportOutcome:
        outcome = ImportOutcome()
        parser = _RowParser(scope)
        engineers: dict[str, EngineerRow] = {}
        trainings: dict[tuple, TrainingRow] = {}
        for row, values in sheet:
            outcome.total_rows += 1
            result = parser.parse(row, values, engineers)
            if isinstance(result, list):
                outcome.rejected.append(Rejected(row, result, values))
                continue
            engineer, training = result
            engineers[engineer.id_number] = engineer
            if training:
                trainings[(training.id_number, training.course, training.trained_on)] = training
            if outcome.total_rows % 5000 == 0:
                progress(outcome.total_rows)
        with transaction.atomic():
            outcome.counts, applied = _write(engineers, trainings, apply=apply and (not outcome.rejected or skip_invalid))
            outcome.applied = applied
        outcome.summary = {"trainings": len(trainings)}
        progress(outcome.total_rows)
        return outcome

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        return None  # engineer counts are read live by the progress indicators


class _RowParser:
    def __init__(self, scope: WriteScope) -> None:
        from breakzero.enterprises.models import Enterprise

        self.resolver = RegionResolver()
        self.scope = scope
        # Only enterprises inside the scope: another region's employer reads as unregistered.
        registered = Enterprise.objects.filter(**(scope.enterprise_filter() or {}))
        self.enterprises = {u: (pk, c, city) for u, pk, c, city in registered.values_list("uscc", "pk", "county_id", "city_id")}
        # Engineers already registered (ID number → county, city): one outside the scope is not
        # moved into it by a file.
        self.stored = {i: (c, city) for i, c, city in Engineer.objects.values_list("id_number", "county_id", "city_id")}
        self.rows: dict[str, int] = {}

    def parse(self, row: int, values: dict[str, Any], seen: dict[str, EngineerRow]) -> tuple | list[RowError]:
        errors: list[RowError] = []
        name = cell_text(values.get("name"))[:50]
        if not name:
            errors.append(RowError(row, "姓名", "", "姓名不能为空"))
        id_number = ""
        try:
            id_number = validate_id_number(values.get("id_number"))
        except ValueError as exc:
            errors.append(RowError(row, "身份证号", cell_text(values.get("id_number")), str(exc)))
        uscc = uscc_cell(row, "所在企业统一社会信用代码", values.get("employer_uscc"), errors, required=False)
        employer = self.enterprises.get(uscc) if uscc else None
        county_id, city_id = self._region(row, values, employer, uscc, errors)
        if id_number in self.stored and not errors and not self.scope.allows(*self.stored[id_number]):
            errors.append(RowError(row, "身份证号", id_number, OUTSIDE_SCOPE))
        certified_on = date_cell(row, "发证日期", values.get("certified_on"), errors, required=False)
        consent_text = cell_text(values.get("is_published_on_portal")).lower()
        consent = CONSENT.get(consent_text) if consent_text else None
        if consent_text and consent is None:
            errors.append(RowError(row, "同意在门户公开", consent_text, "请填写“是”或“否”"))
        training = self._training(row, values, id_number, errors)
        if errors:
            return errors
        engineer = EngineerRow(
            id_number, name, employer[0] if employer else None, uscc, county_id, city_id,
            cell_text(values.get("certificate_number"))[:50], certified_on, cell_text(values.get("phone"))[:20],
            cell_text(values.get("field"))[:100], consent,
        )
        previous = seen.get(id_number)
        if previous and astuple(previous) != astuple(engineer):
            return [RowError(row, "身份证号", id_number, f"与第 {self.rows[id_number]} 行身份证号相同但人员信息不一致")]
        self.rows.setdefault(id_number, row)
        return engineer, training

    def _region(self, row: int, values: dict, employer: tuple | None, uscc: str, errors: list) -> tuple[str | None, str]:
        text = cell_text(values.get("county"))
        county = city = None
        if text:
            try:
                region = self.resolver.county(text).region
                county, city = region.code, region.city_code
            except ValueError as exc:
                errors.append(RowError(row, "所在区县", text, str(exc)))
                return None, ""
        elif employer:
            county, city = employer[1], employer[2]
        elif uscc:
            errors.append(RowError(row, "所在企业统一社会信用代码", uscc, "企业库中没有此企业，请填写所在区县"))
            return None, ""
        else:
            errors.append(RowError(row, "所在区县", "", "所在区县与所在企业至少填写一项"))
            return None, ""
        if not self.scope.allows(county, city):
            errors.append(RowError(row, "所在区县", text or str(county), "该地区不在您的管辖范围内"))
        return county, city or ""

    def _training(self, row: int, values: dict, id_number: str, errors: list) -> TrainingRow | None:
        course = cell_text(values.get("course"))[:200]
        hours = decimal_cell(row, "学时", values.get("hours"), errors)
        trained_on = date_cell(row, "培训日期", values.get("trained_on"), errors, required=False)
        provider = cell_text(values.get("provider"))[:200]
        if not (course or hours is not None or trained_on or provider):
            return None
        if not course:
            errors.append(RowError(row, "培训课程", "", "填写了培训信息时培训课程不能为空"))
        if hours is None or hours <= 0 or hours > MAX_HOURS:
            errors.append(RowError(row, "学时", cell_text(values.get("hours")), "学时应为 0-1000 之间的数字"))
        if trained_on is None:
            errors.append(RowError(row, "培训日期", "", "填写了培训信息时培训日期不能为空"))
        if not course or hours is None or trained_on is None:
            return None
        return TrainingRow(id_number, course, hours.quantize(Decimal("0.1")), trained_on, provider)


def _write(engineers: dict, trainings: dict, *, apply: bool):
    target = Engineer._meta.db_table
    with StagingTable(ENGINEER_STAGE, prefix="stage_engineers") as stage:
        stage.load(astuple(e) for e in engineers.values())
        compare = [c.name for c in ENGINEER_STAGE[1:]]
        stage.fill_blanks_from(target, keys=["id_number"], columns=compare)
        with connection.cursor() as cursor:  # a new engineer with a blank consent cell is not published
            cursor.execute(f"UPDATE {qn(stage.name)} SET is_published_on_portal = false WHERE is_published_on_portal IS NULL")
        counts = stage.count_changes(target, keys=["id_number"], compare=compare)
        if not apply:
            return counts, False
        stage.upsert(target, keys=["id_number"], update=compare, insert_extra={"created_at": NOW, "updated_at": NOW},
                     update_extra={"updated_at": NOW})
    _write_trainings(trainings)
    return counts, True


def _write_trainings(trainings: dict) -> None:
    with StagingTable(TRAINING_STAGE, prefix="stage_trainings") as stage:
        stage.load(astuple(t) for t in trainings.values())
        table, engineers = EngineerTraining._meta.db_table, Engineer._meta.db_table
        cols = ["engineer_id", "course", "hours", "trained_on", "provider", "created_at", "updated_at"]
        sql = (
            f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in cols)})"
            f" SELECT e.id, s.course, s.hours, s.trained_on, s.provider, {NOW}, {NOW}"
            f" FROM {qn(stage.name)} s JOIN {qn(engineers)} e ON e.id_number = s.id_number WHERE true"
            f" ON CONFLICT (engineer_id, course, trained_on) DO UPDATE SET hours = excluded.hours,"
            f" provider = excluded.provider, updated_at = {NOW}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
