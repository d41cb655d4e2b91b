from django.contrib import admin

from breakzero.core.models import ProgrammePeriod


@admin.register(ProgrammePeriod)
class ProgrammePeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "baseline_year", "start_year", "end_year", "updated_at")

    def has_add_permission(self, request: object) -> bool:
        return not ProgrammePeriod.objects.exists() and super().has_add_permission(request)
