from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.workdays.models import CalendarDay, CalendarYear
from jiefen.workdays.services import calendar_changed, unpublished_years


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 1
    fields = ["date", "kind", "statutory", "note"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "published", "source"]
    inlines = [CalendarDayInline]

    def changelist_view(self, request, extra_context=None):
        for year in unpublished_years(around=timezone.localdate()):
            messages.warning(
                request,
                _("%(year)s 年的放假安排尚未录入：该年的时限暂按周一至周五计算。") % {"year": year},
            )
        return super().changelist_view(request, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Every open clock's due date is derived again, each change noted on its case.
        calendar_changed(years=[form.instance.year])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed(years=[obj.year])

    def delete_queryset(self, request, queryset):
        years = sorted(set(queryset.values_list("year", flat=True)))
        super().delete_queryset(request, queryset)
        calendar_changed(years=years)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "statutory", "note"]
    list_filter = ["kind", "statutory", "year"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_changed(years=[obj.date.year])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed(years=[obj.date.year])

    def delete_queryset(self, request, queryset):
        years = sorted({d.year for d in queryset.values_list("date", flat=True)})
        super().delete_queryset(request, queryset)
        calendar_changed(years=years)
