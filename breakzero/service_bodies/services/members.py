"""Service-body accounts: the province (or the city for the bodies it governs) attaches accounts to a
body and names its administrators; a body's administrator invites and removes its own staff."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role
from breakzero.core.errors import DomainError
from breakzero.service_bodies import access
from breakzero.service_bodies.models import ServiceBody, ServiceBodyMember


@dataclass(frozen=True)
class Invitation:
    member: ServiceBodyMember
    password: str  # shown once to the inviter; the user must change it at first login


@transaction.atomic
def member_invite(*, actor: Any, body: ServiceBody, username: str, display_name: str, email: str = "",
                  is_admin: bool = False) -> Invitation:
    """A new service-body account for `body` with a one-time password (must be changed at first login)."""
    _check(actor, body, is_admin=is_admin)
    username = (username or "").strip()
    if not username:
        raise DomainError(_("请填写登录名。"))
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise DomainError(_("登录名“%(name)s”已被使用；已有账户请用“关联已有账户”。") % {"name": username})
    password = _one_time_password()
    user = User(username=username, role=Role.SERVICE_BODY, display_name=(display_name or "").strip(),
                email=(email or "").strip(), must_change_password=True)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    member = ServiceBodyMember.objects.create(body=body, user=user, is_admin=is_admin)
    return Invitation(member, password)


@transaction.atomic
def member_attach(*, actor: Any, body: ServiceBody, username: str, is_admin: bool = False) -> ServiceBodyMember:
    """Attach an existing service-body account (it may serve several bodies)."""
    _check(actor, body, is_admin=is_admin)
    user = get_user_model().objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None:
        raise DomainError(_("没有登录名为“%(name)s”的有效账户。") % {"name": username})
    if user.role != Role.SERVICE_BODY:
        raise DomainError(_("只有“服务机构”角色的账户可以关联到机构。"))
    member, created = ServiceBodyMember.objects.get_or_create(body=body, user=user, defaults={"is_admin": is_admin})
    if not created and member.is_admin != is_admin:
        member.is_admin = is_admin
        member.save(update_fields=["is_admin", "updated_at"])
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: ServiceBodyMember) -> None:
    """Detach an account from the body (the account itself stays, for the audit trail)."""
    _check(actor, member.body, is_admin=member.is_admin)
    if member.user_id == actor.pk:
        raise DomainError(_("不能移除自己的账户。"))
    member.delete()


def _check(actor: Any, body: ServiceBody, *, is_admin: bool) -> None:
    """Officials manage every account of the bodies they govern; a body administrator only staff."""
    if access.can_manage_accounts(actor, body):
        return
    if access.is_body_admin(actor, body) and not is_admin:
        return
    raise DomainError(_("您无权管理该机构的账户。"))


def _one_time_password() -> str:
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{core}@{secrets.randbelow(90) + 10}"  # letters, digits and a symbol (password policy)
