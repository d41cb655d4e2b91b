from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from breakzero.accounts.models import ApiToken, User


@admin.register(User)
class BreakZeroUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "region", "enterprise", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("破零倍增", {"fields": ["role", "region", "enterprise", "display_name", "phone"]}),)
    raw_id_fields = ["enterprise"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["key_hash", "prefix"]
