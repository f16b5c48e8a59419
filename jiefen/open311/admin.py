from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiefen.open311.models import Client, Request
from jiefen.open311.services import (
    EDITABLE,
    open311_client_issue,
    open311_client_revoke,
    open311_client_update,
)


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    """Open311 clients. Adding one issues its key, shown once on the next page; the key is kept
    only hashed, so a lost key is revoked and a new client issued."""

    list_display = [
        "name",
        "key_prefix",
        "scope",
        "can_file",
        "batch",
        "per_minute",
        "per_day",
        "active",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "active"]
    search_fields = ["name", "contact", "key_prefix"]
    fields = ["name", "contact", "scope", "can_file", "batch", "per_minute", "per_day"]
    readonly_fields = ["key_prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else [*self.fields, *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            changed = [f for f in form.changed_data if f in EDITABLE]
            if changed:
                open311_client_update(
                    actor=request.user, client=obj, **{f: getattr(obj, f) for f in changed}
                )
            return
        try:
            client, key = open311_client_issue(
                actor=request.user,
                name=obj.name,
                contact=obj.contact,
                scope=obj.scope,
                can_file=obj.can_file,
                batch=obj.batch,
                per_minute=obj.per_minute,
                per_day=obj.per_day,
            )
        except ValidationError as e:
            self.message_user(request, "；".join(e.messages), messages.ERROR)
            raise
        obj.pk, obj.key_prefix, obj.key_hash = client.pk, client.key_prefix, client.key_hash
        self.message_user(
            request,
            _("客户端“%(name)s”的密钥（只显示这一次，请立即交给对方妥善保存）：%(key)s")
            % {"name": client.name, "key": key},
            messages.WARNING,
        )

    @admin.action(description=_("吊销所选客户端的密钥"))
    def revoke(self, request, queryset):
        for client in queryset:
            open311_client_revoke(actor=request.user, client=client)
        self.message_user(request, _("已吊销 %(n)d 个客户端的密钥") % {"n": queryset.count()})


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ["request_id", "client", "case", "service_code", "requested_at"]
    list_filter = ["client", "service_code"]
    search_fields = ["request_id", "case__number"]
    readonly_fields = [f.name for f in Request._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
