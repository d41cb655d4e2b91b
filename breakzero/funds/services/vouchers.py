"""Service vouchers (服务券, 购买服务): issued to an enterprise, redeemed at a service body for a
recorded service; redemption creates the body's voucher project, paid like any other project."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from breakzero.core.errors import DomainError
from breakzero.funds import access
from breakzero.funds.models import Fund, SupportMode, Voucher
from breakzero.funds.money import money
from breakzero.funds.services.clawbacks import ban_refusal, body_ban_on
from breakzero.funds.services.projects import project_create


@transaction.atomic
def voucher_issue(*, actor: Any, fund: Fund, year: int, enterprise: Any, face_value: Any, issued_on: dt.date,
                  expires_on: dt.date) -> Voucher:
    if not access.can_manage_budget(actor):
        raise DomainError("服务券由省级发放。")
    if expires_on < issued_on:
        raise DomainError("有效期不能早于发放日期。")
    voucher = Voucher(fund=fund, year=year, enterprise=enterprise, face_value=money(face_value, "面值", allow_zero=False),
                      issued_on=issued_on, expires_on=expires_on, code=f"FWQ{year}{secrets.token_hex(5).upper()}")
    voucher.full_clean()
    voucher.save()
    return voucher


@transaction.atomic
def voucher_redeem(*, actor: Any, voucher: Voucher, service_record: Any, on: dt.date | None = None) -> Voucher:
    """A body member redeems a voucher against a service it recorded for the voucher's enterprise (`on`:
    the day of redemption, today by default). A body banned after a clawback redeems nothing of the fund
    while banned, neither on the day of redemption nor for a service given during the ban."""
    voucher = Voucher.objects.select_for_update().select_related("fund").get(pk=voucher.pk)
    body = service_record.body
    if not body.members.filter(user_id=getattr(actor, "pk", None)).exists():
        raise DomainError("只能由提供服务的机构兑付服务券。")
    if voucher.status != Voucher.Status.ISSUED:
        raise DomainError("该服务券已兑付。")
    if service_record.enterprise_id != voucher.enterprise_id:
        raise DomainError("服务记录的企业与服务券持有企业不一致。")
    if not voucher.issued_on <= service_record.served_on <= voucher.expires_on:
        raise DomainError(f"服务日期不在服务券有效期内（{voucher.issued_on} 至 {voucher.expires_on}）。")
    ban = body_ban_on(fund=voucher.fund, body_id=body.pk, days=(on or timezone.localdate(), service_record.served_on))
    if ban is not None:
        raise DomainError(ban_refusal(ban, "兑付本专项资金的服务券"))
    project = project_create(fund=voucher.fund, year=voucher.year, service_body=body, support_mode=SupportMode.VOUCHER,
                             name=f"服务券 {voucher.code}（{voucher.enterprise}）", approved_amount=voucher.face_value,
                             approved_on=service_record.served_on)
    voucher.status, voucher.service_record, voucher.project, voucher.redeemed_on = (
        Voucher.Status.REDEEMED, service_record, project, service_record.served_on)
    voucher.save(update_fields=["status", "service_record", "project", "redeemed_on", "updated_at"])
    return voucher
