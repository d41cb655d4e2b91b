"""Admin: payments and recoveries are read-only (corrections are reversing entries, never edits)."""

from django.contrib import admin

from breakzero.funds.models import Payment, Recovery


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("project", "amount", "budget_document", "paid_on", "payee_account_masked", "reverses")


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ("clawback", "amount", "recovered_on")
