"""Mediation of a case: who mediates, the sessions, and what came of it (agreement, failure,
refusal), with the agreement's payment schedule and its review by a tribunal or a court."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import TimestampedModel
from jiefen.mediation.choices import (
    MediationStatus,
    MediatorLevel,
    PaymentStatus,
    ReviewKind,
    ReviewOutcome,
)


class Mediation(TimestampedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mediations")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mediations",
        verbose_name=_("调解员"),
    )
    level = models.CharField(_("调解层级"), max_length=10, choices=MediatorLevel.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=MediationStatus.choices, default=MediationStatus.OPEN
    )
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    # Set when a failed mediation went on to arbitration (one action: 调解不成转仲裁).
    arbitration = models.OneToOneField(
        "arbitration.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_mediation",
        verbose_name=_("转仲裁申请"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("调解")
        verbose_name_plural = _("调解")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="open"),
                name="mediation_one_open_per_case",
            )
        ]
        indexes = [models.Index(fields=["mediator", "status"], name="mediation_mediator_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("mediation:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == MediationStatus.OPEN


class Session(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    online = models.BooleanField(_("线上调解"), default=False)
    meeting_link = models.URLField(_("视频会议链接"), blank=True)
    attendees = models.CharField(_("参加人员"), max_length=300)
    minutes = models.TextField(_("调解笔录"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_at", "id"]
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")

    def __str__(self) -> str:
        return f"{self.held_at:%Y-%m-%d} {self.place}"


class Agreement(TimestampedModel):
    mediation = models.OneToOneField(Mediation, on_delete=models.CASCADE, related_name="agreement")
    signed_on = models.DateField(_("签订日期"))
    terms = models.TextField(_("协议内容"))
    review_kind = models.CharField(
        _("审查确认"), max_length=10, choices=ReviewKind.choices, blank=True
    )
    review_requested_on = models.DateField(_("申请日期"), null=True, blank=True)
    review_outcome = models.CharField(
        _("审查结果"), max_length=10, choices=ReviewOutcome.choices, blank=True
    )
    review_decided_on = models.DateField(_("审查决定日期"), null=True, blank=True)
    review_note = models.TextField(_("审查说明"), blank=True)

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")

    def __str__(self) -> str:
        return f"{self.mediation.case} {self.signed_on}"

    @property
    def total(self):
        return sum((i.amount for i in self.items.all()), start=0)


class AgreementItem(models.Model):
    """One obligation of the agreement, with its due date and how it was performed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(_("履行事项"), max_length=100)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("履行期限"))
    paid_amount = models.DecimalField(_("已履行金额"), max_digits=14, decimal_places=2, default=0)
    paid_on = models.DateField(_("履行日期"), null=True, blank=True)
    status = models.CharField(
        _("履行情况"), max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    reminded_at = models.DateTimeField(_("催告时间"), null=True, blank=True)
    # Bumped by every payment recorded: two people recording at once cannot both count.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("履行事项")
        verbose_name_plural = _("履行事项")
        indexes = [
            models.Index(
                fields=["due_on"],
                name="agreement_item_unpaid_idx",
                condition=models.Q(status__in=["pending", "partly_paid"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"

    @property
    def outstanding(self):
        return self.amount - self.paid_amount
