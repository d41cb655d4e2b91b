"""Who may see patents, decide review items and import patent files (STYLE §3 access)."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from breakzero.accounts.access import sees_whole_province
from breakzero.accounts.models import Role
from breakzero.enterprises.access import enterprises_visible_to
from breakzero.patents.models import Patent, PatentApplicant, ReviewItem


def patents_visible_to(user: Any) -> QuerySet[Patent]:
    """Province officials and system admins: every patent (also unattributed ones);
    others: patents with at least one applicant attributed to an enterprise they see."""
    qs = Patent.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_province(user) or user.role == Role.SYSTEM_ADMIN:
        return qs
    visible = enterprises_visible_to(user).values("pk")
    mine = PatentApplicant.objects.filter(patent=OuterRef("pk"), enterprise__in=visible)
    return qs.filter(Exists(mine))


def review_items_visible_to(user: Any) -> QuerySet[ReviewItem]:
    """Officials decide near matches of candidate enterprises in their own region."""
    if not getattr(user, "is_authenticated", False) or not user.is_official:
        return ReviewItem.objects.none()
    return ReviewItem.objects.filter(enterprise__in=enterprises_visible_to(user).values("pk"))


def can_import_patents(user: Any) -> bool:
    """Patent exports come from officials (all levels) and system admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_official or user.role == Role.SYSTEM_ADMIN)


def can_see_break_zero_lists(user: Any) -> bool:
    """Break-zero and pipeline lists are for officials and system admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_official or user.role == Role.SYSTEM_ADMIN)
