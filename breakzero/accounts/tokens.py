"""API token services: issue, revoke, revoke all of a user's, and when a token may be used.

Rules (SECURITY.md "API tokens"): a token belongs to the user who issued it, for ever; only
its SHA-256 is stored; it lives at most a year. A token works only while its user could
sign in: it is refused while the account is inactive, locked out, or must change its
password, and the security administrator's forced password change or second-factor reset
and a deactivation revoke every token of that user. A user can always revoke their own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import CharField, DateTimeField, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from breakzero.accounts.models import ApiToken, User
from breakzero.core.errors import DomainError
from breakzero.core.prepared import Param, Prepared

MAX_LIFETIME = dt.timedelta(days=366)  # "at most one year"; a leap year has 366 days
DEFAULT_LIFETIME = dt.timedelta(days=90)
MAX_ACTIVE_TOKENS = 20
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)

# Every API request: the token, its user (with region and enterprise, which the scope checks read)
# and the user's recent login failures (the lock-out, as account_locked counts them) in one
# statement, compiled once per process (core.prepared).
def _active_token_query() -> Any:
    from axes.models import AccessAttempt

    recent_failures = (
        AccessAttempt.objects.filter(username=OuterRef("user__username"), attempt_time__gte=Param("since", DateTimeField()))
        .order_by()
        .values("username")
        .annotate(n=Sum("failures_since_start"))
        .values("n")[:1]
    )
    return (
        ApiToken.objects.select_related("user", "user__region", "user__enterprise")
        .filter(key_hash=Param("key_hash", CharField()), revoked_at__isnull=True, expires_at__gt=Param("now", DateTimeField()))
        .annotate(recent_failures=Coalesce(Subquery(recent_failures, output_field=IntegerField()), 0))
        .order_by("-created_at")[:1]
    )


_ACTIVE_TOKEN = Prepared(_active_token_query)


@transaction.atomic
def token_issue(*, user: User, name: str, expires_at: dt.datetime | None) -> tuple[ApiToken, str]:
    """Only the SHA-256 of the key is stored; the key itself is returned once (lifetime ≤ 1 year)."""
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_LIFETIME
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if not name:
        raise DomainError("令牌名称不能为空。")
    if expires_at <= now:
        raise DomainError("过期时间必须晚于当前时间。")
    if expires_at > now + MAX_LIFETIME:
        raise DomainError("令牌有效期最长一年。")
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise concurrent issues per user
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(f"有效令牌已达 {MAX_ACTIVE_TOKENS} 个，请先撤销不用的令牌。")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8], expires_at=expires_at)
    return token, key


def tokens_of(*, user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoking is idempotent; the first revocation time stays."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


@transaction.atomic
def tokens_revoke_all(*, user: User) -> int:
    """Every active token of `user` (credentials reset or account deactivated). Row by row, so
    each revocation leaves its own audit entry."""
    count = 0
    for token in ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        token_revoke(token=token)
        count += 1
    return count


def token_authenticate(key: str, *, suspended_ok: bool = False) -> User | None:
    """The user of an unexpired, unrevoked token whose user could sign in now (token_usable_by;
    `suspended_ok`: only that the user is active). Stamps "last used", to the minute: one write
    per token and minute, not one per request."""
    now = timezone.now()
    token = _ACTIVE_TOKEN.first(key_hash=ApiToken.hash_key(key), now=now, since=now - settings.AXES_COOLOFF_TIME)
    if token is None or not token.user.is_active:
        return None
    if not suspended_ok and not _usable(token.user, locked=token.recent_failures >= settings.AXES_FAILURE_LIMIT):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        _stamp_last_used(token.pk, now)
    return token.user


def token_usable_by(user: Any) -> bool:
    """A token is suspended while its user could not sign in either."""
    from breakzero.accounts import security

    if not user.is_active or security.must_change_password(user):
        return False
    return not account_locked(username=user.get_username())


def _usable(user: Any, *, locked: bool) -> bool:
    from breakzero.accounts import security

    return user.is_active and not security.must_change_password(user) and not locked


def _stamp_last_used(pk: int, now: dt.datetime) -> None:
    """Plain SQL: the same UPDATE the ORM's .update(last_used_at=now) sends (no signals, no
    updated_at), without compiling it on every request."""
    connection = connections[router.db_for_write(ApiToken)]
    table, column = (connection.ops.quote_name(n) for n in (ApiToken._meta.db_table, "last_used_at"))
    value = ApiToken._meta.get_field("last_used_at").get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])


def account_locked(*, username: str) -> bool:
    """django-axes' lockout of the account (failures for this user name within the cool-off)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT
