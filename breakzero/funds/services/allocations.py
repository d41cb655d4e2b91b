"""Allocation to regions by factors (因素法): simulate a version, approve it (then immutable);
a change is a new version that supersedes the approved one when it is approved in turn."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from breakzero.core.errors import DomainError
from breakzero.funds import access
from breakzero.funds.factors import FACTORS, region_factors
from breakzero.funds.models import Allocation, AllocationLine, Budget
from breakzero.funds.money import money
from breakzero.regions.models import Region
from breakzero.rules.funds import allocate_by_factors


@transaction.atomic
def allocation_simulate(*, actor: Any, budget: Budget, parent: Region, weights: dict[str, Any],
                        floor: Any = None, cap: Any = None, reason: str = "") -> Allocation:
    """A new draft version: factor values from the platform, amounts by `rules.funds.allocate_by_factors`
    (they sum to the amount to the 分), last year's approved amounts beside them.

    The province allocates the budget's allocated-down amount to the cities; a city passes its
    approved amount on to its counties (where it chooses to)."""
    if parent.is_province and not access.can_manage_budget(actor):
        raise DomainError("只有省级可以模拟向市州的分配。")
    if parent.is_prefecture and not access.can_pass_on(actor, parent):
        raise DomainError("只能对本市州的切块资金向区县分配。")
    if parent.is_county:
        raise DomainError("区县不再向下分配。")
    weights = _clean_weights(weights)
    amount = _amount_to_allocate(budget, parent)
    factors = region_factors(fund=budget.fund, parent=parent, year=budget.year, names=list(weights))
    try:
        amounts = allocate_by_factors(amount, factors, weights,
                                      floor=money(floor, "下限") if floor not in (None, "") else None,
                                      cap=money(cap, "上限") if cap not in (None, "") else None)
    except ValueError as exc:
        raise DomainError(f"无法按因素法分配：{exc}") from None
    Budget.objects.select_for_update().get(pk=budget.pk)  # versions are numbered one at a time
    version = (Allocation.objects.filter(budget=budget, parent_region=parent).aggregate(v=Max("version"))["v"] or 0) + 1
    allocation = Allocation.objects.create(budget=budget, parent_region=parent, version=version, amount=amount,
                                           weights={k: str(v) for k, v in weights.items()}, created_by=actor,
                                           reason=reason[:300])
    last_year = _last_year_amounts(budget, parent)
    for code in sorted(amounts):  # one save per line (≤ 14 cities or a city's counties): each is audited
        AllocationLine.objects.create(allocation=allocation, region_id=code,
                                      factors={k: str(v) for k, v in factors[code].items()},
                                      amount=amounts[code], last_year_amount=last_year.get(code))
    return allocation


@transaction.atomic
def allocation_approve(*, actor: Any, allocation: Allocation) -> Allocation:
    """Approve a draft; the approved version it replaces is marked superseded. Approved = immutable."""
    allocation = Allocation.objects.select_for_update().select_related("parent_region", "budget").get(pk=allocation.pk)
    parent = allocation.parent_region
    if not (access.can_manage_budget(actor) if parent.is_province else access.can_pass_on(actor, parent)):
        raise DomainError("您无权批准该分配方案。")
    if allocation.status != Allocation.Status.DRAFT:
        raise DomainError("只能批准模拟中的方案；已批准的方案不可修改，请重新模拟生成新版本。")
    if allocation.amount != _amount_to_allocate(allocation.budget, parent):
        raise DomainError("分配总额已变化（预算或上级分配已调整），请重新模拟。")
    current = (Allocation.objects.select_for_update()
               .filter(budget=allocation.budget, parent_region=parent, status=Allocation.Status.APPROVED).first())
    if current is not None:
        current.status = Allocation.Status.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
        allocation.supersedes = current
    allocation.status, allocation.approved_by, allocation.approved_at = Allocation.Status.APPROVED, actor, timezone.now()
    allocation.save(update_fields=["status", "supersedes", "approved_by", "approved_at", "updated_at"])
    return allocation


def approved_allocation(budget: Budget, parent: Region) -> Allocation | None:
    return Allocation.objects.filter(budget=budget, parent_region=parent, status=Allocation.Status.APPROVED).first()


def _amount_to_allocate(budget: Budget, parent: Region) -> Decimal:
    if parent.is_province:
        return budget.allocated_down
    province = approved_allocation(budget, Region.objects.get(level=Region.Level.PROVINCE))
    line = province.lines.filter(region=parent).first() if province else None
    if line is None:
        raise DomainError("省级向市州的分配尚未批准，市州不能向区县分配。")
    return line.amount


def _last_year_amounts(budget: Budget, parent: Region) -> dict[str, Decimal]:
    previous = Budget.objects.filter(fund=budget.fund, year=budget.year - 1).first()
    approved = approved_allocation(previous, parent) if previous else None
    return dict(approved.lines.values_list("region_id", "amount")) if approved else {}


def _clean_weights(weights: dict[str, Any]) -> dict[str, Decimal]:
    cleaned = {}
    for name, value in weights.items():
        if name not in FACTORS:
            raise DomainError(f"未知的分配因素：{name}")
        if value in (None, ""):
            continue
        try:
            weight = Decimal(str(value))
        except ArithmeticError:
            raise DomainError(f"因素“{FACTORS[name]}”的权重不是有效数字。") from None
        if weight < 0:
            raise DomainError(f"因素“{FACTORS[name]}”的权重不能为负。")
        if weight > 0:
            cleaned[name] = weight
    if not cleaned:
        raise DomainError("请至少为一个因素设置大于 0 的权重。")
    return cleaned
