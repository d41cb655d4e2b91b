"""Account security rules and the security administrator's services (等保 2.0 身份鉴别).

Officials and administrators: a second factor (TOTP) when REQUIRE_2FA is on, and a
password younger than PASSWORD_MAX_AGE_DAYS. Everyone: a new password when an
administrator created or reset the account (must_change_password).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from breakzero.accounts.models import ADMIN_ROLES, OFFICIAL_ROLES, User

PRIVILEGED_ROLES = OFFICIAL_ROLES | ADMIN_ROLES


def is_privileged(user: Any) -> bool:
    return getattr(user, "role", None) in PRIVILEGED_ROLES


def needs_second_factor(user: Any) -> bool:
    return bool(settings.REQUIRE_2FA) and is_privileged(user)


def password_expired(user: Any, *, now: dt.datetime | None = None) -> bool:
    """Rule: officials and administrators change their password every N days (default 90)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or not is_privileged(user):
        return False
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed > dt.timedelta(days=days)


def must_change_password(user: Any) -> bool:
    return bool(user.must_change_password) or password_expired(user)


def confirmed_device(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def password_changed(*, user: User) -> User:
    """After a successful change: the forced-change flag clears (set_password stamped the date)."""
    User.objects.filter(pk=user.pk).update(must_change_password=False, password_changed_at=user.password_changed_at)
    user.must_change_password = False
    return user


@transaction.atomic
def second_factor_reset(*, user: User) -> int:
    """Security administrator: remove a user's TOTP devices (lost phone); they enrol again.
    The user's API tokens are revoked (SECURITY.md, API tokens)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from breakzero.accounts.tokens import tokens_revoke_all

    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    tokens_revoke_all(user=user)  # a lost second factor may mean lost credentials: tokens go too
    return deleted


@transaction.atomic
def password_change_force(*, user: User) -> User:
    """Security administrator: the user must choose a new password at the next login; the
    user's API tokens are revoked (SECURITY.md, API tokens)."""
    from breakzero.accounts.tokens import tokens_revoke_all

    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    tokens_revoke_all(user=user)  # a forced change means the password may be known to others
    return user


def lockouts_active() -> dict[str, list[dict]]:
    """Accounts and addresses currently locked out (django-axes counts them separately)."""
    from axes.models import AccessAttempt
    from django.db.models import Max, Sum

    from breakzero.accounts.lockout import DETACHED_PREFIX

    cutoff = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=cutoff)
    result = {}
    by_account = recent.exclude(username__startswith=DETACHED_PREFIX)  # rows a success detached count per address only
    for key, attempts in (("username", by_account), ("ip_address", recent)):
        rows = (
            attempts.exclude(**{f"{key}__isnull": True}).values(key)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last")[:200]
        )
        result[key] = [{"value": row[key], "failures": row["failures"], "last": row["last"]} for row in rows]
    return result


def lockout_reset(*, username: str = "", ip_address: str = "") -> int:
    """Security administrator: lift the lockout of an account or an address."""
    from axes.utils import reset

    if username:
        return reset(username=username)
    if ip_address:
        return reset(ip=ip_address)
    return 0
