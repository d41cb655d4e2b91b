"""民参军 core-technology projects on the calls engine (plan §二(三); programme-rules-2.md §5.1).

The fund (湘财企〔2015〕18号) and the yearly 申报指南 exist, but the criteria for "符合条件的民参军单位" and the
2020-2022 provincial support are not known (GAP): no eligibility is invented; the form asks for the
qualification held and the project's open description, and milestones and acceptance follow the recognition.

Money: a call linked to a special fund (funds.FundCall, e.g. the 军民融合产业发展专项资金 of 湘财企〔2015〕18号)
turns each published project into a fund project, so payments, performance targets and acceptance run through
the special-funds module; a call without a fund link publishes the list only.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from breakzero.calls.registry import FormField as F, register_programme_type
from breakzero.core.errors import DomainError

WAN = Decimal(10000)  # the form asks for 万元; fund projects are kept in 元

SCORING = {"criteria": [{"key": "technology", "label": "技术先进性与自主可控", "max": 40},
                        {"key": "need", "label": "与装备需求的契合度", "max": 30},
                        {"key": "capacity", "label": "承担单位能力与资格", "max": 30}],
           "aggregation": "trimmed_mean"}


def fund_project_from_application(application: Any) -> Any:
    """The publication effect: a published project of a fund-linked call becomes a fund project with the
    funding it requested (idempotent; None when the call spends no special fund)."""
    from django.utils import timezone

    from breakzero.funds.models import Category, FundCall, FundProject, SupportMode
    from breakzero.funds.services.projects import project_create

    link = FundCall.objects.select_related("fund", "budget", "category").filter(call_id=application.call_id).first()
    if link is None:
        return None
    existing = FundProject.objects.filter(application=application).first()
    if existing is not None:
        return existing
    data, call = application.form_data or {}, application.call
    try:
        amount = Decimal(str(data.get("funding") or "0")) * WAN
    except InvalidOperation as exc:
        raise DomainError(f"申请资金“{data.get('funding')}”不是有效金额（万元）") from exc
    return project_create(
        fund=link.fund, year=link.budget.year, category=link.category, enterprise=application.enterprise,
        name=str(data.get("project") or application.enterprise.name), approved_amount=amount,
        approved_on=call.published_on or timezone.localdate(), approval_document=call.published_document_number,
        support_mode=SupportMode.AWARD if link.category.kind == Category.Kind.AWARD else SupportMode.GRANT,
        application=application)


def register_all() -> None:
    """Called from DefenceConfig.ready()."""
    register_programme_type(
        "defence_core_technology", name_zh="民参军核心技术项目",
        form_fields=(F("name", "企业名称", prefill="register.name", required=True),
                     F("uscc", "统一社会信用代码", prefill="register.uscc", required=True),
                     F("qualification", "持有资格（类型及编号）", required=True),
                     F("project", "项目名称（公开表述，不含涉密内容）", required=True),
                     F("funding", "申请资金（万元）", kind="number", required=True),
                     F("milestones", "主要节点（公开表述）", kind="textarea")),
        scoring=SCORING, on_publish=fund_project_from_application, spends_funds=True,
        notes_zh="符合条件的民参军单位认定标准未见公开文件（GAP）；项目信息仅记录公开表述，不得录入涉密内容",
    )
