"""Funds, their managing measures, yearly budgets, budget documents and categories (§6.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum

from breakzero.core.errors import DomainError
from breakzero.funds import access
from breakzero.funds.models import (
    Allocation, Budget, BudgetDocument, Category, CreditRecord, Fund, FundPeriod, RegionScore,
)
from breakzero.funds.money import money
from breakzero.regions.models import Region

ZERO = Decimal("0.00")


def _province(actor: Any) -> None:
    if not access.can_manage_budget(actor):
        raise DomainError("只有省级管理员或省级财政人员可以维护专项资金预算。")


@transaction.atomic
def fund_create(*, actor: Any, name: str, code: str, managing_department: str = "省财政厅、省工信厅",
                is_department_fund: bool = True, options: dict[str, Any] | None = None) -> Fund:
    _province(actor)
    fund = Fund(name=name.strip(), code=code, managing_department=managing_department,
                is_department_fund=is_department_fund, options=options or {})
    fund.full_clean()
    fund.save()
    return fund


@transaction.atomic
def fund_period_add(*, actor: Any, fund: Fund, document_number: str, title: str, first_year: int,
                    last_year: int | None = None) -> FundPeriod:
    """The managing measures (管理办法) of a span of years, with their 文号 (§6.1 document chain)."""
    _province(actor)
    if last_year is not None and last_year < first_year:
        raise DomainError("终止年度不能早于起始年度。")
    period = FundPeriod(fund=fund, document_number=document_number.strip(), title=title.strip(),
                        first_year=first_year, last_year=last_year)
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def budget_create(*, actor: Any, fund: Fund, year: int, total: Any, province_kept: Any, note: str = "") -> Budget:
    """A fund's yearly budget: what is not kept at province level is allocated down to the regions."""
    _province(actor)
    total, kept = money(total, "预算总额"), money(province_kept, "省级留用")
    if kept > total:
        raise DomainError("省级留用金额不能超过预算总额。")
    budget = Budget(fund=fund, year=year, total=total, province_kept=kept, allocated_down=total - kept, note=note)
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def budget_update(*, actor: Any, budget: Budget, total: Any, province_kept: Any) -> Budget:
    """Change the budget (audited with before/after values); never below what is already committed."""
    _province(actor)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    total, kept = money(total, "预算总额"), money(province_kept, "省级留用")
    if kept > total:
        raise DomainError("省级留用金额不能超过预算总额。")
    approved = (Allocation.objects.filter(budget=budget, status=Allocation.Status.APPROVED, parent_region__level="province")
                .aggregate(s=Sum("amount"))["s"] or ZERO)
    if total - kept < approved:
        raise DomainError(f"切块下达金额不能低于已批准的分配 {approved} 元。")
    categories = budget.categories.aggregate(s=Sum("amount"))["s"] or ZERO
    if categories > total:
        raise DomainError(f"预算总额不能低于各类别预算合计 {categories} 元。")
    budget.total, budget.province_kept, budget.allocated_down = total, kept, total - kept
    budget.save(update_fields=["total", "province_kept", "allocated_down", "updated_at"])
    return budget


@transaction.atomic
def budget_document_add(*, actor: Any, budget: Budget, document_number: str, issued_on: dt.date, amount: Any,
                        note: str = "") -> BudgetDocument:
    """A budget document (湘财企指…) issuing part of the year's budget; together never above the total."""
    _province(actor)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    amount = money(amount, "预算文件金额")
    issued = budget.documents.aggregate(s=Sum("amount"))["s"] or ZERO
    if issued + amount > budget.total:
        raise DomainError(f"预算文件合计 {issued + amount} 元超过年度预算 {budget.total} 元。")
    document = BudgetDocument(budget=budget, document_number=document_number.strip(), issued_on=issued_on,
                              amount=amount, note=note)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def category_set(*, actor: Any, budget: Budget, kind: str, name: str, amount: Any) -> Category:
    """Create or change a category's budget; the categories together stay within the year's total."""
    _province(actor)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    amount = money(amount, "类别预算")
    category = Category.objects.filter(budget=budget, name=name.strip()).first() or Category(budget=budget, name=name.strip())
    others = budget.categories.exclude(pk=category.pk).aggregate(s=Sum("amount"))["s"] or ZERO
    if others + amount > budget.total:
        raise DomainError(f"各类别预算合计 {others + amount} 元超过年度预算 {budget.total} 元。")
    committed = category.projects.aggregate(s=Sum("approved_amount"))["s"] or ZERO if category.pk else ZERO
    if amount < committed:
        raise DomainError(f"类别预算不能低于已批准项目金额 {committed} 元。")
    category.kind, category.amount = kind, amount
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def region_score_set(*, actor: Any, fund: Fund, year: int, region_id: str, score: Any) -> RegionScore:
    """A region's performance-evaluation score of `year` (factor of next year's allocation)."""
    _province(actor)
    region = Region.objects.filter(code=str(region_id).strip()).exclude(level=Region.Level.PROVINCE).first()
    if region is None:
        raise DomainError(f"未知的市州或区县代码：{region_id}")
    try:
        value = Decimal(str(score).strip())
    except InvalidOperation:
        raise DomainError(f"绩效评价得分“{score}”不是有效数字。") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")) or value >= 100000:
        raise DomainError("绩效评价得分应为不小于 0 的数字，最多两位小数。")
    row, _ = RegionScore.objects.update_or_create(fund=fund, year=year, region=region, defaults={"score": value})
    return row


@transaction.atomic
def credit_record_add(*, actor: Any, enterprise: Any, kind: str, listed_on: dt.date, source: str,
                      removed_on: dt.date | None = None) -> CreditRecord:
    """A "信用湖南" blacklisting or a serious bad-credit record (exclusion 4 of the 2022 call, §6.2)."""
    _province(actor)
    if kind not in CreditRecord.Kind.values:
        raise DomainError("请选择信用记录类型。")
    if not source.strip():
        raise DomainError("请填写信用记录的来源（如“信用湖南”公示文号或处罚决定书文号）。")
    if removed_on is not None and removed_on < listed_on:
        raise DomainError("移出日期不能早于列入日期。")
    record = CreditRecord(enterprise=enterprise, kind=kind, listed_on=listed_on, removed_on=removed_on,
                          source=source.strip()[:200])
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def credit_record_remove(*, actor: Any, record: CreditRecord, removed_on: dt.date) -> CreditRecord:
    """The date an enterprise left the blacklist (the record stays: the check reads it by date)."""
    _province(actor)
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if record.removed_on is not None:
        raise DomainError("该记录已登记移出日期。")
    if removed_on < record.listed_on:
        raise DomainError("移出日期不能早于列入日期。")
    record.removed_on = removed_on
    record.save(update_fields=["removed_on", "updated_at"])
    return record
