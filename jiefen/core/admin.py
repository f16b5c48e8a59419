from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from jiefen.core.background import background_health
from jiefen.core.models import PeriodicTaskState, ProcessHeartbeat, ProcessRestart
from jiefen.core.scheduler import periodic_task_overview


@admin.register(PeriodicTaskState)
class PeriodicTaskAdmin(admin.ModelAdmin):
    """One page: every periodic task with its last and next run, the background processes'
    heartbeats and their recent restarts. Read-only, for every staff member."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("定时任务与后台进程"),
            "opts": self.model._meta,
            "tasks": periodic_task_overview(),
            "processes": ProcessHeartbeat.objects.order_by("role", "name"),
            "restarts": ProcessRestart.objects.all()[:20],
            "health": background_health(),
        }
        return TemplateResponse(request, "admin/core/periodic_tasks.html", context)
