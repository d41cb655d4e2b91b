"""民参军 xlsx import: the qualifications units hold (kind "defence_qualifications"), recorded without
classified detail (programme-rules-2.md §5.1): type, number, open wording of fields, validity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakzero.core.record_imports import USCC_COLUMN, Bad, EnterpriseRecordImporter, choice, parsed
from breakzero.core.sheets import Column, cell_text, parse_date
from breakzero.defence.models import Qualification


class QualificationImporter(EnterpriseRecordImporter):
    kind = "defence_qualifications"
    title = "民参军单位资格"
    model = Qualification
    key_fields = ("kind", "number")
    columns = (
        USCC_COLUMN,
        Column("kind", "资格类型", help="武器装备科研生产许可 / 保密资格 / 装备承制单位资格"),
        Column("number", "证书编号"),
        Column("fields", "领域（公开表述）", aliases=("领域",), required=False, help="不得填写涉密内容"),
        Column("valid_from", "有效期起"),
        Column("valid_until", "有效期至"),
    )
    example_rows = (("91430100MA4L0000XX", "保密资格", "BM-2022-001", "电子元器件", dt.date(2022, 1, 1), dt.date(2026, 12, 31)),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"kind": choice(values, "kind", Qualification.Kind.choices, bad),
                  "number": cell_text(values.get("number"))[:60], "fields": cell_text(values.get("fields"))[:200],
                  "valid_from": parsed(values, "valid_from", parse_date, bad),
                  "valid_until": parsed(values, "valid_until", parse_date, bad)}
        if not record["number"]:
            bad("number", "请填写")
        if record["valid_from"] and record["valid_until"] and record["valid_until"] < record["valid_from"]:
            bad("valid_until", "有效期至不能早于有效期起")
        return record
