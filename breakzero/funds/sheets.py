"""xlsx exports of the special funds: support per beneficiary, budget execution, 绩效自评."""

from __future__ import annotations

from typing import Any

from breakzero.funds.money import wan

SUPPORT_HEADERS = ["年度", "资金", "支持方式", "项目", "批准金额（万元）", "已拨付（万元）", "状态"]
EXECUTION_HEADERS = ["维度", "下达/类别预算（万元）", "批准（万元）", "已拨付（万元）", "未拨付（万元）", "已追回（万元）"]
SELF_EVALUATION_HEADERS = ["项目", "承担单位", "批准金额（万元）", "已拨付（万元）", "绩效指标", "单位", "目标值", "完成值",
                           "是否完成", "完成期限", "项目状态"]


def support_rows(rows: list[Any]) -> list[list[Any]]:
    return [[r.year, r.fund, r.kind, r.name, wan(r.approved), wan(r.paid), r.status] for r in rows]


def execution_rows(rows: list[Any]) -> list[list[Any]]:
    return [[r.label, wan(r.allocated), wan(r.approved), wan(r.paid), wan(r.outstanding), wan(r.recovered)] for r in rows]


def self_evaluation_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    out = []
    for row in rows:
        project, target = row["project"], row["target"]
        head = [project.name, str(project.beneficiary), wan(project.approved_amount), wan(project.paid)]
        if target is None:
            out.append([*head, "（未设定绩效目标）", "", "", "", "", "", project.get_status_display()])
            continue
        met = {True: "完成", False: "未完成", None: "未填报"}[target.is_met]
        out.append([*head, target.indicator, target.unit, str(target.target_value.normalize()),
                    "" if target.actual_value is None else str(target.actual_value.normalize()), met, target.deadline,
                    project.get_status_display()])
    return out
