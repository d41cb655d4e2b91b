from django.contrib import admin

from breakzero.regions.models import Region, RegionAlias


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(RegionAlias)
class RegionAliasAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "changed_in"]
    list_filter = ["kind"]
