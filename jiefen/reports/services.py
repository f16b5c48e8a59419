"""Producing the monthly report in the background: the progress row, and the run itself."""

from __future__ import annotations

import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.core.policy import guarded, system
from jiefen.geo.models import Street
from jiefen.reports import policies as P
from jiefen.reports.exports import report_docx, report_xlsx
from jiefen.reports.models import KioskToken, ReportRun
from jiefen.reports.selectors import Period, monthly_report, street_choices

logger = logging.getLogger("jiefen.reports")


@guarded(P.MONTHLY)
@transaction.atomic
def report_run_start(*, actor, month: str, street: str = "") -> ReportRun:
    """Queue the monthly report of `month` (YYYY-MM) within the user's scope."""
    Period.parse_month(month)  # a wrong month is refused here, with the field's error
    if street and not street_choices(user=actor).filter(code=street).exists():
        raise ValidationError({"street": [_("该街道不在您的权限范围内")]})
    run = ReportRun.objects.create(requested_by=actor, month=month, street=street)
    from jiefen.reports.tasks import monthly_report_task

    transaction.on_commit(lambda: monthly_report_task.enqueue(run_id=run.pk))
    return run


def _progress(run: ReportRun, percent: int, message: str, **fields) -> None:
    run.progress, run.message = percent, str(message)[:200]
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", "message", "updated_at", *fields])


@system
def report_run_execute(*, run: ReportRun) -> ReportRun:
    """Build the report's figures and files, noting the progress on the row as it goes."""
    _progress(run, 5, _("开始生成"), status=ReportRun.Status.RUNNING)
    try:
        report = monthly_report(
            user=run.requested_by,
            period=Period.parse_month(run.month),
            street=run.street,
            progress=lambda percent, message: _progress(run, percent, message),
        )
        _progress(run, 70, _("生成 Excel 表格"))
        xlsx = report_xlsx(report)
        _progress(run, 85, _("生成 Word 文档"))
        docx = report_docx(report)
    except Exception:
        logger.exception("monthly report %s failed", run.pk)
        _progress(
            run, run.progress, _("生成失败，请重试或联系管理员"), status=ReportRun.Status.FAILED
        )
        raise
    _progress(
        run,
        100,
        _("已完成"),
        status=ReportRun.Status.DONE,
        xlsx=xlsx,
        docx=docx,
        finished_at=timezone.now(),
    )
    return run


@guarded(P.KIOSK)
@transaction.atomic
def kiosk_token_issue(*, actor, label: str, street: str = "") -> KioskToken:
    """Issue a wall-screen pass for the district or one of its streets."""
    label = label.strip()
    if not label:
        raise ValidationError({"label": [_("请填写屏幕名称")]})
    if street and not Street.objects.filter(code=street).exists():
        raise ValidationError({"street": [_("没有这个街道")]})
    return KioskToken.objects.create(
        label=label[:60], street=street, nonce=secrets.token_hex(16), issued_by=actor
    )


@guarded(P.KIOSK)
@transaction.atomic
def kiosk_token_revoke(*, actor, token: KioskToken) -> KioskToken:
    """Revoke a wall-screen pass: its URL stops working at the screen's next refresh."""
    now = timezone.now()
    # Compare-and-swap: a second revoke keeps the first one's time and name.
    KioskToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor, updated_at=now
    )
    token.refresh_from_db()
    return token
