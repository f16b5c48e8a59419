from django.contrib import admin

from jiefen.outreach.models import (
    EarlyWarning,
    Enterprise,
    FollowUp,
    Visit,
    VisitPlan,
    WarningEvent,
)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "village", "headcount", "planned_completion"]
    list_filter = ["kind"]
    search_fields = ["employer__name", "employer__credit_code", "project_name"]
    raw_id_fields = ["employer", "village", "created_by"]
    readonly_fields = ["contact_phone_masked"]


@admin.register(VisitPlan)
class VisitPlanAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "planned_for", "assignee", "status"]
    list_filter = ["status"]
    raw_id_fields = ["enterprise", "assignee", "created_by"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "visited_at", "visitor", "severity"]
    list_filter = ["severity"]
    raw_id_fields = ["enterprise", "visitor", "plan"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["task", "owner", "due_on", "done_at"]
    raw_id_fields = ["visit", "owner"]


class WarningEventInline(admin.TabularInline):
    model = WarningEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "old_status", "new_status", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EarlyWarning)
class EarlyWarningAdmin(admin.ModelAdmin):
    list_display = ["reason", "rule", "level", "status", "village", "raised_at"]
    list_filter = ["rule", "level", "status"]
    raw_id_fields = ["employer", "enterprise", "village", "owner", "case"]
    readonly_fields = ["status", "evidence", "fingerprint"]
    inlines = [WarningEventInline]
