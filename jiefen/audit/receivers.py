"""Logins, failed logins and logouts go to the audit trail (Django's auth signals are the one
place all three pass through, for the web and the API alike)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jiefen.audit.models import AuditAction
from jiefen.audit.services import audit_record


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
