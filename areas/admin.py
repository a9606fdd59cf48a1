from django.contrib import admin

from areas.models import Borough, CommandUnit, Ward


@admin.register(CommandUnit)
class CommandUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Borough)
class BoroughAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "command_unit"]
    list_filter = ["command_unit"]
    search_fields = ["name", "ons_code"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "borough"]
    list_filter = ["borough__command_unit", "borough"]
    search_fields = ["name", "ons_code"]
    list_select_related = ["borough"]
