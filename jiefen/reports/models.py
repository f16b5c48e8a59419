"""A monthly report being produced in the background: its progress row and, when done, its files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import TimestampedModel


class ReportRun(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="report_runs",
        verbose_name=_("申请人"),
    )
    month = models.CharField(_("月份"), max_length=7)  # YYYY-MM
    street = models.CharField(_("街道"), max_length=9, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.CharField(_("说明"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The files are small (tens of kilobytes) and belong to the run: kept in the row.
    xlsx = models.BinaryField(null=True, blank=True, editable=False)
    docx = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("月度汇报生成")
        verbose_name_plural = _("月度汇报生成")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="report_run_user_idx")]

    def __str__(self) -> str:
        return f"{self.month} {self.get_status_display()}"

    @property
    def downloadable(self) -> bool:
        """Its files are built and may be downloaded."""
        return self.status == self.Status.DONE

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class KioskToken(TimestampedModel):
    """A wall screen's standing pass: its URL shows the dashboard of one scope (the district or a
    street), read-only, with no sign-in and no session, until an administrator revokes it."""

    label = models.CharField(_("名称（屏幕位置）"), max_length=60)
    # Blank: the whole district; otherwise the 9-digit code of the street it shows.
    street = models.CharField(_("街道"), max_length=9, blank=True)
    # Random, inside the signed token: a token signed for a row deleted and later reused by a
    # new row (a restored database) does not open the new one.
    nonce = models.CharField(max_length=32, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="kiosk_tokens_issued",
        verbose_name=_("签发人"),
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kiosk_tokens_revoked",
        verbose_name=_("吊销人"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("大屏令牌")
        verbose_name_plural = _("大屏令牌")

    def __str__(self) -> str:
        return self.label

    @property
    def active(self) -> bool:
        return self.revoked_at is None
