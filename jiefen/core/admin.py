from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from jiefen.core.background import background_health
from jiefen.core.models import (
    MessageStatus,
    OutboundMessage,
    PeriodicTaskState,
    ProcessHeartbeat,
    ProcessRestart,
)
from jiefen.core.scheduler import periodic_task_overview
from jiefen.core.senders import message_retry_dead


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


MESSAGE_FIELDS: tuple[str, ...] = (
    "channel",
    "to_masked",
    "subject",
    "status",
    "attempts",
    "created_at",
    "next_attempt_at",
    "sent_at",
    "last_error",
)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    """SMS and e-mail on their way, sent, or given up on (dead letters): for administrators.
    The address is shown masked and the text not at all (both are kept encrypted)."""

    list_display = ["created_at", "channel", "to_masked", "subject", "status", "attempts"]
    list_filter = ["status", "channel"]
    fields = MESSAGE_FIELDS
    readonly_fields = MESSAGE_FIELDS
    actions = ["send_again"]

    def has_module_permission(self, request):
        return request.user.is_active and getattr(request.user, "is_administrator", False)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("重新发送所选的失败消息"))
    def send_again(self, request, queryset):
        dead = list(queryset.filter(status=MessageStatus.DEAD))
        for message in dead:
            message_retry_dead(message=message)
        self.message_user(request, _("已重新排队 %(n)d 条消息") % {"n": len(dead)})
