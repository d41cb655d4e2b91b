"""User administration for the system administrator (never for the security or audit roles).

Separation of duties: the system administrator cannot see or edit security and audit
administrators (else they could reset their passwords and act as them), cannot grant
those roles, superuser status or raw permissions. New users must change their password.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from breakzero.accounts.models import ApiToken, Role, User
from breakzero.accounts.tokens import token_revoke, tokens_revoke_all

PROTECTED_ROLES = (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


@admin.register(User)
class BreakZeroUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "region", "enterprise", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        ("破零倍增", {"fields": ["role", "region", "enterprise", "display_name", "phone", "email"]}),
        ("状态", {"fields": ["is_active", "is_staff", "must_change_password", "last_login", "date_joined"]}),
    )
    add_fieldsets = ((None, {"classes": ["wide"], "fields": ["username", "role", "region", "password1", "password2"]}),)
    readonly_fields = ["last_login", "date_joined"]
    raw_id_fields = ["enterprise"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(role__in=PROTECTED_ROLES).exclude(is_superuser=True)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] not in PROTECTED_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # a real new user chooses their own password at first login
        obj.is_superuser = False
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            tokens_revoke_all(user=obj)  # a deactivated account keeps no way into the API


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and revoked here, never created or changed: whoever could set a
    token's user could act as that user through the API (the owner is fixed, see ApiToken.save)."""

    list_display = ["name", "user", "prefix", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["user", "name", "key_hash", "prefix", "expires_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(user__role__in=PROTECTED_ROLES).exclude(user__is_superuser=True)

    @admin.action(description="撤销所选令牌")
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token)
