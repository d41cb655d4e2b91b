"""Writes of the 民参军 area."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from breakzero.core.errors import DomainError
from breakzero.defence.models import Qualification
from breakzero.enterprises.access import can_edit_enterprise


@transaction.atomic
def qualification_record(*, actor: Any, enterprise: Any, values: dict[str, Any]) -> Qualification:
    """Officials of the enterprise's region (or the enterprise) record a qualification it holds."""
    if not can_edit_enterprise(actor, enterprise):
        raise DomainError("您不能为该企业录入资格")
    if values["valid_until"] < values["valid_from"]:
        raise DomainError("有效期至不能早于有效期起")
    qualification = Qualification(enterprise=enterprise, **values)
    try:
        qualification.full_clean()
    except ValidationError as exc:
        raise DomainError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc
    qualification.save()
    return qualification
