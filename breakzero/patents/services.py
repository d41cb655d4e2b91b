"""Writes of the patents app: deciding near matches in the review queue."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from breakzero.core.errors import DomainError
from breakzero.core.hooks import data_changed
from breakzero.enterprises.models import FormerName
from breakzero.patents.models import ApplicantType, MatchMethod, PatentApplicant, ReviewItem


@transaction.atomic
def review_item_confirm(*, item: ReviewItem, user: Any, in_process: bool = False) -> int:
    """Confirm that the applicant name is the candidate enterprise.

    Records the name as a confirmed alias (FormerName source=alias, used by later imports),
    attributes every unattributed applicant with that name (match_method=review), closes the
    other candidates of the same name, and triggers break-zero recomputation.
    Returns how many applicants were attributed.
    """
    item = _lock_pending(item)
    now = timezone.now()
    enterprise = item.enterprise
    if not FormerName.objects.filter(enterprise=enterprise, name_normalized=item.name_normalized).exists():
        alias = FormerName(
            enterprise=enterprise, name=item.applicant_name, name_normalized=item.name_normalized,
            source=FormerName.Source.ALIAS,
        )  # fmt: skip
        alias.full_clean()
        alias.save()
    attributed = PatentApplicant.objects.filter(name_normalized=item.name_normalized, enterprise__isnull=True).update(
        enterprise=enterprise, applicant_type=ApplicantType.ENTERPRISE, match_method=MatchMethod.REVIEW
    )
    ReviewItem.objects.filter(pk=item.pk).update(
        status=ReviewItem.Status.CONFIRMED, decided_by=user, decided_at=now, updated_at=now
    )
    ReviewItem.objects.filter(name_normalized=item.name_normalized, status=ReviewItem.Status.PENDING).exclude(
        pk=item.pk
    ).update(status=ReviewItem.Status.REJECTED, decided_by=user, decided_at=now, updated_at=now)
    data_changed(source="patents", enterprise_ids=[enterprise.pk], in_process=in_process)
    return attributed


@transaction.atomic
def review_item_reject(*, item: ReviewItem, user: Any) -> ReviewItem:
    """The applicant is not this enterprise; the pair is never proposed again."""
    item = _lock_pending(item)
    now = timezone.now()
    item.status = ReviewItem.Status.REJECTED
    item.decided_by = user
    item.decided_at = now
    item.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return item


def _lock_pending(item: ReviewItem) -> ReviewItem:
    locked = ReviewItem.objects.select_for_update().select_related("enterprise").get(pk=item.pk)
    if locked.status != ReviewItem.Status.PENDING:
        raise DomainError("该匹配已处理，无需重复操作。")
    return locked
