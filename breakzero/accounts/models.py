"""Users with a role and a scope (a region or an enterprise), and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, _user_has_module_perms, _user_has_perm
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakzero.core.models import BaseModel


class Role(models.TextChoices):
    PROVINCE_OFFICIAL = "province_official", _("省级管理员")
    CITY_OFFICIAL = "city_official", _("市州管理员")
    COUNTY_OFFICIAL = "county_official", _("区县管理员")
    ENTERPRISE = "enterprise", _("企业用户")
    SERVICE_BODY = "service_body", _("服务机构")
    EXPERT = "expert", _("评审专家")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


OFFICIAL_ROLES = frozenset({Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL})
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class User(AbstractUser):
    """A platform user; officials carry a region, enterprise users an enterprise."""

    role = models.CharField(_("角色"), max_length=24, choices=Role.choices, default=Role.ENTERPRISE, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("管辖区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("所属企业"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="users",
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["province_official", "city_official", "county_official"])
                | models.Q(region__isnull=False),
                name="official_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def is_province_official(self) -> bool:
        return self.role == Role.PROVINCE_OFFICIAL

    @property
    def is_system_admin(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN

    def set_password(self, raw_password: str | None) -> None:
        """Records when the password changed: officials and admins must rotate it (等保)."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """Like Django's, except that `is_superuser` grants nothing (separation of duties):
        permissions come from the role (accounts.backends) and explicit grants only."""
        return self.is_active and _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and _user_has_module_perms(self, app_label)


class ApiToken(BaseModel):
    """A bearer token for the JSON API; only its SHA-256 is stored. Expires and can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    expires_at = models.DateTimeField(_("过期时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最后使用"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def save(self, *args, **kwargs) -> None:
        """A token's owner never changes (else whoever edits it could act as another user)."""
        if self.pk is not None:
            owner = type(self).objects.filter(pk=self.pk).values_list("user_id", flat=True).first()
            if owner is not None and owner != self.user_id:
                from breakzero.core.errors import DomainError

                raise DomainError("API 令牌不能转给其他用户。")
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "bz_" + secrets.token_urlsafe(32)
