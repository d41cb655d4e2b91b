"""Writes of the cultivation library: recognitions recorded by hand. Applications, 公示 and publication
are the engine's (calls.services); publication's effects are in cultivation.programme_types."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.cultivation.models import AUTHORITY_OF_LEVEL, Title, default_valid_until
from breakzero.enterprises.models import Enterprise


@transaction.atomic
def title_recognize(
    *, enterprise: Enterprise, tier: str, level: str, batch: str, recognized_on: dt.date, actor: Any,
    document: str = "",
) -> Title:
    """Record a recognition by the authority that grants the title (MIIT for national, the province's
    工信厅 for provincial), with its batch and date — the only way a 小巨人 title comes into being.

    Province officials (or the shell, actor None) record them; the document number goes into `source`.
    """
    if actor is not None and getattr(actor, "role", "") != "province_official":
        raise DomainError(_("称号认定结果由省级管理员登记。"))
    if tier not in Title.Tier.values or level not in Title.Level.values:
        raise DomainError(_("请选择称号和层级。"))
    if not (batch or "").strip():
        raise DomainError(_("请填写认定批次（如“第四批”）。"))
    if recognized_on is None or recognized_on > timezone.localdate():
        raise DomainError(_("请填写认定日期（不能晚于今天）。"))
    title, created = Title.objects.get_or_create(
        enterprise=enterprise, tier=tier, level=level, recognized_on=recognized_on,
        defaults={"batch": batch.strip(), "valid_until": default_valid_until(recognized_on),
                  "authority": AUTHORITY_OF_LEVEL[level], "source": (document or "").strip()[:200], "recorded_by": actor},
    )
    if not created:
        raise DomainError(_("该企业此称号在该认定日期已登记。"))
    from breakzero.core.hooks import data_changed

    data_changed(source="titles", enterprise_ids=[enterprise.pk])
    return title
