from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.workdays.models import CalendarDay, CalendarYear
from jiefen.workdays.services import unpublished_years


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


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "statutory", "note"]
    list_filter = ["kind", "statutory", "year"]
    date_hierarchy = "date"
