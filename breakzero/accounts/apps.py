from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "breakzero.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from breakzero.core import nav

        nav.register(nav.NavEntry(
            "officials", _("下级管理员账户"), "accounts:official-list", _("从 Excel 批量创建下一级管理员账户并停用"),
            order=95, visible=lambda user: user.role in ("province_official", "city_official"),
        ))


class RestrictedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose site only the system administrator may enter (三员分立)."""

    default = False
    default_site = "breakzero.accounts.admin_site.RestrictedAdminSite"
