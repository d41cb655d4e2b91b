from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "breakzero.accounts"
    label = "accounts"
    verbose_name = "账户"


class RestrictedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose site only the system administrator may enter (三员分立)."""

    default = False
    default_site = "breakzero.accounts.admin_site.RestrictedAdminSite"
