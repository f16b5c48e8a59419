from django.contrib import admin

from jiefen.geo import policies as P
from jiefen.geo.gazetteer import gazetteer_forget
from jiefen.geo.models import City, District, GazetteerEntry, GridArea, Province, Street, Village


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


@admin.register(GazetteerEntry)
class GazetteerEntryAdmin(admin.ModelAdmin):
    """The gazetteer, kept by administrators (policy geo.gazetteer); bulk loads go through
    `jiefen load_gazetteer` (docs/gazetteer.md)."""

    list_display = ["name", "section", "kind", "villages_list", "source", "updated_at"]
    list_filter = ["kind", "source", "villages__street"]
    search_fields = ["name", "aliases", "villages__name", "villages__code"]
    autocomplete_fields = ["villages"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("villages")

    @admin.display(description="村/社区")
    def villages_list(self, obj: GazetteerEntry) -> str:
        return "、".join(v.name for v in obj.villages.all())

    def has_view_permission(self, request, obj=None) -> bool:
        return P.GAZETTEER_EDIT.holds(request.user)

    def has_module_permission(self, request) -> bool:
        return P.GAZETTEER_EDIT.holds(request.user)

    def has_add_permission(self, request) -> bool:
        return P.GAZETTEER_EDIT.holds(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return P.GAZETTEER_EDIT.holds(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return P.GAZETTEER_EDIT.holds(request.user)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        gazetteer_forget()  # this process answers with the edit at once; others by signature
