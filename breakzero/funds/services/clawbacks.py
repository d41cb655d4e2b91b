"""Clawback (追回) after a failed acceptance, misuse or falsification: the amount to recover, what was
recovered and when, and a ban from the fund's calls for the fund's configured period (UNCONFIRMED
length: programme-rules-2.md §6.1 lists clawback wording and bans as unknown)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from breakzero.core.errors import DomainError
from breakzero.funds import access
from breakzero.funds.models import Ban, Clawback, FundProject, Recovery
from breakzero.funds.money import money
from breakzero.funds.services.payments import paid_total
from breakzero.rules.dates import add_years

ZERO = Decimal("0.00")


@transaction.atomic
def clawback_record(*, actor: Any, project: FundProject, reason: str, amount_to_recover: Any, decided_on: dt.date,
                    decision_document: str = "", ban_years: int | None = None) -> Clawback:
    """Decide a clawback: at most what was paid. The beneficiary is banned for the fund's configured period:
    an enterprise from the fund's calls, a service body (post-subsidies and 服务券 are paid to bodies, §6.4)
    from new post-subsidy projects and voucher redemptions of the fund."""
    if not access.can_manage_budget(actor):
        raise DomainError("追回决定由省级作出。")
    project = FundProject.objects.select_for_update().select_related("fund").get(pk=project.pk)
    if reason not in Clawback.Reason.values:
        raise DomainError("请选择追回事由。")
    amount = money(amount_to_recover, "应追回金额")
    decided = project.clawbacks.aggregate(s=Sum("amount_to_recover"))["s"] or ZERO
    paid = paid_total(project.pk)
    if decided + amount > paid:
        raise DomainError(f"应追回金额合计 {decided + amount} 元超过已拨付 {paid} 元。")
    clawback = Clawback(project=project, reason=reason, amount_to_recover=amount, decided_on=decided_on,
                        decision_document=decision_document.strip(), wording=project.fund.setting("clawback_wording"),
                        decided_by=actor)
    clawback.full_clean()
    clawback.save()
    years = int(project.fund.setting("ban_years") if ban_years is None else ban_years)
    if years > 0:  # the beneficiary, enterprise or service body, is banned for the fund's configured period
        Ban.objects.create(fund=project.fund, enterprise_id=project.enterprise_id, service_body_id=project.service_body_id,
                           clawback=clawback, starts_on=decided_on,
                           ends_on=add_years(decided_on, years) - dt.timedelta(days=1),
                           reason=f"{clawback.get_reason_display()}（{project.name}）"[:200])
    project.status = FundProject.Status.RECOVERED
    project.save(update_fields=["status", "updated_at"])
    return clawback


@transaction.atomic
def recovery_record(*, actor: Any, clawback: Clawback, amount: Any, recovered_on: dt.date) -> Recovery:
    """Money recovered (finance staff); never more than the amount to recover."""
    clawback = Clawback.objects.select_for_update().select_related("project").get(pk=clawback.pk)
    if not access.can_record_payment(actor, clawback.project):
        raise DomainError("只有项目所在地区的财政人员可以登记追回到账。")
    amount = money(amount, "追回金额", allow_zero=False)
    recovered = clawback.recoveries.aggregate(s=Sum("amount"))["s"] or ZERO
    if recovered + amount > clawback.amount_to_recover:
        raise DomainError(f"已追回 {recovered} 元，本次 {amount} 元将超过应追回金额 {clawback.amount_to_recover} 元。")
    recovery = Recovery(clawback=clawback, amount=amount, recovered_on=recovered_on, recorded_by=actor)
    recovery.save()
    return recovery


def body_ban_on(*, fund: Any, body_id: int, days: tuple[dt.date, ...]) -> Ban | None:
    """The fund's ban of a service body in force on any of `days` (edge dates included), or None."""
    for ban in Ban.objects.filter(fund=fund, service_body_id=body_id).order_by("starts_on"):
        if any(ban.in_force_on(day) for day in days):
            return ban
    return None


def ban_refusal(ban: Ban, what: str) -> str:
    """The Chinese refusal naming the ban's period and cause, e.g. for "兑付服务券"."""
    until = f"{ban.ends_on:%Y-%m-%d}" if ban.ends_on else "长期"
    return (f"{ban.party}因“{ban.reason}”被追回资金，禁止期 {ban.starts_on:%Y-%m-%d} 至 {until}，"
            f"禁止期内不能{what}。")
