from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "district", "street"]
    list_filter = ["kind", "level", "district"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "full_name",
        "role",
        "department",
        "scope_level",
        "scope_code",
        "is_active",
    ]
    list_filter = ["role", "scope_level", "department__kind", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("岗位与范围"),
            {"fields": ("full_name", "phone", "role", "department", "scope_level", "scope_code")},
        ),
    )
