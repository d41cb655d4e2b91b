"""The audit trail: one append-only row per security-relevant event (等保 2.0 安全审计)."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计记录只能追加，不能修改。")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("审计记录只能追加，不能删除（过期记录请使用 archive_audit 归档）。")


class AuditEntry(models.Model):
    """Who did what, when, from where. Rows are never updated or deleted by the application;
    on PostgreSQL a trigger refuses UPDATE/DELETE except for the archive command."""

    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账户锁定")
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出")
        REVEAL = "reveal", _("查看个人信息")
        ACCESS_DENIED = "access_denied", _("拒绝访问")
        PASSWORD_CHANGE = "password_change", _("修改密码")
        SECURITY = "security", _("安全管理")
        ARCHIVE = "archive", _("审计归档")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    role = models.CharField(_("角色"), max_length=24, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更（前值、后值）"), default=dict, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    path = models.CharField(_("请求路径"), max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["action", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()} {self.object_repr}"

    @property
    def role_label(self) -> str:
        """The role in words (the role code is kept as it was at the time, choices are not enforced)."""
        from breakzero.accounts.models import Role

        return Role(self.role).label if self.role in Role.values else self.role

    @property
    def object_label(self) -> str:
        """The object's kind in words (its model's name)."""
        from breakzero.audit.display import object_label

        return object_label(self.object_type)

    @property
    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field label, before, after): labels and coded values in words, personal data masked."""
        from breakzero.audit.display import changes

        return changes(self.object_type, self.changes)

    @property
    def detail_rows(self) -> list[tuple[str, str]]:
        """(label, value) for the recorded details: keys in words, a downloaded file by its name."""
        from breakzero.audit.display import details

        return details(self.detail)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计记录只能追加，不能删除。")
