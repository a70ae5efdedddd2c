"""The Django admin, for system administrators only (every change keeps its history)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from npgov.core.models import Department, District, User


@admin.register(User)
class NPGovUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "display_name", "role", "department", "district", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("NPGov", {"fields": ("role", "display_name", "phone", "department", "district")}),
    )


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_zh", "kind", "parent", "verified")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_zh", "short_name_zh", "city", "is_lead")
    search_fields = ("code", "name_zh", "short_name_zh")
