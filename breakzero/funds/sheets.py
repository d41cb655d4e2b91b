"""xlsx exports of the special funds: support per beneficiary, budget execution, 绩效自评."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from breakzero.funds.money import wan_figure

SUPPORT_HEADERS = ["年度", "资金", "支持方式", "项目", "批准金额（万元）", "已拨付（万元）", "状态", "重复支持提示"]
EXECUTION_HEADERS = ["维度", "下达/类别预算（万元）", "批准（万元）", "已拨付（万元）", "未拨付（万元）", "已追回（万元）"]
PAYMENT_HEADERS = ["拨付日期", "资金", "年度", "项目", "承担单位", "金额（元）", "预算文号", "收款账户（脱敏）", "冲正说明", "登记人"]
OPINION_HEADERS = ["申报批次", "企业", "市州", "申报状态", "工信意见", "工信结论", "财政意见", "财政结论"]
PROJECT_HEADERS = ["年度", "资金", "类别", "支持方式", "项目", "承担单位", "市州", "批准文号", "批准金额（元）", "已拨付（元）",
                   "未拨付（元）", "已追回（元）", "状态"]
VOUCHER_HEADERS = ["券号", "资金", "年度", "持券企业", "面值（元）", "发放日期", "有效期至", "状态", "兑付机构", "兑付日期"]
CREDIT_HEADERS = ["企业", "统一社会信用代码", "类型", "列入日期", "移出日期", "来源"]
BAN_HEADERS = ["单位", "单位类型", "资金", "起始日期", "截止日期", "原因", "应追回（元）", "已追回（元）"]
SELF_EVALUATION_HEADERS = ["项目", "承担单位", "批准金额（万元）", "已拨付（万元）", "绩效指标", "单位", "目标值", "完成值",
                           "是否完成", "完成期限", "项目状态"]


def support_rows(rows: list[Any]) -> list[list[Any]]:
    return [[r.year, r.fund, r.kind, r.name, wan_figure(r.approved), wan_figure(r.paid), r.status, r.warning] for r in rows]


def execution_rows(rows: list[Any]) -> list[list[Any]]:
    return [[r.label, wan_figure(r.allocated), wan_figure(r.approved), wan_figure(r.paid), wan_figure(r.outstanding), wan_figure(r.recovered)] for r in rows]


def self_evaluation_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    out = []
    for row in rows:
        project, target = row["project"], row["target"]
        head = [project.name, str(project.beneficiary), wan_figure(project.approved_amount), wan_figure(project.paid)]
        if target is None:
            out.append([*head, "（未设定绩效目标）", "", "", "", "", "", project.get_status_display()])
            continue
        met = {True: "完成", False: "未完成", None: "未填报"}[target.is_met]
        out.append([*head, target.indicator, target.unit, target.target_value.normalize(),
                    None if target.actual_value is None else target.actual_value.normalize(), met, target.deadline,
                    project.get_status_display()])
    return out


def payment_rows(payments: Any) -> list[list[Any]]:
    """Amounts in 元 to the 分 (a payment list is what finance reconciles against the bank)."""
    return [[p.paid_on, p.project.fund.name, p.project.year, p.project.name, str(p.project.beneficiary), p.amount,
             p.budget_document, p.payee_account_masked, p.note, str(p.recorded_by or "")] for p in payments]


def opinion_rows(rows: list[tuple[Any, dict[str, Any]]]) -> list[list[Any]]:
    def pair(opinion: Any) -> list[str]:
        return ["", "未填写"] if opinion is None else [opinion.opinion, "同意推荐" if opinion.agrees else "不同意推荐"]

    return [[a.call.title, a.enterprise.name, getattr(a.city, "name", ""), a.get_state_display(),
             *pair(ops.get("industry")), *pair(ops.get("finance"))] for a, ops in rows]


def project_rows(projects: Any) -> list[list[Any]]:
    return [[p.year, p.fund.name, str(p.category or ""), p.get_support_mode_display(), p.name, str(p.beneficiary),
             getattr(p.city, "name", ""), p.approval_document, p.approved_amount, p.paid, p.outstanding, p.recovered,
             p.get_status_display()] for p in projects]


def voucher_rows(vouchers: Any) -> list[list[Any]]:
    return [[v.code, v.fund.name, v.year, v.enterprise.name, v.face_value, v.issued_on, v.expires_on, v.get_status_display(),
             str(v.project.service_body) if v.project_id else "", v.redeemed_on or ""] for v in vouchers]


def credit_rows(records: Any) -> list[list[Any]]:
    return [[r.enterprise.name, r.enterprise.uscc, r.get_kind_display(), r.listed_on, r.removed_on or "", r.source]
            for r in records]


def ban_rows(bans: Any) -> list[list[Any]]:
    """Bans with the clawback's amount to recover and what was recovered (`selectors.bans_for`)."""
    return [[str(b.party), "企业" if b.enterprise_id else "服务机构", b.fund.name, b.starts_on, b.ends_on or "",
             b.reason, b.clawback.amount_to_recover if b.clawback_id else None, b.recovered] for b in bans]


def self_evaluation_figures(summary: Any) -> list[tuple[str, Any, str]]:
    """The 绩效自评 summary as (label, value, kind), kind "count", "wan" (元 → 万元) or "rate" (a fraction,
    0.85 for 85 %, None when there is nothing to divide): one list for the page, the xlsx and the PDF."""
    def rate(percent: Any) -> Any:
        return None if percent is None else percent / 100

    return [
        ("项目数", summary.projects, "count"),
        ("批准金额（万元）", wan_figure(summary.approved), "wan"),
        ("已拨付（万元）", wan_figure(summary.paid), "wan"),
        ("拨付率", rate(summary.payment_rate), "rate"),
        ("已追回（万元）", wan_figure(summary.recovered), "wan"),
        ("绩效目标数", summary.targets, "count"),
        ("已完成目标数", summary.met, "count"),
        ("未完成目标数", summary.unmet, "count"),
        ("未填报目标数", summary.unreported, "count"),
        ("目标完成率（已填报）", rate(summary.target_rate), "rate"),
        ("验收通过项目数", summary.accepted, "count"),
        ("验收不通过项目数", summary.failed, "count"),
        ("已追回项目数", summary.clawed_back, "count"),
    ]


SELF_EVALUATION_SUMMARY_HEADERS = ["汇总项目", "数值"]


def self_evaluation_xlsx(*, detail: list[list[Any]], figures: list[tuple[str, Any, str]]) -> bytes:
    """The 绩效自评 workbook: sheet 绩效目标明细 (one row per target) and sheet 汇总 whose rates are numeric
    cells shown as percentages (0.85 → 85.00%), never text."""
    import datetime as dt
    import io

    import xlsxwriter

    from breakzero.core.sheet_writer import number_format, safe_cell

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7"})
    formats: dict[str, Any] = {}

    def fmt(num_format: str) -> Any:
        return formats.setdefault(num_format, book.add_format({"num_format": num_format}))

    def write(sheet: Any, row: int, col: int, value: Any, kind: str = "") -> None:
        if value is None or value == "":
            return
        if kind == "rate":
            sheet.write_number(row, col, float(value), fmt("0.00%"))
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            sheet.write_number(row, col, float(value), fmt(number_format(value)))
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, value, fmt("yyyy-mm-dd"))
        else:
            sheet.write_string(row, col, safe_cell(str(value)))

    for name, headers, rows in (("绩效目标明细", SELF_EVALUATION_HEADERS, [[(v, "") for v in r] for r in detail]),
                                ("汇总", SELF_EVALUATION_SUMMARY_HEADERS, [[(label, ""), (value, kind)]
                                                                        for label, value, kind in figures])):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, headers, bold)
        sheet.freeze_panes(1, 0)
        for index, header in enumerate(headers):
            sheet.set_column(index, index, max(12, min(40, len(header) * 2 + 2)))
        for r, row in enumerate(rows, start=1):
            for c, (value, kind) in enumerate(row):
                write(sheet, r, c, value, kind)
    book.close()
    return buffer.getvalue()
