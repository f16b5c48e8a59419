"""110 linkage: incidents from the police dispatch platform and the orders sent to the units."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.choices import Category
from jiefen.core.messages import catalogue, rendered
from jiefen.core.models import TimestampedModel
from jiefen.dispatch.choices import (
    ARRIVAL_CLOCK,
    ARRIVAL_LIMIT_MINUTES,
    INCIDENT_BADGE,
    OPEN_ORDER_STATUSES,
    EventKind,
    IncidentSource,
    IncidentStatus,
    OrderStatus,
    ReplyOutcome,
    UnitKind,
)


class Incident(TimestampedModel):
    """One 110 incident (警情); the 110 incident number makes intake idempotent."""

    incident_no = models.CharField(_("警情编号"), max_length=40, unique=True)
    source = models.CharField(_("来源"), max_length=10, choices=IncidentSource.choices)
    sender = models.CharField(_("推送系统"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    received_at = models.DateTimeField(_("110接警时间"))
    caller_name = models.CharField(_("报警人"), max_length=50)
    # The phone is personal data: encrypted at rest, shown masked (GB/T 35273-2020).
    caller_phone_cipher = models.TextField(blank=True, editable=False)
    caller_phone_masked = models.CharField(_("报警电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200)
    village = models.ForeignKey(
        "geo.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("村/社区"),
    )
    people_involved = models.PositiveIntegerField(_("涉及人数"), default=1)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    description = models.TextField(_("警情描述"))
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident",
        verbose_name=_("案件"),
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Bumped by every move (jiefen.dispatch.transitions): an action on a copy read before
    # someone else changed it is refused, told who changed what.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("110警情")
        verbose_name_plural = _("110警情")
        indexes = [
            models.Index(
                fields=["received_at"],
                name="incident_open_idx",
                condition=models.Q(status="open"),
            ),
            models.Index(fields=["-received_at"], name="incident_received_idx"),
        ]

    def __str__(self) -> str:
        return self.incident_no

    @property
    def badge(self) -> str:
        return INCIDENT_BADGE.get(self.status, "text-bg-secondary")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("dispatch:incident_detail", args=[self.pk])


class DispatchOrder(TimestampedModel):
    """An order to one unit. Its arrival clock runs from `dispatched_at`, the first dispatch:
    a reassignment changes who goes, never when the clock started."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="orders")
    unit_kind = models.CharField(_("单位"), max_length=12, choices=UnitKind.choices)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="dispatch_orders",
        verbose_name=_("处置单位"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatch_orders",
        verbose_name=_("处置人"),
    )
    status = models.CharField(
        _("状态"), max_length=14, choices=OrderStatus.choices, default=OrderStatus.DISPATCHED
    )
    dispatched_at = models.DateTimeField(_("派单时间"))
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    departed_at = models.DateTimeField(_("出发时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到场时间"), null=True, blank=True)
    reported_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    report = models.TextField(_("现场情况"), blank=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("撤销理由"), max_length=200, blank=True)
    # The code a unit quotes when it answers the dispatch SMS ("1234 Y"); unique among the open
    # orders (jiefen.dispatch.services.sms).
    reply_code = models.CharField(_("回复码"), max_length=6, blank=True)
    help_requested_at = models.DateTimeField(_("求助时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["incident_id", "-unit_kind"]
        verbose_name = _("处警派单")
        verbose_name_plural = _("处警派单")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "unit_kind"], name="dispatch_order_one_per_unit"
            ),
            models.UniqueConstraint(
                fields=["reply_code"],
                condition=models.Q(status__in=sorted(OPEN_ORDER_STATUSES))
                & ~models.Q(reply_code=""),
                name="dispatch_order_reply_code_open",
            ),
        ]
        indexes = [
            models.Index(fields=["unit_kind", "dispatched_at"], name="order_kind_at_idx"),
            models.Index(fields=["reply_code"], name="order_reply_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.unit_kind}"

    @property
    def limit_minutes(self) -> int:
        return ARRIVAL_LIMIT_MINUTES[self.unit_kind]

    @property
    def due_at(self) -> dt.datetime:
        """The arrival limit, from the catalogue's minute rule for this unit."""
        from jiefen.cases.clocks import arrival_due

        return arrival_due(kind=ARRIVAL_CLOCK[self.unit_kind], dispatched_at=self.dispatched_at)

    @property
    def needs_help(self) -> bool:
        """The unit called for help and is still out (the board marks it)."""
        return self.help_requested_at is not None and self.status in OPEN_ORDER_STATUSES

    @property
    def arrival_minutes(self) -> float | None:
        if self.arrived_at is None:
            return None
        return (self.arrived_at - self.dispatched_at).total_seconds() / 60


class DispatchEvent(models.Model):
    """The incident's own log (append-only); mirrored onto the case timeline once it is a case."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    order = models.ForeignKey(
        DispatchOrder, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=EventKind.choices)
    # In the source language; `message` and `params` keep it as data (jiefen.core.messages).
    summary = models.CharField(_("内容"), max_length=300)
    message = models.CharField(max_length=48, blank=True)
    params = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("理由/说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incident", "at"], name="dispatch_event_inc_at_idx")]

    def __str__(self) -> str:
        return self.summary

    @property
    def text(self) -> str:
        """What the entry says, in the reader's language (safe HTML)."""
        return rendered(self.message, self.params, self.summary)

    @property
    def note_text(self) -> str:
        return catalogue(self.note)


class SmsReply(models.Model):
    """One SMS a unit sent back to a dispatch (上行短信), kept once per provider message id: a
    gateway's second delivery of the same message finds it here and changes nothing. The phone
    is personal data: encrypted, shown masked."""

    gateway = models.CharField(_("短信网关"), max_length=50)
    message_id = models.CharField(_("消息编号"), max_length=100)
    phone_cipher = models.TextField(editable=False)
    phone_masked = models.CharField(_("号码"), max_length=30)
    text = models.CharField(_("内容"), max_length=500)
    received_at = models.DateTimeField(_("收到时间"))
    order = models.ForeignKey(
        DispatchOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sms_replies",
        verbose_name=_("派单"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("处理结果"), max_length=14, choices=ReplyOutcome.choices)
    answer = models.CharField(_("回复短信"), max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("派单短信回复")
        verbose_name_plural = _("派单短信回复")
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "message_id"], name="dispatch_sms_reply_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.message_id} {self.outcome}"
