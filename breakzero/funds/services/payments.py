"""Payments in tranches (拨付) recorded by finance staff. Paid never exceeds approved: each write locks
the project row (select_for_update) and re-reads the paid total inside the same transaction, so two
concurrent requests are serialised. A payment is never edited or deleted; it is corrected by a
reversing entry (negative amount pointing at the payment it reverses)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from breakzero.core.errors import DomainError
from breakzero.funds import access
from breakzero.funds.models import FundProject, Payment
from breakzero.funds.money import money

ZERO = Decimal("0.00")
PAYABLE = (FundProject.Status.IMPLEMENTING, FundProject.Status.ACCEPTED)


def paid_total(project_id: int) -> Decimal:
    return Payment.objects.filter(project_id=project_id).aggregate(s=Sum("amount"))["s"] or ZERO


def mask_account(account: str) -> str:
    """Keep the first 4 and last 4 digits of a bank account; the full number is never stored."""
    digits = re.sub(r"[\s-]", "", account or "")
    if not re.fullmatch(r"[0-9A-Za-z]{8,34}", digits):
        raise DomainError("收款账户格式不正确（8–34 位数字或字母）。")
    return f"{digits[:4]}{'*' * (len(digits) - 8)}{digits[-4:]}"


@transaction.atomic
def payment_record(*, actor: Any, project: FundProject, amount: Any, budget_document: str, paid_on: dt.date,
                   payee_account: str, note: str = "") -> Payment:
    """Record one tranche; refused when paid + amount would exceed the approved amount."""
    project = FundProject.objects.select_for_update().get(pk=project.pk)
    if not access.can_record_payment(actor, project):
        raise DomainError("只有项目所在地区的财政人员可以登记拨付。")
    if project.status not in PAYABLE:
        raise DomainError(f"项目状态为“{project.get_status_display()}”，不能拨付。")
    amount = money(amount, "拨付金额", allow_zero=False)
    if not budget_document.strip():
        raise DomainError("请填写拨付依据的预算文号。")
    paid = paid_total(project.pk)
    if paid + amount > project.approved_amount:
        raise DomainError(f"已拨付 {paid} 元，本次 {amount} 元将超过批准金额 {project.approved_amount} 元"
                          f"（尚可拨付 {project.approved_amount - paid} 元）。")
    payment = Payment(project=project, amount=amount, budget_document=budget_document.strip(), paid_on=paid_on,
                      payee_account_masked=mask_account(payee_account), note=note[:300], recorded_by=actor)
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def payment_reverse(*, actor: Any, payment: Payment, reason: str, on: dt.date) -> Payment:
    """Correct a payment by a reversing entry of the opposite amount (once per payment)."""
    project = FundProject.objects.select_for_update().get(pk=payment.project_id)
    if not access.can_record_payment(actor, project):
        raise DomainError("只有项目所在地区的财政人员可以登记冲正。")
    if payment.reverses_id is not None:
        raise DomainError("冲正记录不能再被冲正。")
    if Payment.objects.filter(reverses=payment).exists():
        raise DomainError("该笔拨付已冲正。")
    if not reason.strip():
        raise DomainError("请填写冲正原因。")
    reversal = Payment(project=project, amount=-payment.amount, budget_document=payment.budget_document, paid_on=on,
                       payee_account_masked=payment.payee_account_masked, reverses=payment, note=reason.strip()[:300],
                       recorded_by=actor)
    reversal.save()
    return reversal


@transaction.atomic
def project_amount_set(*, actor: Any, project: FundProject, approved_amount: Any) -> FundProject:
    """Change an approved amount (audited); never below what has been paid."""
    if not access.can_manage_budget(actor):
        raise DomainError("只有省级可以调整批准金额。")
    project = FundProject.objects.select_for_update().get(pk=project.pk)
    amount = money(approved_amount, "批准金额")
    paid = paid_total(project.pk)
    if amount < paid:
        raise DomainError(f"批准金额不能低于已拨付金额 {paid} 元。")
    project.approved_amount = amount
    project.save(update_fields=["approved_amount", "updated_at"])
    return project
