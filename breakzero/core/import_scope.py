"""Where an import may write: the importing user's write scope, applied to every row.

Every importer receives a `WriteScope` instead of a bare user and must say, in its
`scoped_by` attribute, which region a row belongs to (the enterprise's county, the event's
service body, …). A row outside the scope is rejected with `OUTSIDE_SCOPE` (or, when the
row names an enterprise, with `NOT_FOUND_IN_SCOPE`, the same words as for an unknown
enterprise, so an error never reveals that an enterprise exists in another region) and
nothing is written for it. Shell commands import with `WriteScope.everywhere()`.

The checks are set-based: an importer compares the region it already looked up for the row
(a dict or a SQL join) with `allows(county, city)` or `enterprise_condition(alias)`; no
query per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OUTSIDE_SCOPE = "该行涉及的地区不在您的管辖范围内，未导入"
NOT_FOUND_IN_SCOPE = "未找到本辖区内的该企业（请确认统一社会信用代码，或先导入企业）"


@dataclass(frozen=True)
class WriteScope:
    """The regions an import may write to: all (`is_everywhere`), one city, one county, or none."""

    user: Any = None
    is_everywhere: bool = False
    city: str | None = None
    county: str | None = None

    @classmethod
    def everywhere(cls, user: Any = None) -> "WriteScope":
        """Shell commands and province-wide roles."""
        return cls(user=user, is_everywhere=True)

    @classmethod
    def of(cls, user: Any) -> "WriteScope":
        """The write scope of a signed-in user: province officials, system administrators and
        superusers write everywhere; a city official inside the city; a county official inside
        the county; anyone else (service bodies, enterprises, experts) in no region — an
        importer open to them scopes its rows by something else (e.g. the bodies they manage)."""
        from breakzero.accounts.access import governed_region, sees_whole_province
        from breakzero.accounts.models import Role

        if not getattr(user, "is_authenticated", False):
            return cls(user=user)
        if getattr(user, "is_superuser", False) or sees_whole_province(user) or user.role == Role.SYSTEM_ADMIN:
            return cls.everywhere(user)
        region = governed_region(user)
        if region is None:
            return cls(user=user)
        if region.is_prefecture:
            return cls(user=user, city=region.code)
        return cls(user=user, county=region.code)

    @property
    def is_shell(self) -> bool:
        return self.user is None and self.is_everywhere

    def allows(self, county: str | None, city: str | None) -> bool:
        """May a row of this county (and its city) be written?"""
        if self.is_everywhere:
            return True
        if self.county is not None:
            return county == self.county
        if self.city is not None:
            return city == self.city
        return False

    def enterprise_filter(self) -> dict[str, Any] | None:
        """ORM filter for the enterprises inside the scope; None = every enterprise."""
        if self.is_everywhere:
            return None
        if self.county is not None:
            return {"county_id": self.county}
        if self.city is not None:
            return {"city_id": self.city}
        return {"pk__in": []}

    def enterprise_condition(self, alias: str) -> tuple[str, list[Any]]:
        """SQL condition (and its parameters) true for rows of the enterprises table `alias`
        inside the scope, for set-based checks."""
        if self.is_everywhere:
            return "1 = 1", []
        if self.county is not None:
            return f"{alias}.county_id = %s", [self.county]
        if self.city is not None:
            return f"{alias}.city_id = %s", [self.city]
        return "1 = 0", []
