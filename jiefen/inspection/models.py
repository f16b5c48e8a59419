"""Labor inspection (劳动保障监察) on a case: the complaint or report, the decision to open, the
investigation and what came of it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import TimestampedModel
from jiefen.inspection.choices import (
    COMPENSATION_MAX_PERCENT,
    COMPENSATION_MIN_PERCENT,
    ORDER_BADGE,
    STATUS_BADGE,
    ComplaintKind,
    InspectionStatus,
    NoticeReason,
    OrderStatus,
    Source,
)


class Inspection(TimestampedModel):
    """One complaint or report (投诉/举报) and the inspection it leads to; one per case.

    A named complaint's complainants are the case's claimants. An anonymous report (匿名举报) has
    no claimants at all: its case is created with `anonymous=True`, `anonymous` is set here, and
    nothing identifies the reporter; no written notice can be owed to nobody, so none is started."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="inspection", verbose_name=_("案件")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ComplaintKind.choices)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    anonymous = models.BooleanField(_("匿名"), default=False)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=InspectionStatus.choices,
        default=InspectionStatus.RECEIVED,
    )
    received_at = models.DateTimeField(_("收到时间"))
    allegation = models.TextField(_("投诉举报事项"))
    violation_ended_on = models.DateField(_("违法行为终了日"), null=True, blank=True)
    lookback_warning = models.CharField(_("两年时效提示"), max_length=200, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("承办监察员"),
    )
    opened_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    opened_late = models.BooleanField(_("逾期立案"), default=False)
    not_opened_reason = models.TextField(_("不予立案理由"), blank=True)
    extended_workdays = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("延期批准人"),
    )
    concluded_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    conclusion = models.TextField(_("处理结果"), blank=True)
    # Bumped by every move (jiefen.inspection.transitions): a second inspector acting on what
    # they read before is refused, told who changed what.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("劳动监察")
        verbose_name_plural = _("劳动监察")
        indexes = [models.Index(fields=["status", "-received_at"], name="insp_status_recv_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(extended_workdays__lte=30), name="insp_extension_at_most_30"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"

    @property
    def badge(self) -> str:
        return STATUS_BADGE.get(self.status, "text-bg-secondary")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:detail", args=[self.pk])


class SiteInspection(models.Model):
    """An on-site inspection (现场检查): when, where, by whom, what was found."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="site_inspections"
    )
    at = models.DateTimeField(_("检查时间"))
    place = models.CharField(_("检查地点"), max_length=200)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("检查人员")
    )
    findings = models.TextField(_("检查情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.place}"


class RectificationOrder(TimestampedModel):
    """A rectification order (责令改正决定书) with its deadline and its follow-up."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="rectification_orders"
    )
    doc_number = models.CharField(_("文号"), max_length=40, unique=True)
    issued_on = models.DateField(_("作出日期"))
    deadline = models.DateField(_("整改期限"))
    items = models.TextField(_("责令改正事项"))
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    amount_owed = models.DecimalField(
        _("应付工资报酬"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("整改情况"), max_length=14, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    followed_up_at = models.DateTimeField(_("复查时间"), null=True, blank=True)
    follow_up_note = models.TextField(_("复查情况"), blank=True)
    compensation_percent = models.PositiveSmallIntegerField(_("加付赔偿金比例%"), null=True)
    compensation_amount = models.DecimalField(
        _("加付赔偿金"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_ordered_at = models.DateTimeField(_("责令加付时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["issued_on", "id"]
        indexes = [
            models.Index(
                fields=["deadline"], name="insp_order_open_due_idx", condition=Q(status="open")
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("issued_on")), name="insp_order_deadline_after"
            ),
            models.CheckConstraint(
                condition=Q(compensation_percent__isnull=True)
                | Q(
                    compensation_percent__gte=COMPENSATION_MIN_PERCENT,
                    compensation_percent__lte=COMPENSATION_MAX_PERCENT,
                ),
                name="insp_compensation_50_100",
            ),
        ]

    def __str__(self) -> str:
        return self.doc_number

    @property
    def badge(self) -> str:
        return ORDER_BADGE.get(self.status, "text-bg-secondary")

    # What the outreach early-warning rule reads of an order (with `employer_id`, annotated by
    # selectors.rectification_orders_overdue).
    @property
    def number(self) -> str:
        return self.doc_number

    @property
    def due_on(self):
        return self.deadline

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:detail", args=[self.inspection_id])


class PenaltyDecision(models.Model):
    """An administrative penalty decision (行政处罚决定)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="penalties")
    decided_on = models.DateField(_("决定日期"))
    amount = models.DecimalField(_("罚款金额"), max_digits=14, decimal_places=2)
    legal_basis = models.CharField(_("法律依据"), max_length=200)
    facts = models.TextField(_("违法事实"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="insp_penalty_positive")
        ]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.amount}"


class ComplainantNotice(models.Model):
    """The written notice owed to the complainant when the investigation is extended or
    suspended; `sent_at` empty while it is still owed."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="notices")
    reason = models.CharField(_("告知事由"), max_length=12, choices=NoticeReason.choices)
    # The clock that times this notice (its due date lives there only, derived by the clocks).
    clock = models.ForeignKey("cases.Clock", on_delete=models.PROTECT, null=True, related_name="+")
    sent_at = models.DateTimeField(_("告知时间"), null=True, blank=True)
    text = models.TextField(_("告知内容"), blank=True)
    sms_to = models.CharField(_("短信发至"), max_length=32, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.due_at:%Y-%m-%d}"

    @property
    def due_at(self):
        """The notice's deadline: its clock's due date."""
        return self.clock.due_at


class WageRecovery(models.Model):
    """Wages recovered for workers: one row per claimant paid, or for unnamed workers a count."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="wage_recoveries"
    )
    claimant = models.ForeignKey(
        "cases.Claimant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("领取人"),
    )
    workers = models.PositiveIntegerField(_("人数"), default=1)
    amount = models.DecimalField(_("追发金额"), max_digits=14, decimal_places=2)
    recovered_on = models.DateField(_("追发日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recovered_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="insp_recovery_positive"),
            models.CheckConstraint(condition=Q(workers__gte=1), name="insp_recovery_workers"),
        ]

    def __str__(self) -> str:
        return f"{self.recovered_on} {self.amount}"
