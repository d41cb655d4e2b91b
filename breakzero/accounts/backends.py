"""Role-based Django-admin permissions: the system administrator's duties, nothing more."""

from typing import Any

from django.contrib.auth import backends as auth_backends
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


class ModelBackend(auth_backends.ModelBackend):
    """Django's backend without the `is_superuser` shortcut: only explicit grants count."""

    def _get_permissions(self, user_obj: Any, obj: Any, from_name: str) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name):
            perms = getattr(self, f"_get_{from_name}_permissions")(user_obj)
            names = perms.values_list("content_type__app_label", "codename").order_by()
            setattr(user_obj, cache_name, {f"{app}.{codename}" for app, codename in names})
        return getattr(user_obj, cache_name)
