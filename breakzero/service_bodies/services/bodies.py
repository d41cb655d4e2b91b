"""Writes for service bodies, their members and their catalogue of service products."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from breakzero.regions.models import Region
from breakzero.rules.dates import add_years
from breakzero.rules.errors import InvalidCode
from breakzero.rules.uscc import parse_uscc
from breakzero.service_bodies.models import ServiceBody, ServiceBodyMember, ServiceProduct, Specialty
from breakzero.service_bodies.models.bodies import VALIDITY_YEARS

BODY_FIELDS = (
    "name", "kind", "specialties", "uscc", "region", "recognition_level", "recognized_on",
    "contact_person", "contact_phone", "address", "is_contact_public", "description", "is_active",
)


def clean_uscc(value: str) -> str:
    """A body's USCC must pass GB 32100 (breakzero.rules.uscc); the Chinese reason otherwise."""
    try:
        return parse_uscc(value).code
    except InvalidCode as exc:
        raise ValidationError(f"统一社会信用代码无效：{exc.message_zh}") from exc


def validity_end(recognized_on: dt.date) -> dt.date:
    """Recognition is valid for three years: the day before the third anniversary."""
    return add_years(recognized_on, VALIDITY_YEARS) - dt.timedelta(days=1)


@transaction.atomic
def body_save(*, body: ServiceBody | None = None, data: dict[str, Any]) -> ServiceBody:
    """Create or update a body; city follows the region, validity follows the recognition date."""
    body = body or ServiceBody()
    for name in BODY_FIELDS:
        if name in data:
            setattr(body, name, data[name])
    body.uscc = clean_uscc(body.uscc)
    body.specialties = [s for s in (body.specialties or []) if s in Specialty.values]
    region: Region = body.region
    body.city_id = region.code if not region.is_county else region.city_code
    if region.is_province:
        raise ValidationError({"region": _("所在区域应为市州或区县")})
    body.valid_until = validity_end(body.recognized_on)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def member_add(*, body: ServiceBody, user: Any) -> ServiceBodyMember:
    from breakzero.accounts.models import Role

    if user.role != Role.SERVICE_BODY:
        raise ValidationError(_("只有“服务机构”角色的用户可以成为机构用户"))
    member, _created = ServiceBodyMember.objects.get_or_create(body=body, user=user)
    return member


@transaction.atomic
def product_save(*, body: ServiceBody, product: ServiceProduct | None = None, data: dict[str, Any]) -> ServiceProduct:
    product = product or ServiceProduct(body=body)
    for name in ("name", "specialty", "description", "price_note", "is_active"):
        if name in data:
            setattr(product, name, data[name])
    product.full_clean()
    product.save()
    return product
