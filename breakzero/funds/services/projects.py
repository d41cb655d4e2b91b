"""Fund projects: created on a call's publication (项目法), from an approved post-subsidy plan, or
directly; performance targets set at approval, actuals reported by the beneficiary, acceptance (验收).
The city-level 工信 and 财政 opinions on a fund application are kept beside the engine's chain."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from breakzero.core.errors import DomainError
from breakzero.funds import access
from breakzero.funds.models import (
    Budget, Category, CityOpinion, Fund, FundCall, FundProject, PerformanceTarget, SupportMode,
)
from breakzero.funds.money import money
from breakzero.funds.services.clawbacks import ban_refusal, body_ban_on

ZERO = Decimal("0.00")
WAN = Decimal(10000)
BODY_PAID_MODES = (SupportMode.POST_SUBSIDY, SupportMode.VOUCHER)  # paid to a service body (§6.4)


@transaction.atomic
def fund_call_link(*, actor: Any, call: Any, budget: Budget, category: Category) -> FundCall:
    """Say which fund, budget year and category an engine call spends (before applications come in)."""
    if not access.can_manage_budget(actor):
        raise DomainError("只有省级可以设置资金申报批次。")
    if category.budget_id != budget.pk:
        raise DomainError("类别不属于该年度预算。")
    from breakzero.calls.registry import get_programme_type

    if not get_programme_type(call.programme.programme_type).spends_funds:
        raise DomainError("该申报批次不使用专项资金（不是项目法申报或民参军核心技术项目），不能关联资金。")
    if FundCall.objects.filter(call=call).exists():
        raise DomainError("该申报批次已关联资金。")
    if call.applications.exists():  # their eligibility was checked without the fund's rules
        raise DomainError("该申报批次已有企业申报，须在受理申报前关联资金年度预算和类别。")
    link = FundCall(call=call, fund=budget.fund, budget=budget, category=category)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def project_create(*, fund: Fund, year: int, name: str, approved_amount: Any, approved_on: dt.date,
                   category: Category | None = None, enterprise: Any = None, service_body: Any = None,
                   support_mode: str = SupportMode.GRANT, approval_document: str = "", **links: Any) -> FundProject:
    """One supported project; the category's approved projects never exceed its budget."""
    amount = money(approved_amount, "批准金额")
    if category is not None:
        Category.objects.select_for_update().get(pk=category.pk)
        committed = category.projects.aggregate(s=Sum("approved_amount"))["s"] or ZERO
        if committed + amount > category.amount:
            raise DomainError(f"“{category.name}”已批准 {committed} 元，再批准 {amount} 元将超过类别预算 {category.amount} 元。")
    if service_body is not None and support_mode in BODY_PAID_MODES:
        ban = body_ban_on(fund=fund, body_id=service_body.pk, days=(approved_on,))
        if ban is not None:
            raise DomainError(ban_refusal(ban, "获得新的后补助或服务券资金项目"))
    owner = enterprise or service_body
    project = FundProject(
        fund=fund, year=year, category=category, name=name[:200], approved_amount=amount, approved_on=approved_on,
        approval_document=approval_document, enterprise=enterprise, service_body=service_body, support_mode=support_mode,
        city_id=getattr(owner, "city_id", None), county_id=getattr(owner, "county_id", None) or getattr(owner, "region_id", None),
        **links)
    if project.county_id and project.county_id == project.city_id:
        project.county_id = None
    project.full_clean()
    project.save()
    return project


def project_from_application(application: Any) -> FundProject:
    """The call's on_publish effect: the published application becomes a fund project with the
    requested amount approved and the targets it proposed (idempotent)."""
    existing = FundProject.objects.filter(application=application).first()
    if existing is not None:
        return existing
    link = FundCall.objects.select_related("fund", "budget", "category").get(call_id=application.call_id)
    data = application.form_data or {}
    call = application.call
    project = project_create(
        fund=link.fund, year=link.budget.year, category=link.category, enterprise=application.enterprise,
        name=str(data.get("project_name") or application.enterprise.name), approved_amount=data.get("amount_requested", 0),
        approved_on=call.published_on or timezone.localdate(), approval_document=call.published_document_number,
        support_mode=SupportMode.AWARD if link.category.kind == Category.Kind.AWARD else SupportMode.GRANT,
        application=application)
    for row in parse_targets(str(data.get("targets", ""))):
        PerformanceTarget.objects.create(project=project, **row)
    return project


def parse_targets(text: str) -> list[dict[str, Any]]:
    """Lines "指标|单位|目标值|期限(YYYY-MM-DD)" → target rows; DomainError names the bad line."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        try:
            indicator, unit, value, deadline = parts
            rows.append({"indicator": indicator, "unit": unit, "target_value": Decimal(value),
                         "deadline": dt.date.fromisoformat(deadline)})
        except (ValueError, InvalidOperation):
            raise DomainError(f"绩效目标第 {number} 行格式应为“指标|单位|目标值|期限(YYYY-MM-DD)”：{line}") from None
    return rows


@transaction.atomic
def target_add(*, actor: Any, project: FundProject, indicator: str, unit: str, target_value: Any,
               deadline: dt.date) -> PerformanceTarget:
    if not access.can_manage_budget(actor):
        raise DomainError("绩效目标由省级在批准时设定。")
    if project.payments.exists():
        raise DomainError("项目已开始拨付，绩效目标不能再增加。")
    if project.status != FundProject.Status.IMPLEMENTING:
        raise DomainError("项目已验收，绩效目标不能再增加。")
    if not indicator.strip() or not unit.strip():
        raise DomainError("请填写绩效指标和单位。")
    try:
        value = Decimal(str(target_value).replace(",", "").strip())
    except InvalidOperation:
        raise DomainError(f"目标值“{target_value}”不是有效数字。") from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 16 or value != value.quantize(Decimal("0.0001")):
        raise DomainError(f"目标值“{target_value}”不是有效数字（最多四位小数）。")
    target = PerformanceTarget(project=project, indicator=indicator.strip()[:100], unit=unit.strip()[:20],
                               target_value=value, deadline=deadline)
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_report(*, actor: Any, target: PerformanceTarget, actual_value: Any, note: str = "") -> PerformanceTarget:
    """The beneficiary reports the actual (or progress) of one target; changes are audited."""
    if not access.can_report_progress(actor, target.project):
        raise DomainError("只有项目承担单位可以填报绩效完成情况。")
    if target.project.status != FundProject.Status.IMPLEMENTING:
        raise DomainError("项目已验收，不能再修改完成情况。")
    try:
        target.actual_value = Decimal(str(actual_value).strip())
    except InvalidOperation:
        raise DomainError(f"完成值“{actual_value}”不是有效数字。") from None
    target.progress_note, target.reported_on = note, timezone.localdate()
    target.save(update_fields=["actual_value", "progress_note", "reported_on", "updated_at"])
    return target


@transaction.atomic
def project_accept(*, actor: Any, project: FundProject, passed: bool, note: str, on: dt.date | None = None) -> FundProject:
    """Acceptance (验收) passes or fails the project; a failure is followed by a clawback decision."""
    if not access.can_manage_budget(actor):
        raise DomainError("项目验收由省级组织。")
    project = FundProject.objects.select_for_update().get(pk=project.pk)
    if project.status != FundProject.Status.IMPLEMENTING:
        raise DomainError("该项目已验收。")
    if not note.strip():
        raise DomainError("请填写验收意见。")
    project.status = FundProject.Status.ACCEPTED if passed else FundProject.Status.FAILED
    project.accepted_on, project.acceptance_note = on or timezone.localdate(), note.strip()
    project.save(update_fields=["status", "accepted_on", "acceptance_note", "updated_at"])
    return project


@transaction.atomic
def project_from_subsidy_plan(*, actor: Any, plan: Any, fund: Fund, category: Category | None = None) -> list[FundProject]:
    """An approved post-subsidy plan of the service evaluation becomes one post-subsidy project per body
    (amounts in the plan are 万元; projects are in 元). Idempotent. A body banned by the fund after a
    clawback, on the plan's approval day or today, gets no project (`subsidy_plan_refusals` says why);
    when every body of the plan is banned the conversion is refused."""
    if not access.can_manage_budget(actor):
        raise DomainError("只有省级可以将后补助方案转为资金项目。")
    if not plan.is_approved:
        raise DomainError("后补助方案尚未批准。")
    projects, refusals = [], subsidy_plan_refusals(plan=plan, fund=fund)
    year = plan.scheme.year
    for row in plan.allocations.select_related("body").filter(amount__gt=0).exclude(body_id__in=refusals):
        project = FundProject.objects.filter(subsidy_allocation=row).first() or project_create(
            fund=fund, year=year, category=category, service_body=row.body, support_mode=SupportMode.POST_SUBSIDY,
            name=f"{year}年度后补助（{row.body.name}）", approved_amount=(row.amount * WAN).quantize(Decimal("0.01")),
            approved_on=_plan_day(plan), subsidy_allocation=row)
        projects.append(project)
    if refusals and not projects:
        raise DomainError("；".join(refusals.values()))
    return projects


def subsidy_plan_refusals(*, plan: Any, fund: Fund) -> dict[int, str]:
    """Body id → the Chinese refusal, for the plan's bodies (with an amount, not yet converted) banned by
    the fund on the plan's approval day or today."""
    refusals = {}
    rows = plan.allocations.select_related("body").filter(amount__gt=0, fund_project__isnull=True)
    for row in rows:
        ban = body_ban_on(fund=fund, body_id=row.body_id, days=(_plan_day(plan), timezone.localdate()))
        if ban is not None:
            refusals[row.body_id] = ban_refusal(ban, f"获得后补助资金项目（方案金额 {row.amount} 万元未转入）")
    return refusals


def _plan_day(plan: Any) -> dt.date:
    return timezone.localdate(plan.approved_at) if plan.approved_at else timezone.localdate()


@transaction.atomic
def city_opinion_give(*, actor: Any, application: Any, agrees: bool, opinion: str) -> CityOpinion:
    """The city's 工信 (city official) or 财政 (city finance) opinion on a fund application."""
    department = access.city_department(actor, application)
    if department is None:
        raise DomainError("只有申报企业所在市州的工信或财政人员可以填写市州审核意见。")
    if not opinion.strip():
        raise DomainError("请填写审核意见。")
    if department == CityOpinion.Department.FINANCE and application.state not in OPEN_AT_CITY:
        raise DomainError("该申报已不在区县、市州审核环节，财政意见不能再填写或修改。")
    row, _ = CityOpinion.objects.update_or_create(
        application=application, department=department,
        defaults={"agrees": agrees, "opinion": opinion.strip(), "given_by": actor})
    return row


# The finance opinion is part of the city's joint recommendation: given while the application is
# before (or at) the city, fixed once the city has decided.
OPEN_AT_CITY = ("at_county", "at_city", "returned")
INDUSTRY_DECISIONS = {"recommend": (True, "推荐"), "refuse": (False, "不予推荐"), "return": (False, "退回修改")}


def industry_decision_record(application: Any, actor: Any, transition: Any) -> CityOpinion | None:
    """The calls engine's on_move hook: a city official's decision on a fund application at the city
    level is the 工信 opinion, kept beside the 财政 opinion (programme-rules-2.md §6.5 "市州 review
    opinions (工信, 财政)"). Runs inside the move's transaction; other moves are ignored."""
    if transition.level != "city" or transition.action not in INDUSTRY_DECISIONS:
        return None
    if transition.action == "recommend":
        _require_finance_agreement(application)
    if access.city_department(actor, application) != CityOpinion.Department.INDUSTRY:
        return None
    agrees, label = INDUSTRY_DECISIONS[transition.action]
    row, _ = CityOpinion.objects.update_or_create(
        application=application, department=CityOpinion.Department.INDUSTRY,
        defaults={"agrees": agrees, "opinion": transition.reason or label, "given_by": actor})
    return row


def _require_finance_agreement(application: Any) -> None:
    """The city recommends a fund application jointly (programme-rules-2.md §6.5 "city_recommended(joint
    工信+财政)", §6.3 "市州 经信 + 财政 joint review and submission"): without the city finance's agreeing
    opinion the recommendation is refused (the move's transaction is rolled back)."""
    finance = CityOpinion.objects.filter(application=application, department=CityOpinion.Department.FINANCE).first()
    if finance is None:
        raise DomainError("市州推荐须由工信、财政联合作出：请先由市州财政部门填写审核意见。")
    if not finance.agrees:
        raise DomainError("市州财政部门不同意推荐，不能作为联合推荐上报；可退回修改或不予推荐。")
