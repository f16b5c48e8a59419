"""Logins, failed logins and logouts go to the audit trail (Django's auth signals are the one
place all three pass through, for the web and the API alike)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record
from jiefen.core.request_context import current_request, current_user


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(
        action=AuditAction.LOGIN, actor=user, request=request, obj=user, summary="登录成功"
    )


@receiver(user_login_failed)
def record_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        request=getattr(request, "_request", request),
        object_type="accounts.user",
        object_id=username,
        summary=f"登录失败：{username}",
    )


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action=AuditAction.LOGOUT, actor=user, request=request, obj=user, summary="退出"
        )


# Every model that holds personal data (it has an encrypted `<x>_cipher` field) gets its creation
# and changes recorded, before and after, whichever service wrote it: one rule instead of a call
# remembered in every service. Encrypted values and their hashes stay out; the masks go in.
def _personal_data_models():
    from django.apps import apps

    return [m for m in apps.get_models() if any(f.name.endswith("_cipher") for f in m._meta.fields)]


def _snapshot(instance) -> dict:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.name.endswith(("_cipher", "_hash")) and f.name not in ("created_at", "updated_at")
    }


def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _snapshot(old) if old is not None else None


def _record_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = _snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    who = {"actor": current_user(), "request": current_request()}
    if created or before is None:
        audit_record(
            action=AuditAction.CREATE, obj=instance, summary=f"新建 {instance}", after=after, **who
        )
        return
    changed = sorted(k for k in after if after[k] != before.get(k))
    if changed:
        audit_record(
            action=AuditAction.CHANGE,
            obj=instance,
            summary=f"修改 {instance}",
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
            **who,
        )


def connect_personal_data_audit() -> None:
    for model in _personal_data_models():
        pre_save.connect(
            _remember_before, sender=model, dispatch_uid=f"audit-before-{model._meta.label}"
        )
        post_save.connect(
            _record_change, sender=model, dispatch_uid=f"audit-after-{model._meta.label}"
        )
