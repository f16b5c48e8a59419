from django.contrib import admin

from jiefen.arbitration.models import AverageWage, HearingRoom, MinimumWage


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ["region", "tier", "effective_from", "monthly_amount"]
    list_filter = ["region"]


@admin.register(AverageWage)
class AverageWageAdmin(admin.ModelAdmin):
    list_display = ["province", "effective_from", "annual_amount"]


@admin.register(HearingRoom)
class HearingRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "address", "active"]
    list_filter = ["active"]
