"""Writes of the indicators app: targets (with history) and the participant roster."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.core.errors import DomainError
from breakzero.core.hooks import data_changed
from breakzero.indicators import definitions
from breakzero.indicators.access import can_edit_participants, can_set_target
from breakzero.indicators.models import IndicatorTarget, Participant, TargetChange
from breakzero.indicators.selectors import forget_summary_version
from breakzero.regions.models import Region


@transaction.atomic
def target_set(
    *, user: Any, indicator_id: str, region: Region, year: int, value: Decimal | None, reason: str = ""
) -> IndicatorTarget | None:
    """Set (or clear with None) a region's target; a TargetChange row records who, what and when.

    Rule: the province sets province and prefecture targets; each city allocates
    to its counties; counties are read-only.
    """
    if indicator_id not in definitions.REGISTRY:
        raise DomainError(_("未知的指标：%(indicator)s") % {"indicator": indicator_id})
    if not can_set_target(user, region):
        raise DomainError(_("您无权设定该地区的目标。"))
    if value is not None and value < 0:
        raise ValidationError({"value": _("目标值不能为负数。")})
    current = IndicatorTarget.objects.select_for_update().filter(indicator=indicator_id, region=region, year=year).first()
    old = current.value if current else None
    if old == value:
        return current
    now = timezone.now()
    forget_summary_version()  # now (this process) and again after commit (a page may re-cache meanwhile)
    transaction.on_commit(forget_summary_version)
    TargetChange.objects.create(
        indicator=indicator_id, region=region, year=year, old_value=old, new_value=value,
        changed_by=user, changed_at=now, reason=reason[:200],
    )
    if value is None:
        if current:
            current.delete()
        return None
    if current is None:
        current = IndicatorTarget(indicator=indicator_id, region=region, year=year, value=value, set_by=user, set_at=now)
        current.full_clean()
        current.save()
        return current
    current.value, current.set_by, current.set_at = value, user, now
    current.save(update_fields=["value", "set_by", "set_at", "updated_at"])
    return current


@transaction.atomic
def targets_save_grid(
    *, user: Any, region: Region, year: int, values: dict[tuple[str, str], Decimal | None], reason: str = ""
) -> int:
    """Save a whole target grid at once (the region and its sub-regions); returns how many changed.

    Validated as a whole (action plan's breakdown: each level allocates its target down): after the
    changes, no parent's target may be exceeded by the sum of its children's (additive indicators);
    otherwise nothing is saved. Every change is recorded in TargetChange by `target_set`.
    """
    from breakzero.indicators.target_selectors import allocation_gaps

    regions = {r.code: r for r in Region.objects.filter(Q(code=region.code) | Q(parent=region))}
    stored = {(t.indicator, t.region_id): t.value
              for t in IndicatorTarget.objects.filter(region_id__in=list(regions), year=year)}
    changed = 0
    for (indicator_id, code), value in sorted(values.items()):
        if code not in regions or stored.get((indicator_id, code)) == value:
            continue
        target_set(user=user, indicator_id=indicator_id, region=regions[code], year=year, value=value, reason=reason)
        changed += 1
    over = [g for g in allocation_gaps(parent=region, year=year) if g["difference"] < 0]
    if over:
        raise ValidationError([
            _("%(region)s %(indicator)s：下级目标合计 %(allocated)s 超过上级目标 %(target)s。") % {
                "region": g["region"].name, "indicator": _(g["indicator"].name_zh),
                "allocated": g["allocated"].normalize(), "target": g["target"].normalize()}
            for g in over
        ])
    return changed


def parse_target_value(text: str) -> Decimal | None:
    """'' → None (clear); otherwise a non-negative number, with a Chinese error."""
    text = (text or "").strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError({"value": _("目标值应为数字：%(text)s") % {"text": text}}) from exc
    if not value.is_finite() or value < 0:
        raise ValidationError({"value": _("目标值应为非负数。")})
    return value


def enterprise_by_uscc(*, user: Any, uscc: str) -> Any:
    """The enterprise with this USCC among those the user sees, or a Chinese error."""
    from breakzero.enterprises.access import enterprises_visible_to
    from breakzero.rules.uscc import normalize_uscc

    code = normalize_uscc(uscc or "")
    enterprise = enterprises_visible_to(user).select_related("county", "city").filter(uscc=code).first()
    if enterprise is None:
        raise DomainError(_("在您管辖的地区找不到统一社会信用代码为 %(code)s 的企业。") % {"code": code or _("（空）")})
    return enterprise


@transaction.atomic
def participant_add(*, user: Any, enterprise: Any, year: int, note: str = "") -> Participant:
    """Add an enterprise of the official's region to a year's roster (idempotent)."""
    if not can_edit_participants(user, enterprise.county or enterprise.city):
        raise DomainError(_("该企业不在您管辖的地区。"))
    participant, created = Participant.objects.get_or_create(
        enterprise=enterprise, year=year, defaults={"note": note[:200], "added_by": user}
    )
    if created:
        data_changed(source="participants", enterprise_ids=[enterprise.pk])
    return participant


@transaction.atomic
def participant_remove(*, user: Any, participant: Participant) -> None:
    enterprise = participant.enterprise
    if not can_edit_participants(user, enterprise.county or enterprise.city):
        raise DomainError(_("该企业不在您管辖的地区。"))
    participant.delete()
    data_changed(source="participants", enterprise_ids=[enterprise.pk])
