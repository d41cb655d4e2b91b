"""Role-based Django-admin permissions: the system administrator's duties, nothing more."""

from typing import Any

from django.contrib.auth.backends import BaseBackend


class RolePermissionBackend(BaseBackend):
    """Grants a staff system administrator the model permissions of every app except the
    audit trail and the security data (lockouts, 2FA devices); grants nobody else anything.
    Authentication is left to the other backends."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        from breakzero.accounts.admin_site import system_admin_may

        return system_admin_may(user_obj, perm.split(".", 1)[0])

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        from breakzero.accounts.admin_site import system_admin_may

        return system_admin_may(user_obj, app_label)
