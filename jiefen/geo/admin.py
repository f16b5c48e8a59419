from django.contrib import admin

from jiefen.geo.models import District, GridArea, Street, Village


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city_name", "province_name"]


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district"]
    search_fields = ["code", "name"]


@admin.register(GridArea)
class GridAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "street", "inspector"]
    list_filter = ["street"]
    autocomplete_fields = ["inspector"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "street", "grid_area"]
    list_filter = ["street", "kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["mediators"]
