"""Writes of the policies app: declared facts (screening writes live in screening.py)."""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.core.hooks import data_changed
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.policies import declared as spec
from breakzero.policies.access import can_declare
from breakzero.policies.models import ATTACHMENT_MAX_BYTES, DeclaredFacts


@transaction.atomic
def declared_facts_save(
    *, enterprise: Enterprise, year: int, data: dict[str, Any], actor: Any, attachment: UploadedFile | None = None,
    note: str = "",
) -> DeclaredFacts:
    """Store what the enterprise declares for fiscal `year`; re-screens it after commit.

    Values not in the spec are refused; every value is validated (bounds, percentages
    0–100 %, the year, parts against their wholes in the yearly data) and a
    `ValidationError` keyed by field carries the Chinese reasons; an existing
    attachment is kept unless a new one comes.
    """
    if not can_declare(actor, enterprise):
        raise DomainError(_("只有企业本身可以申报自身事实。"))
    unknown = sorted(set(data) - set(spec.BY_KEY))
    if unknown:
        raise DomainError(_("未知的申报项：%(keys)s") % {"keys": "、".join(unknown)})
    _validate(enterprise, year, data)
    if attachment is not None and attachment.size > ATTACHMENT_MAX_BYTES:
        raise DomainError(_("证明材料不能超过 %(n)s MB。") % {"n": ATTACHMENT_MAX_BYTES // 1048576})
    facts, _created = DeclaredFacts.objects.get_or_create(enterprise=enterprise, year=year)
    facts.data = {key: spec.to_json(spec.BY_KEY[key], value) for key, value in data.items() if value not in (None, "")}
    facts.note = note
    facts.declared_by = actor
    facts.declared_at = timezone.now()
    fields = ["data", "note", "declared_by", "declared_at", "updated_at"]
    if attachment is not None:
        facts.attachment = attachment
        fields.append("attachment")
    facts.full_clean()
    facts.save(update_fields=fields)
    data_changed(source="declared_facts", enterprise_ids=[enterprise.pk])
    return facts


def _validate(enterprise: Enterprise, year: int, data: dict[str, Any]) -> None:
    typed, errors = {}, {}
    for key, value in data.items():
        try:
            parsed = spec.parse_value(spec.BY_KEY[key], value)
        except (InvalidOperation, ValueError, TypeError):
            errors[key] = _("「%(label)s」的格式不正确") % {"label": spec.BY_KEY[key].label}
            continue
        if parsed is not None:
            typed[key] = parsed
    columns = spec.PLATFORM_KEYS.values()
    platform = EnterpriseYear.objects.filter(enterprise=enterprise, year=year).values(*columns).first()
    found = spec.declared_errors(
        typed, year=year, platform=platform or {}, founded_on=enterprise.founded_on, today=timezone.localdate()
    )
    errors.update({k: v for k, v in found.items() if k not in errors})
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})
