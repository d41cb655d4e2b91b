"""The Django admin for the system administrator only; audit and security data stay out.

Separation of duties (等保 2.0 三员分立): the system administrator maintains users and
reference data; lockouts, 2FA resets and the password policy belong to the security
administrator (accounts.security_views); the audit trail to the audit administrator
(breakzero.audit). `is_superuser` grants nothing extra anywhere (accounts.models.User).
"""

from typing import Any

from django.contrib import admin

from breakzero.accounts.models import Role

# Apps whose data the system administrator must not read or change.
SYSTEM_ADMIN_DENIED_APPS = frozenset({"audit", "axes", "otp_totp", "otp_static", "otp_email", "django_otp"})


def system_admin_may(user: Any, app_label: str) -> bool:
    return bool(
        user.is_active and user.is_staff and user.role == Role.SYSTEM_ADMIN and app_label not in SYSTEM_ADMIN_DENIED_APPS
    )


class RestrictedAdminSite(admin.AdminSite):
    site_header = "破零倍增平台 · 系统管理"
    site_title = "系统管理"

    def has_permission(self, request: Any) -> bool:
        user = request.user
        return bool(user.is_authenticated and user.is_active and user.is_staff and user.role == Role.SYSTEM_ADMIN)

    def get_app_list(self, request: Any, app_label: str | None = None) -> list[dict]:
        apps = super().get_app_list(request, app_label)
        return [app for app in apps if app["app_label"] not in SYSTEM_ADMIN_DENIED_APPS]
