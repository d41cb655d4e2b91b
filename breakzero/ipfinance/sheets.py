"""IP-finance xlsx import: patent pledge loans (kind "pledge_loans"); the pledged patents are named by
application number and must already be in the patent records (never retyped; programme-rules-2.md §7.4)."""

from __future__ import annotations

from typing import Any

from breakzero.core.errors import DomainError
from breakzero.core.record_imports import USCC_COLUMN, Bad, EnterpriseRecordImporter, choice, parsed
from breakzero.core.sheets import Column, cell_text, parse_date, parse_decimal, parse_int
from breakzero.ipfinance.models import PatentDeal, PledgeLoan
from breakzero.ipfinance.services import patents_by_number

_YES_NO = {"是": True, "否": False}


class PledgeLoanImporter(EnterpriseRecordImporter):
    kind = "pledge_loans"
    title = "专利质押贷款"
    model = PledgeLoan
    key_fields = ("bank", "lent_on")
    columns = (
        USCC_COLUMN,
        Column("bank", "贷款银行"),
        Column("amount", "贷款金额（万元）", aliases=("贷款金额",)),
        Column("term_months", "期限（月）", aliases=("期限",)),
        Column("lent_on", "放款日期"),
        Column("patents", "质押专利申请号", help="多个用；分隔，须已在专利库中"),
        Column("is_in_pool", "纳入风险补偿资金池", required=False, help="是 / 否（空白为是）"),
    )
    example_rows = (("91430100MA4L0000XX", "长沙银行", "300", "12", "2022-09-01", "CN202110000001.X", "是"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"bank": cell_text(values.get("bank"))[:100],
                  "amount": parsed(values, "amount", parse_decimal, bad),
                  "term_months": parsed(values, "term_months", parse_int, bad),
                  "lent_on": parsed(values, "lent_on", parse_date, bad)}
        if not record["bank"]:
            bad("bank", "请填写")
        if record["amount"] is not None and record["amount"] <= 0:
            bad("amount", "贷款金额须大于 0")
        pool = cell_text(values.get("is_in_pool"))
        if pool and pool not in _YES_NO:
            bad("is_in_pool", "应为：是 / 否")
        record["is_in_pool"] = _YES_NO.get(pool)  # blank: the stored value, or the default (是)
        record["patents"] = _numbers(values)
        return record

    def related(self, record: dict[str, Any], bad: Bad) -> dict[str, list[Any]]:
        numbers = record.pop("patents")
        try:
            return {"patents": patents_by_number(numbers)}
        except DomainError as exc:
            bad("patents", exc.message)
            return {}


class PatentDealImporter(EnterpriseRecordImporter):
    """Patent transfers and licences (kind "patent_deals") with the patents involved by application number."""

    kind = "patent_deals"
    title = "专利转让许可"
    model = PatentDeal
    key_fields = ("kind", "counterparty", "signed_on")
    columns = (
        USCC_COLUMN,
        Column("kind", "方式", help="转让 / 许可"),
        Column("counterparty", "转让方/许可方"),
        Column("value", "合同金额（万元）", aliases=("合同金额",)),
        Column("signed_on", "签订日期"),
        Column("patents", "专利申请号", help="多个用；分隔，须已在专利库中"),
    )
    example_rows = (("91430100MA4L0000XX", "转让", "中南大学", "10.5", "2022-06-01", "CN202110000001.X"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"kind": choice(values, "kind", PatentDeal.Kind.choices, bad),
                  "counterparty": cell_text(values.get("counterparty"))[:200],
                  "value": parsed(values, "value", parse_decimal, bad),
                  "signed_on": parsed(values, "signed_on", parse_date, bad),
                  "patents": _numbers(values)}
        if not record["counterparty"]:
            bad("counterparty", "请填写")
        return record

    related = PledgeLoanImporter.related


def _numbers(values: dict[str, Any]) -> list[str]:
    return [n for n in cell_text(values.get("patents")).replace(";", "；").split("；") if n.strip()]
