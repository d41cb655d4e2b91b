"""Talent xlsx import: leading talents and teams (kind "leading_talents"), one row per person or team,
programme and year of selection (programme-rules-2.md §4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakzero.core.hooks import data_changed
from breakzero.core.imports import ImportOutcome, Progress, Rejected, WriteScope
from breakzero.core.record_imports import (
    REGION_COLUMN, USCC_COLUMN, Bad, EnterpriseRecordImporter, RegionRecordImporter, choice, finish_records,
    merge_record, parsed)
from breakzero.core.sheets import Column, RowError, SheetRows, cell_text, parse_date, parse_decimal, parse_int
from breakzero.rules.uscc import normalize_uscc
from breakzero.talent.models import ExchangeVisit, FlexibleExpert, LeadingTalent, TrainingCourse


class LeadingTalentImporter(EnterpriseRecordImporter):
    kind = "leading_talents"
    title = "领军人才和创新团队"
    model = LeadingTalent
    key_fields = ("name", "programme", "year")
    columns = (
        USCC_COLUMN,
        Column("kind", "类型", required=False, help="领军人才 / 创新团队（空白为领军人才）"),
        Column("name", "姓名/团队名称", aliases=("姓名", "团队名称")),
        Column("programme", "人才计划"),
        Column("year", "入选年度", aliases=("年度",)),
        Column("field", "领域", required=False),
    )
    example_rows = (("91430100MA4L0000XX", "领军人才", "张三", "芙蓉计划", "2022", "工程机械"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"kind": choice(values, "kind", LeadingTalent.Kind.choices, bad, required=False) or LeadingTalent.Kind.PERSON,
                  "name": cell_text(values.get("name"))[:100], "programme": cell_text(values.get("programme"))[:200],
                  "year": parsed(values, "year", parse_int, bad), "field": cell_text(values.get("field"))[:100]}
        for key in ("name", "programme"):
            if not record[key]:
                bad(key, "请填写")
        if record["year"] is not None and not 2000 <= record["year"] <= 2100:
            bad("year", "年度应为四位数年份")
        return record


class FlexibleExpertImporter(EnterpriseRecordImporter):
    """Flexibly hired experts (kind "flexible_experts"): from where, agreement period, days a year (§4)."""

    kind = "flexible_experts"
    title = "柔性引进专家"
    model = FlexibleExpert
    key_fields = ("name", "agreement_start")
    columns = (
        USCC_COLUMN,
        Column("name", "姓名"),
        Column("from_organisation", "来自单位"),
        Column("agreement_start", "协议开始"),
        Column("agreement_end", "协议结束"),
        Column("days_per_year", "每年服务天数", required=False),
    )
    example_rows = (("91430100MA4L0000XX", "李四", "中南大学", dt.date(2022, 1, 1), dt.date(2024, 12, 31), "60"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"name": cell_text(values.get("name"))[:50],
                  "from_organisation": cell_text(values.get("from_organisation"))[:200],
                  "agreement_start": parsed(values, "agreement_start", parse_date, bad),
                  "agreement_end": parsed(values, "agreement_end", parse_date, bad),
                  "days_per_year": parsed(values, "days_per_year", parse_int, bad, required=False)}
        for key in ("name", "from_organisation"):
            if not record[key]:
                bad(key, "请填写")
        start, end = record["agreement_start"], record["agreement_end"]
        if start and end and end < start:
            bad("agreement_end", "协议结束不能早于协议开始")
        if record["days_per_year"] is not None and not 0 < record["days_per_year"] <= 366:
            bad("days_per_year", "每年服务天数应在 1–366 之间")
        return record


class TrainingCourseImporter(RegionRecordImporter):
    """Training courses held by associations and service bodies (kind "training_courses"), placed in the county
    (or city) where they were held; certificates cannot exceed attendees (the model's constraint)."""

    kind = "training_courses"
    title = "培训课程"
    model = TrainingCourse
    key_fields = ("organiser", "course", "held_on")
    columns = (
        REGION_COLUMN,
        Column("organiser", "主办单位"),
        Column("course", "课程"),
        Column("held_on", "举办日期"),
        Column("hours", "学时"),
        Column("attendees", "参训人数"),
        Column("certificates", "发证人数", required=False, help="空白为 0"),
    )
    example_rows = (("430104", "省企业科协联合会", "TRIZ 创新工程师训练营", "2022-05-01", "16", "40", "30"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"organiser": cell_text(values.get("organiser"))[:200], "course": cell_text(values.get("course"))[:200],
                  "held_on": parsed(values, "held_on", parse_date, bad),
                  "hours": parsed(values, "hours", parse_decimal, bad),
                  "attendees": parsed(values, "attendees", parse_int, bad),
                  "certificates": parsed(values, "certificates", parse_int, bad, required=False)}
        _required(record, values, bad, "organiser", "course")
        if record["hours"] is not None and record["hours"] <= 0:
            bad("hours", "学时须大于 0")
        attendees, certificates = record["attendees"], record["certificates"]
        if attendees is not None and attendees < 0:
            bad("attendees", "参训人数不能为负数")
        if certificates is not None and attendees is not None and certificates > attendees:
            bad("certificates", "发证人数不能多于参训人数")
        return record


class ExchangeVisitImporter(RegionRecordImporter):
    """Exchange and study visits (kind "exchange_visits"), placed in the organising county (or city)."""

    kind = "exchange_visits"
    title = "交流考察"
    model = ExchangeVisit
    key_fields = ("organiser", "theme", "started_on")
    columns = (
        REGION_COLUMN,
        Column("organiser", "组织单位"),
        Column("theme", "主题"),
        Column("destination", "考察地点/单位"),
        Column("started_on", "开始日期"),
        Column("ended_on", "结束日期"),
        Column("participants", "参加人数"),
        Column("enterprises", "参加企业数", required=False),
    )
    example_rows = (("430100", "长沙市中小企业服务中心", "专精特新企业赴深圳交流", "2023-04-10", "2023-04-13", "30", "20"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"organiser": cell_text(values.get("organiser"))[:200], "theme": cell_text(values.get("theme"))[:200],
                  "destination": cell_text(values.get("destination"))[:200],
                  "started_on": parsed(values, "started_on", parse_date, bad),
                  "ended_on": parsed(values, "ended_on", parse_date, bad),
                  "participants": parsed(values, "participants", parse_int, bad),
                  "enterprises": parsed(values, "enterprises", parse_int, bad, required=False)}
        _required(record, values, bad, "organiser", "theme", "destination")
        if record["started_on"] and record["ended_on"] and record["ended_on"] < record["started_on"]:
            bad("ended_on", "结束日期不能早于开始日期")
        people, firms = record["participants"], record["enterprises"]
        if people is not None and firms is not None and firms > people:
            bad("enterprises", "参加企业数不能多于参加人数")
        return record


def _required(record: dict[str, Any], values: dict[str, Any], bad: Bad, *keys: str) -> None:
    for key in keys:
        if not record[key]:
            bad(key, "请填写")


class BodyCourseImporter:
    """A service body's own training courses (kind "body_training_courses"; plan §二(八)): one row per course and
    date, placed in the body's county (or city) with the body as organiser. A service body's staff load only
    their own body's courses (an official, the bodies of their region)."""

    kind = "body_training_courses"
    title = "本机构培训课程"
    scoped_by = "举办的服务机构（服务机构账号：本机构；官员：辖区内的服务机构）"
    columns = (
        Column("body_uscc", "服务机构统一社会信用代码", aliases=("服务机构信用代码",)),
        Column("course", "课程"),
        Column("held_on", "举办日期"),
        Column("hours", "学时"),
        Column("attendees", "参训人数"),
        Column("certificates", "发证人数", required=False, help="空白为 0"),
    )
    example_rows = (("91430100MA4L0000XX", "TRIZ 创新工程师训练营", "2022-05-01", "16", "40", "30"),)

    def can_import(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.role == "service_body"

    def run(self, sheet: SheetRows, *, scope: WriteScope, apply: bool, skip_invalid: bool,
            progress: Progress) -> ImportOutcome:
        from breakzero.service_bodies.access import bodies_managed_by
        from breakzero.service_bodies.models import ServiceBody

        qs = ServiceBody.objects.all() if scope.is_shell else bodies_managed_by(scope.user)
        bodies = {b.uscc: b for b in qs.select_related("region")}
        labels = {c.key: c.header for c in self.columns}
        outcome, good, seen = ImportOutcome(), [], set()
        for row, values in sheet:
            outcome.total_rows += 1
            errors: list[RowError] = []

            def bad(key: str, reason: str, row: int = row, values: dict = values, errors: list = errors) -> None:
                errors.append(RowError(row, labels.get(key, ""), cell_text(values.get(key)), reason))

            body = bodies.get(normalize_uscc(cell_text(values.get("body_uscc"))))
            if body is None:
                bad("body_uscc", "未找到您可管理的该服务机构（只能导入本机构的培训课程）")
            record = {"course": cell_text(values.get("course"))[:200], "held_on": parsed(values, "held_on", parse_date, bad),
                      "hours": parsed(values, "hours", parse_decimal, bad),
                      "attendees": parsed(values, "attendees", parse_int, bad),
                      "certificates": parsed(values, "certificates", parse_int, bad, required=False)}
            _check_course(record, values, bad)
            key = (getattr(body, "pk", None), record["course"], record["held_on"])
            if not errors and key in seen:
                bad("course", "与前面的行重复（同一机构、课程、举办日期）")
            if errors:
                outcome.rejected.append(Rejected(row, errors, values))
                continue
            seen.add(key)
            record["organiser"] = body.name[:200]
            place = {"body_id": body.pk, "county_id": None if body.region.is_prefecture else body.region_id,
                     "city_id": body.city_id}
            merge_record(TrainingCourse, place, ("course", "held_on"), record, {}, row, values, labels, outcome, good)
        return finish_records(good, outcome, apply=apply, skip_invalid=skip_invalid, progress=progress)

    def after_apply(self, outcome: ImportOutcome, *, in_process: bool) -> None:
        data_changed(source="training_courses", in_process=in_process)


def _check_course(record: dict[str, Any], values: dict[str, Any], bad: Bad) -> None:
    if not record["course"]:
        bad("course", "请填写")
    if record["hours"] is not None and record["hours"] <= 0:
        bad("hours", "学时须大于 0")
    attendees, certificates = record["attendees"], record["certificates"]
    if attendees is not None and attendees < 0:
        bad("attendees", "参训人数不能为负数")
    if certificates is not None and attendees is not None and certificates > attendees:
        bad("certificates", "发证人数不能多于参训人数")
