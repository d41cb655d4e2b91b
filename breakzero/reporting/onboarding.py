"""Enterprise accounts: self-registration checked against the register, county confirmation,
an enterprise administrator who adds and deactivates colleagues (self-registration confirmed by the county)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from breakzero.accounts.models import Role, User
from breakzero.accounts.tokens import tokens_revoke_all
from breakzero.core.errors import DomainError
from breakzero.enterprises.models import Enterprise, FormerName
from breakzero.enterprises.services import EnterpriseInput, enterprise_create
from breakzero.regions.models import Region
from breakzero.reporting.models import EnterpriseAdministrator, EnterpriseRegistration
from breakzero.rules.errors import InvalidCode
from breakzero.rules.industries import normalize_industry_code
from breakzero.rules.names import normalize_company_name
from breakzero.rules.uscc import parse_uscc

R = EnterpriseRegistration.Status


@transaction.atomic
def registration_create(
    *, uscc: str, name: str, county_code: str, contact_person: str, contact_phone: str, username: str, password: str,
    industry_code: str = "",
) -> EnterpriseRegistration:
    """Valid USCC (GB 32100); a registered enterprise's name must be its current or a former name,
    and its county is the register's; the account waits for the county's confirmation."""
    try:
        code = parse_uscc(uscc).code
    except InvalidCode as exc:
        raise ValidationError({"uscc": exc.message_zh}) from exc
    enterprise = Enterprise.objects.filter(uscc=code).first()
    if enterprise is not None and not _name_matches(enterprise, name):
        raise ValidationError({"name": _("企业名称与登记的名称或曾用名不符。")})
    county = enterprise.county if enterprise is not None and enterprise.county_id else Region.objects.filter(
        code=county_code, level=Region.Level.COUNTY).first()
    if county is None:
        raise ValidationError({"county_code": _("请选择企业所在县市区。")})
    industry = _industry(industry_code) if enterprise is None else ""
    if User.objects.filter(username=username).exists() or EnterpriseRegistration.objects.filter(
            username=username, status=R.PENDING).exists():
        raise ValidationError({"username": _("该用户名已被使用。")})
    validate_password(password)
    return EnterpriseRegistration.objects.create(
        uscc=code, name=name.strip(), county=county, enterprise=enterprise, contact_person=contact_person.strip(),
        contact_phone=contact_phone.strip(), industry_code=industry, username=username,
        password_hash=make_password(password))


@transaction.atomic
def registration_decide(*, actor: Any, registration: EnterpriseRegistration, approve: bool, reason: str = "") -> Any:
    """The county confirms (the account is created; a new enterprise is added to the register;
    the first user becomes the enterprise's administrator) or refuses with a reason."""
    reg = EnterpriseRegistration.objects.select_for_update().get(pk=registration.pk)
    if actor.role != Role.COUNTY_OFFICIAL or actor.region_id != reg.county_id:
        raise DomainError(_("注册申请由企业所在县市区确认。"))
    if reg.status != R.PENDING:
        raise DomainError(_("该注册申请已处理。"))
    reg.decided_by, reg.decided_at = actor, timezone.now()
    if not approve:
        if not reason.strip():
            raise ValidationError({"reason": _("请填写拒绝原因")})
        reg.status, reg.reason = R.REFUSED, reason.strip()
        reg.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
        return reg
    enterprise = reg.enterprise or enterprise_create(actor=actor, data=EnterpriseInput(
        uscc=reg.uscc, name=reg.name, county=reg.county, industry_code=reg.industry_code,
        contact_person=reg.contact_person, contact_phone=reg.contact_phone))
    user = User.objects.create(username=reg.username, password=reg.password_hash, role=Role.ENTERPRISE,
                               enterprise=enterprise, display_name=reg.contact_person, phone=reg.contact_phone)
    EnterpriseAdministrator.objects.get_or_create(enterprise=enterprise, defaults={"user": user})
    reg.status, reg.enterprise = R.CONFIRMED, enterprise
    reg.save(update_fields=["status", "enterprise", "decided_by", "decided_at", "updated_at"])
    return user


def is_enterprise_admin(user: Any) -> bool:
    return bool(getattr(user, "enterprise_id", None)) and EnterpriseAdministrator.objects.filter(
        enterprise_id=user.enterprise_id, user=user).exists()


@transaction.atomic
def member_add(*, actor: Any, username: str, display_name: str, password: str) -> User:
    """The enterprise administrator adds a colleague, who changes the password at first login."""
    if not is_enterprise_admin(actor):
        raise DomainError(_("只有企业管理员可以管理本企业用户。"))
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("该用户名已被使用。")})
    validate_password(password)
    user = User(username=username, role=Role.ENTERPRISE, enterprise_id=actor.enterprise_id, display_name=display_name,
                must_change_password=True)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def member_deactivate(*, actor: Any, user: User) -> User:
    """Deactivation ends the user's sessions (an inactive user is logged out on the next request)
    and revokes every API token."""
    if not is_enterprise_admin(actor) or user.enterprise_id != actor.enterprise_id or user.pk == actor.pk:
        raise DomainError(_("只有企业管理员可以停用本企业的其他用户。"))
    user.is_active = False
    user.save(update_fields=["is_active"])
    tokens_revoke_all(user=user)
    return user


def _industry(text: str) -> str:
    """A new enterprise's GB/T 4754 code (at least the 2-digit division): without it its yearly rows
    cannot be sized (工信部联企业〔2011〕300号), and an unsized firm counts in no SME indicator."""
    if not (text or "").strip():
        raise ValidationError({"industry_code": _("未在册企业请填写国民经济行业代码（至少 2 位数字，如 39 或 3911）。")})
    try:
        code = normalize_industry_code(text)
    except ValueError as exc:
        raise ValidationError({"industry_code": str(exc).split(" / ")[0]}) from exc
    if code.isalpha():
        raise ValidationError({"industry_code": _("行业代码请至少填写到大类（2 位数字，如 39 或 3911）。")})
    return code


def _name_matches(enterprise: Enterprise, name: str) -> bool:
    wanted = normalize_company_name(name)
    return wanted == enterprise.name_normalized or FormerName.objects.filter(
        Q(enterprise=enterprise) & Q(name_normalized=wanted)).exists()
