"""Read-only views of the inspection records: every change goes through the services, so that
it writes its timeline entry and keeps its clocks."""

from django.contrib import admin

from jiefen.inspection.models import (
    ComplainantNotice,
    Inspection,
    PenaltyDecision,
    RectificationOrder,
    SiteInspection,
    WageRecovery,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "source", "anonymous", "status", "received_at", "opened_late"]
    list_filter = ["status", "kind", "source", "anonymous", "opened_late"]
    search_fields = ["case__number"]
    list_select_related = ["case"]


@admin.register(RectificationOrder)
class RectificationOrderAdmin(ReadOnlyAdmin):
    list_display = ["doc_number", "inspection", "issued_on", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["doc_number"]


for model in (SiteInspection, PenaltyDecision, ComplainantNotice, WageRecovery):
    admin.site.register(model, ReadOnlyAdmin)
