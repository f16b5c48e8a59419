from django.contrib import admin

from jiefen.geo.models import City, District, GridArea, Province, Street, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    """Each district's own case-number prefix, centre and commission (blank: from its name)."""

    list_display = ["code", "name", "city", "case_prefix", "centre_name", "commission_name"]
    list_filter = ["city"]
    search_fields = ["code", "name"]


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
