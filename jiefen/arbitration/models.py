"""Arbitration of a case: the application and its acceptance, service of papers, the tribunal,
hearings on the centre's rooms, and the award or mediation statement that ends it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.arbitration.choices import (
    ApplicationStatus,
    AwardItemKind,
    HearingStatus,
    MemberRole,
    Procedure,
    RecusalDecision,
    ServedDocument,
    ServiceMode,
    Side,
    SimplifiedBasis,
    Source,
)
from jiefen.core.models import TimestampedModel


class AverageWage(models.Model):
    """The province's average annual wage of the previous year, as published: the ceiling of the
    simplified procedure (《劳动人事争议仲裁办案规则》第五十六条). Dated, since it changes yearly."""

    province = models.CharField(_("省份"), max_length=20, default="浙江省")
    effective_from = models.DateField(_("适用起始日"))
    annual_amount = models.DecimalField(_("年平均工资"), max_digits=12, decimal_places=2)
    source = models.TextField(_("来源"))

    class Meta:
        ordering = ["province", "-effective_from"]
        verbose_name = _("职工年平均工资")
        verbose_name_plural = _("职工年平均工资")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "effective_from"], name="average_wage_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.effective_from}: {self.annual_amount}"


class MinimumWage(models.Model):
    """The local monthly minimum wage from a date: twelve months of it cap a final award
    (《劳动争议调解仲裁法》第四十七条)."""

    region = models.CharField(_("地区"), max_length=40, default="杭州市西湖区")
    tier = models.CharField(_("档次"), max_length=20, blank=True)
    effective_from = models.DateField(_("执行日期"))
    monthly_amount = models.DecimalField(_("月最低工资"), max_digits=10, decimal_places=2)
    source = models.TextField(_("来源"))

    class Meta:
        ordering = ["region", "-effective_from"]
        verbose_name = _("最低工资标准")
        verbose_name_plural = _("最低工资标准")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"], name="minimum_wage_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.effective_from}: {self.monthly_amount}"


class HearingRoom(models.Model):
    name = models.CharField(_("名称"), max_length=60, unique=True)
    street = models.ForeignKey(
        "geo.Street",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearing_rooms",
        verbose_name=_("所在街道（派出庭）"),
    )
    address = models.CharField(_("地址"), max_length=120, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["street__code", "name"]
        verbose_name = _("仲裁庭室")
        verbose_name_plural = _("仲裁庭室")

    def __str__(self) -> str:
        return self.name


class Application(TimestampedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="arbitrations")
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    received_at = models.DateTimeField(_("收到申请时间"))
    knew_infringement_on = models.DateField(_("知道权利被侵害之日"), null=True, blank=True)
    limitation_warning = models.CharField(_("时效提示"), max_length=300, blank=True)
    completion_missing = models.TextField(_("需补正材料"), blank=True)
    completion_notice_at = models.DateTimeField(_("补正通知时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("补正完成时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    declined_at = models.DateTimeField(_("不予受理时间"), null=True, blank=True)
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    procedure = models.CharField(_("程序"), max_length=12, choices=Procedure.choices, blank=True)
    simplified_basis = models.CharField(
        _("简易程序依据"), max_length=10, choices=SimplifiedBasis.choices, blank=True
    )
    composed_at = models.DateTimeField(_("组庭时间"), null=True, blank=True)
    composition_notified_at = models.DateTimeField(_("组庭通知时间"), null=True, blank=True)
    defence_received_at = models.DateTimeField(_("收到答辩书时间"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("中止时间"), null=True, blank=True)
    suspension_reason = models.CharField(_("中止理由"), max_length=200, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准延期的负责人"),
    )
    extension_approved_at = models.DateTimeField(_("批准延期时间"), null=True, blank=True)
    extension_reason = models.CharField(_("延期理由"), max_length=200, blank=True)
    concluded_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    award_text = models.TextField(_("裁决/调解内容"), blank=True)
    award_served_on = models.DateField(_("裁决书送达日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("仲裁申请")
        verbose_name_plural = _("仲裁申请")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["received", "completing", "accepted", "suspended"]),
                name="arbitration_one_open_per_case",
            )
        ]
        indexes = [models.Index(fields=["status", "-received_at"], name="arb_status_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("arbitration:detail", args=[self.pk])


class TribunalMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    arbitrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tribunal_seats"
    )
    role = models.CharField(_("职务"), max_length=10, choices=MemberRole.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("仲裁庭成员")
        verbose_name_plural = _("仲裁庭成员")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "arbitrator"],
                condition=models.Q(active=True),
                name="tribunal_member_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.arbitrator} ({self.get_role_display()})"


class Service(models.Model):
    """One paper served on one side: its mode and proof (送达回证, 邮寄回执, 电子送达记录, 公告)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="services")
    document = models.CharField(_("送达文书"), max_length=20, choices=ServedDocument.choices)
    side = models.CharField(_("受送达人"), max_length=10, choices=Side.choices)
    mode = models.CharField(_("送达方式"), max_length=14, choices=ServiceMode.choices)
    served_at = models.DateTimeField(_("送达时间"))
    proof = models.CharField(_("送达凭证"), max_length=200)
    # Public notice: service is deemed done when the notice period ends (the clocks stand still).
    notice_ends_on = models.DateField(_("公告期满日"), null=True, blank=True)
    notice_ended = models.BooleanField(default=False)
    # A hearing notice's service names its hearing: the five-day rule is checked against it.
    hearing = models.ForeignKey(
        "arbitration.Hearing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice_services",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["served_at", "id"]
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")

    def __str__(self) -> str:
        return f"{self.get_document_display()} → {self.get_side_display()}"


class Recusal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recusals")
    arbitrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.CharField(_("申请人"), max_length=10, choices=Side.choices)
    reason = models.TextField(_("回避理由"))
    requested_at = models.DateTimeField(_("申请时间"))
    decision = models.CharField(
        _("决定"), max_length=10, choices=RecusalDecision.choices, default=RecusalDecision.PENDING
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("决定理由"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("回避申请")
        verbose_name_plural = _("回避申请")

    def __str__(self) -> str:
        return f"{self.arbitrator} {self.get_decision_display()}"


class Hearing(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="hearings")
    room = models.ForeignKey(HearingRoom, on_delete=models.PROTECT, related_name="hearings")
    starts_at = models.DateTimeField(_("开庭时间"))
    ends_at = models.DateTimeField(_("预计结束"))
    status = models.CharField(
        _("状态"), max_length=10, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    # The date the notice was issued (the document's date); the date it was served on each side
    # is in its service records (Service.hearing), and the five-day rule is checked on those.
    notice_on = models.DateField(_("开庭通知日期"))
    postponement_reason = models.CharField(_("延期理由"), max_length=200, blank=True)
    record = models.TextField(_("庭审笔录"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("开庭")
        verbose_name_plural = _("开庭")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="hearing_ends_after"
            )
        ]
        indexes = [models.Index(fields=["room", "starts_at"], name="hearing_room_start_idx")]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"


class HearingSeat(models.Model):
    """An arbitrator's place at a hearing: one row per arbitrator, so no one sits twice at once."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="seats")
    arbitrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hearing_seats"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["arbitrator", "starts_at"], name="seat_arbitrator_start_idx")
        ]

    def __str__(self) -> str:
        return f"{self.arbitrator} {self.starts_at:%Y-%m-%d %H:%M}"


class AwardItem(models.Model):
    """One item decided by the award, and whether it is final (一裁终局)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="award_items"
    )
    kind = models.CharField(_("类别"), max_length=24, choices=AwardItemKind.choices)
    description = models.CharField(_("裁决事项"), max_length=200)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    final = models.BooleanField(_("终局裁决"), default=False)
    final_basis = models.CharField(_("终局依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("裁决事项")
        verbose_name_plural = _("裁决事项")

    def __str__(self) -> str:
        return self.description
