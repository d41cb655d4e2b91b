"""Talent xlsx import: leading talents and teams (kind "leading_talents"), one row per person or team,
programme and year of selection (programme-rules-2.md §4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakzero.core.record_imports import USCC_COLUMN, Bad, EnterpriseRecordImporter, choice, parsed
from breakzero.core.sheets import Column, cell_text, parse_date, parse_int
from breakzero.talent.models import FlexibleExpert, LeadingTalent


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
