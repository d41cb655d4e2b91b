"""IP-finance xlsx import: patent pledge loans (kind "pledge_loans"); the pledged patents are named by
application number and must already be in the patent records (never retyped; programme-rules-2.md §7.4)."""

from __future__ import annotations

from typing import Any

from breakzero.core.errors import DomainError
from breakzero.core.record_imports import (
    REGION_COLUMN, USCC_COLUMN, Bad, EnterpriseRecordImporter, RegionRecordImporter, choice, parsed)
from breakzero.core.sheets import Column, cell_text, parse_date, parse_decimal, parse_int
from breakzero.ipfinance.models import Achievement, NavigationProject, PatentDeal, PledgeLoan
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


class AchievementImporter(RegionRecordImporter):
    """The achievements library (kind "achievements"): one row per holder and title, placed in the holder's
    county; a patent achievement names its patents by application number (they must be on record)."""

    kind = "achievements"
    title = "成果库"
    model = Achievement
    key_fields = ("holder", "title")
    columns = (
        REGION_COLUMN,
        Column("title", "成果名称"),
        Column("kind", "成果类型", help="专利 / 技术成果"),
        Column("holder_kind", "持有单位类型", help="高校 / 科研院所 / 企业"),
        Column("holder", "持有单位"),
        Column("patents", "专利申请号", required=False, help="专利类成果必填；多个用；分隔，须已在专利库中"),
        Column("offer", "交易方式", required=False, help="转让 / 许可 / 转让或许可（空白为转让或许可）"),
        Column("industry_section", "行业门类", required=False, help="国民经济行业门类字母，如 C"),
        Column("keywords", "关键词", required=False),
        Column("asking_price", "参考价格（万元）", required=False),
        Column("listed_on", "入库日期"),
    )
    example_rows = (("430104", "高强铝合金焊接工艺", "专利", "高校", "中南大学", "CN202110000001.X", "转让", "C",
                     "铝合金 焊接", "50", "2022-06-01"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"title": cell_text(values.get("title"))[:200],
                  "kind": choice(values, "kind", Achievement.Kind.choices, bad),
                  "holder_kind": choice(values, "holder_kind", Achievement.HolderKind.choices, bad),
                  "holder": cell_text(values.get("holder"))[:200],
                  "offer": choice(values, "offer", Achievement.Offer.choices, bad, required=False),
                  "industry_section": cell_text(values.get("industry_section")).upper()[:1],
                  "keywords": cell_text(values.get("keywords"))[:200],
                  "asking_price": parsed(values, "asking_price", parse_decimal, bad, required=False),
                  "listed_on": parsed(values, "listed_on", parse_date, bad),
                  "patents": _numbers(values)}
        for key in ("title", "holder"):
            if not record[key]:
                bad(key, "请填写")
        if record["kind"] == Achievement.Kind.PATENT and not record["patents"]:
            bad("patents", "专利类成果须填写专利申请号")
        return record

    def related(self, record: dict[str, Any], bad: Bad) -> dict[str, list[Any]]:
        numbers = record.pop("patents")
        if not numbers:
            return {}
        try:
            return {"patents": patents_by_number(numbers)}
        except DomainError as exc:
            bad("patents", exc.message)
            return {}


class NavigationProjectImporter(RegionRecordImporter):
    """Patent-navigation projects (kind "navigation_projects") by GB/T 39551 type, placed in their county."""

    kind = "navigation_projects"
    title = "专利导航项目"
    model = NavigationProject
    key_fields = ("client", "name")
    columns = (
        REGION_COLUMN,
        Column("name", "项目名称"),
        Column("kind", "导航类型", help="区域规划类 / 产业规划类 / 企业经营类 / 研发活动类 / 人才管理类"),
        Column("subject", "导航对象"),
        Column("client", "委托单位"),
        Column("provider", "服务机构"),
        Column("started_on", "开始日期"),
        Column("finished_on", "完成日期", required=False),
        Column("deliverable", "成果报告名称", required=False),
    )
    example_rows = (("430100", "长沙工程机械产业专利导航", "产业规划类", "工程机械产业链", "长沙市市场监督管理局",
                     "湖南省知识产权交易中心", "2022-03-01", "2022-12-31", "长沙工程机械产业专利导航报告"),)

    def parse(self, values: dict[str, Any], bad: Bad) -> dict[str, Any]:
        record = {"name": cell_text(values.get("name"))[:200],
                  "kind": choice(values, "kind", NavigationProject.Kind.choices, bad),
                  "subject": cell_text(values.get("subject"))[:200], "client": cell_text(values.get("client"))[:200],
                  "provider": cell_text(values.get("provider"))[:200],
                  "started_on": parsed(values, "started_on", parse_date, bad),
                  "finished_on": parsed(values, "finished_on", parse_date, bad, required=False),
                  "deliverable": cell_text(values.get("deliverable"))[:200]}
        for key in ("name", "subject", "client", "provider"):
            if not record[key]:
                bad(key, "请填写")
        if record["started_on"] and record["finished_on"] and record["finished_on"] < record["started_on"]:
            bad("finished_on", "完成日期不能早于开始日期")
        return record


def _numbers(values: dict[str, Any]) -> list[str]:
    return [n for n in cell_text(values.get("patents")).replace(";", "；").split("；") if n.strip()]
