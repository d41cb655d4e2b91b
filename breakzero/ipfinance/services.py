"""Writes of the IP-finance area: patents are named by application number and must already be on record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakzero.core.errors import DomainError
from breakzero.enterprises.access import can_edit_enterprise
from breakzero.ipfinance.models import PatentDeal, PledgeLoan
from breakzero.patents.models import Patent


def patents_by_number(numbers: list[str]) -> list[Patent]:
    """The patent records with these application numbers; an unknown number is refused (not retyped here)."""
    wanted = [n.strip().upper() for n in numbers if n.strip()]
    if not wanted:
        raise DomainError("请填写至少一个专利申请号")
    found = {p.application_number.upper(): p for p in Patent.objects.filter(application_number__in=wanted)}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise DomainError("以下专利申请号未在专利库中找到（请先导入专利）：" + "、".join(missing))
    return [found[n] for n in wanted]


@transaction.atomic
def deal_record(*, actor: Any, enterprise: Any, patent_numbers: list[str], values: dict[str, Any]) -> PatentDeal:
    _check(actor, enterprise)
    patents = patents_by_number(patent_numbers)
    deal = _save(PatentDeal(enterprise=enterprise, **values))
    deal.patents.set(patents)
    return deal


@transaction.atomic
def loan_record(*, actor: Any, enterprise: Any, patent_numbers: list[str], values: dict[str, Any]) -> PledgeLoan:
    """A pledge loan; a default carries its loss, which cannot exceed the loan."""
    _check(actor, enterprise)
    if (values.get("defaulted_on") is None) != (values.get("loss") is None):
        raise DomainError("违约日期与违约损失须同时填写")
    if values.get("loss") is not None and values["loss"] > values["amount"]:
        raise DomainError("违约损失不能超过贷款金额")
    patents = patents_by_number(patent_numbers)
    loan = _save(PledgeLoan(enterprise=enterprise, **values))
    loan.patents.set(patents)
    return loan


def _check(actor: Any, enterprise: Any) -> None:
    if not can_edit_enterprise(actor, enterprise):
        raise DomainError("您不能为该企业录入知识产权运营信息")


def _save(obj: Any) -> Any:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc
    obj.save()
    return obj
