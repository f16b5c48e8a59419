"""Grid outreach: the enterprise registry, visits with their checklist, photos and follow-ups,
and the early warnings raised from everything jiefen knows. (The rights mailbox of the portal
issue will live here too, beside these models.)"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import TimestampedModel
from jiefen.outreach.choices import (
    OPEN_WARNING_STATUSES,
    EnterpriseKind,
    PlanStatus,
    Severity,
    WageGuarantee,
    WarningLevel,
    WarningRule,
    WarningStatus,
)


class Enterprise(TimestampedModel):
    """An employer on the grid's registry; the same `parties.Employer` row a dispute names."""

    employer = models.OneToOneField(
        "parties.Employer",
        on_delete=models.PROTECT,
        related_name="enterprise",
        verbose_name=_("用人单位"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=EnterpriseKind.choices)
    village = models.ForeignKey(
        "geo.Village",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("所在村社"),
    )
    address = models.CharField(_("经营/项目地址"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("职工人数"), default=0)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone_cipher = models.TextField(blank=True, editable=False)
    contact_phone_masked = models.CharField(
        _("联系电话"), max_length=32, blank=True, editable=False
    )
    # What a construction site must keep under 《保障农民工工资支付条例》(2020).
    general_contractor = models.CharField(_("施工总承包单位"), max_length=100, blank=True)
    project_name = models.CharField(_("项目名称"), max_length=150, blank=True)
    wage_guarantee = models.CharField(
        _("工资保证金形式"),
        max_length=20,
        choices=WageGuarantee.choices,
        default=WageGuarantee.NONE,
        blank=True,
    )
    wage_guarantee_amount = models.DecimalField(
        _("保证金/保函金额"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    wage_account = models.BooleanField(_("开设农民工工资专用账户"), default=False)
    real_name_registration = models.BooleanField(_("实行实名制登记"), default=False)
    wage_notice_board = models.BooleanField(_("设置维权信息告示牌"), default=False)
    planned_completion = models.DateField(_("计划竣工日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Bumped by every save: an edit made against an older version is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["village__code", "id"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业名册")
        indexes = [
            models.Index(fields=["kind"], name="enterprise_kind_idx"),
            models.Index(fields=["village", "kind"], name="enterprise_village_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="construction_site")
                | models.Q(planned_completion__isnull=False),
                name="enterprise_site_has_completion",
            ),
            models.CheckConstraint(
                condition=models.Q(wage_guarantee_amount__isnull=True)
                | models.Q(wage_guarantee_amount__gte=0),
                name="enterprise_guarantee_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.employer.name

    @property
    def is_site(self) -> bool:
        return self.kind == EnterpriseKind.CONSTRUCTION_SITE

    def get_absolute_url(self) -> str:
        return reverse("outreach:enterprise", args=[self.pk])


class VisitPlan(TimestampedModel):
    """A visit planned for a grid area: which enterprise, when, by whom."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="plans", verbose_name=_("企业")
    )
    planned_for = models.DateField(_("计划日期"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="outreach_plans",
        verbose_name=_("走访人"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["planned_for", "id"]
        verbose_name = _("走访计划")
        verbose_name_plural = _("走访计划")
        indexes = [models.Index(fields=["status", "planned_for"], name="plan_status_date_idx")]

    def __str__(self) -> str:
        return f"{self.planned_for} {self.enterprise_id}"


class Visit(TimestampedModel):
    """A visit as recorded by the grid staff."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="visits", verbose_name=_("企业")
    )
    plan = models.OneToOneField(
        VisitPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit"
    )
    visited_at = models.DateTimeField(_("走访时间"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="outreach_visits",
        verbose_name=_("走访人"),
    )
    companions = models.CharField(_("同行人员"), max_length=100, blank=True)
    # {check item: "ok" | "problem" | "na"}, the items of KIND_CHECKS for the enterprise's kind.
    checklist = models.JSONField(_("检查项"), default=dict)
    findings = models.TextField(_("发现的问题"), blank=True)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.NONE
    )
    headcount_seen = models.PositiveIntegerField(_("现场在岗人数"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-visited_at", "-id"]
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        indexes = [
            models.Index(fields=["enterprise", "-visited_at"], name="visit_ent_at_idx"),
            models.Index(fields=["severity", "-visited_at"], name="visit_sev_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.visited_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:visit", args=[self.pk])

    @property
    def problems(self) -> list[str]:
        return [item for item, result in self.checklist.items() if result == "problem"]


class VisitPhoto(models.Model):
    """A photo taken on a visit; the file lives under MEDIA_ROOT, outside the web root."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="outreach/visits/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("走访照片")
        verbose_name_plural = _("走访照片")

    def __str__(self) -> str:
        return self.caption or self.file.name


class FollowUp(TimestampedModel):
    """A task a visit leaves behind: who does what by when."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    task = models.CharField(_("跟进事项"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="outreach_follow_ups",
        verbose_name=_("责任人"),
    )
    due_on = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.CharField(_("完成情况"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("跟进事项")
        verbose_name_plural = _("跟进事项")
        indexes = [
            models.Index(
                fields=["due_on"],
                name="followup_open_due_idx",
                condition=models.Q(done_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.task

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class EarlyWarning(TimestampedModel):
    """An early warning (预警) of a dispute before it breaks out."""

    rule = models.CharField(_("预警规则"), max_length=30, choices=WarningRule.choices)
    level = models.CharField(_("预警等级"), max_length=10, choices=WarningLevel.choices)
    status = models.CharField(
        _("状态"), max_length=14, choices=WarningStatus.choices, default=WarningStatus.NEW
    )
    # Keyed on the employer so an employer not (yet) on the registry can be warned about too.
    employer = models.ForeignKey(
        "parties.Employer", on_delete=models.PROTECT, related_name="warnings"
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.SET_NULL, null=True, blank=True, related_name="warnings"
    )
    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="warnings", verbose_name=_("村社")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_warnings",
        verbose_name=_("责任人"),
    )
    # In the source language; `reason_message` and `reason_params` keep it as data
    # (jiefen.core.messages), shown in the reader's language (`reason_text`).
    reason = models.CharField(_("预警原因"), max_length=300)
    reason_message = models.CharField(max_length=48, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    # [{"kind": "case" | "visit" | ..., "id": ..., "label": ..., "url": ...}]
    evidence = models.JSONField(_("依据"), default=list)
    # The evidence's identity: a closed warning is not raised again on the same evidence.
    fingerprint = models.CharField(max_length=64)
    raised_at = models.DateTimeField(_("预警时间"), db_index=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    close_note = models.TextField(_("处置说明"), blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_warnings",
        verbose_name=_("转立案件"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        indexes = [
            models.Index(fields=["status", "-raised_at"], name="warning_status_at_idx"),
            models.Index(fields=["village", "status"], name="warning_village_status_idx"),
        ]
        constraints = [
            # One open warning per rule and employer: the daily run cannot stack duplicates,
            # even when two runs overlap.
            models.UniqueConstraint(
                fields=["rule", "employer"],
                condition=models.Q(status__in=sorted(OPEN_WARNING_STATUSES)),
                name="warning_open_once_per_rule_employer",
            )
        ]

    @property
    def reason_text(self) -> str:
        """Why it was raised, in the reader's language (safe HTML)."""
        from jiefen.core.messages import rendered

        return rendered(self.reason_message, self.reason_params, self.reason)

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.employer_id}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:warning", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_WARNING_STATUSES


class WarningEvent(models.Model):
    """One step of a warning's flow: append-only."""

    warning = models.ForeignKey(EarlyWarning, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    old_status = models.CharField(max_length=14, blank=True)
    new_status = models.CharField(max_length=14)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.old_status}->{self.new_status}"
