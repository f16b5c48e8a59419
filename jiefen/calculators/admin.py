from django.contrib import admin
from django.utils import timezone

from jiefen.calculators.models import Parameter


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "grade",
        "region",
        "effective_from",
        "value",
        "unit",
        "confirmed",
        "confirmed_by",
    ]
    list_filter = ["kind", "confirmed", "region"]
    readonly_fields = ["confirmed_by", "confirmed_on", "updated_at"]

    def save_model(self, request, obj, form, change):
        # Who checked a figure against its source, and when: set by whoever ticks "已核实".
        if obj.confirmed and ("confirmed" in form.changed_data or not change):
            obj.confirmed_by, obj.confirmed_on = request.user, timezone.localdate()
        elif not obj.confirmed:
            obj.confirmed_by, obj.confirmed_on = None, None
        super().save_model(request, obj, form, change)
