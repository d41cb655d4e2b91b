"""Attribution of one applicant to a registered enterprise — the rule, Django-free.

Order, first hit wins:
1. the applicant's credit code (申请人统一社会信用代码) in the file = Enterprise.uscc;
2. the normalised name (rules.names.normalize_company_name) = a key of `Lookup.names`: an
   enterprise's current name, else a former name, else a name confirmed in the review
   queue, else another confirmed alias (attribution.build_lookup keeps, per key, only the
   best of these levels, and drops a key two enterprises share at that level: ambiguous
   names are never attributed automatically);
3. a branch (…分公司) whose parent name (rules.names.branch_parent_name) matches as in 2.
Near matches are not attributed here: attribution.near_matches queues them for review.
The parser applies this while reading the file (in worker processes for big files), so
every staging row already says whom it belongs to and how.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NONE = "none"


@dataclass(frozen=True)
class Lookup:
    """The register's keys: normalised name → (enterprise id, method); credit code → id."""

    names: dict[str, tuple[int, str]] = field(default_factory=dict)
    usccs: dict[str, int] = field(default_factory=dict)


def attribute(*, key: str, branch_parent: str, uscc: str, applicant_class: str, lookup: Lookup) -> tuple[int | None, str, str]:
    """(enterprise id or None, match method, applicant type) of one applicant.

    The type is "enterprise" when attributed, "unregistered" for a firm outside the
    register, else the name's class (person, university, institute, other)."""
    if uscc:
        enterprise_id = lookup.usccs.get(uscc)
        if enterprise_id is not None:
            return enterprise_id, "uscc", "enterprise"
    hit = lookup.names.get(key)
    if hit is not None:
        return hit[0], hit[1], "enterprise"
    if branch_parent:
        hit = lookup.names.get(branch_parent)
        if hit is not None:
            return hit[0], "branch", "enterprise"
    return None, NONE, "unregistered" if applicant_class == "enterprise" else applicant_class
