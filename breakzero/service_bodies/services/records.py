"""Writes for service records and the enterprise's rating of a record."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.service_bodies.models import ServiceBody, ServiceRating, ServiceRecord


@transaction.atomic
def record_create(
    *, body: ServiceBody, enterprise: Any, served_on: dt.date, content: str, user: Any, specialty: str = "other",
    product: Any = None,
) -> ServiceRecord:
    if product is not None and product.body_id != body.pk:
        raise DomainError(_("服务产品不属于该机构。"))
    record = ServiceRecord(
        body=body, enterprise=enterprise, served_on=served_on, content=content, specialty=specialty,
        product=product, created_by=user,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def rating_submit(*, record: ServiceRecord, user: Any, score: int, comment: str = "") -> ServiceRating:
    """The served enterprise rates a record 1-5 (its own records only; a second rating replaces the first)."""
    if user.enterprise_id != record.enterprise_id:
        raise DomainError(_("只能评价本企业接受的服务。"))
    if not 1 <= int(score) <= 5:
        raise DomainError(_("评分应为 1-5 分。"))
    rating, _created = ServiceRating.objects.update_or_create(
        record=record, defaults={"score": int(score), "comment": comment.strip(), "rated_by": user}
    )
    return rating
