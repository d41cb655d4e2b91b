"""xlsx exports of the special funds: support per beneficiary, budget execution, 绩效自评."""

from __future__ import annotations

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


def self_evaluation_summary_rows(summary: Any) -> list[list[Any]]:
    """The summary under the per-target rows of the 绩效自评 xlsx (same columns: label, then the figure)."""
    def pct(value: Any) -> str:
        return "—" if value is None else f"{value}%"

    return [
        [],
        ["汇总", "项目数", summary.projects],
        ["", "批准金额（万元）", wan_figure(summary.approved)],
        ["", "已拨付（万元）", wan_figure(summary.paid)],
        ["", "拨付率", pct(summary.payment_rate)],
        ["", "已追回（万元）", wan_figure(summary.recovered)],
        ["", "绩效目标数", summary.targets],
        ["", "已完成 / 未完成 / 未填报", f"{summary.met} / {summary.unmet} / {summary.unreported}"],
        ["", "目标完成率（已填报）", pct(summary.target_rate)],
        ["", "验收通过 / 不通过 / 已追回", f"{summary.accepted} / {summary.failed} / {summary.clawed_back}"],
    ]
