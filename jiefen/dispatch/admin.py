from django.contrib import admin

from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident, SmsReply


class DispatchOrderInline(admin.TabularInline):
    model = DispatchOrder
    extra = 0
    can_delete = False
    fields = [
        "unit_kind",
        "department",
        "assignee",
        "status",
        "reply_code",
        "dispatched_at",
        "arrived_at",
        "help_requested_at",
    ]
    readonly_fields = fields


class DispatchEventInline(admin.TabularInline):
    model = DispatchEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "summary", "note", "actor"]
    readonly_fields = fields


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only: incidents change through the 110 linkage screens and API, which log each move."""

    list_display = ["incident_no", "received_at", "source", "status", "village", "people_involved"]
    list_filter = ["status", "source", "category"]
    search_fields = ["incident_no", "address"]
    exclude = ["caller_phone_cipher"]
    readonly_fields = [
        f.name for f in Incident._meta.fields if f.name not in ("id", "caller_phone_cipher")
    ]
    inlines = [DispatchOrderInline, DispatchEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SmsReply)
class SmsReplyAdmin(admin.ModelAdmin):
    """Read-only: the units' SMS replies as they came in, with what was done and answered."""

    list_display = ["received_at", "gateway", "phone_masked", "text", "outcome", "order"]
    list_filter = ["outcome", "gateway"]
    search_fields = ["message_id", "text"]
    exclude = ["phone_cipher"]
    readonly_fields = [
        f.name for f in SmsReply._meta.fields if f.name not in ("id", "phone_cipher")
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
