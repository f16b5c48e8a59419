"""Case exchange with the provincial network: which cases are exchanged with whom, the inbound
messages already taken (idempotency on the message id), and the outbox of state changes."""

import json
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core import crypto


class Direction(models.TextChoices):
    INBOUND = "inbound", _("省平台转入")
    OUTBOUND = "outbound", _("转至省平台")
    IMPORTED = "imported", _("批量导入")


class ExchangeLink(models.Model):
    """A case exchanged with a peer. Its state changes after `swept_event_id` are still to be
    put in the outbox; the sweep moves the mark in the transaction that writes the rows."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="exchange_link"
    )
    peer = models.CharField(_("对方系统"), max_length=50)
    remote_ref = models.CharField(_("对方编号"), max_length=64, blank=True)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    swept_event_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("交换案件")
        verbose_name_plural = _("交换案件")

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.peer}"


class InboundMessage(models.Model):
    """A message taken from a peer; the unique message id makes a redelivery change nothing."""

    message_id = models.CharField(max_length=64)
    sender = models.CharField(max_length=50)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sender", "message_id"], name="exchange_inbound_once")
        ]

    def __str__(self) -> str:
        return f"{self.sender}:{self.message_id}"


class OutboxMessage(models.Model):
    """A message to a peer, kept until the peer answers 2xx. Its id travels with it, so a
    peer that de-duplicates by message id applies it once however often it arrives."""

    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    peer = models.CharField(_("对方系统"), max_length=50)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    # The state change this message reports; unique, so a sweep run twice writes it once. No
    # database-level foreign key: the timeline is partitioned by year on PostgreSQL, whose key is
    # (id, at) (jiefen/cases/partitions.py); Django still cascades a deleted event here.
    event = models.OneToOneField(
        "cases.CaseEvent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    # The message as sent: identity numbers and phones in full, so encrypted at rest with the
    # data key (jiefen/core/crypto.py); read and written through `payload`.
    payload_cipher = models.TextField(default="")
    created_at = models.DateTimeField(_("生成时间"))
    attempts = models.PositiveIntegerField(_("发送次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次发送"))
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("待发消息")
        verbose_name_plural = _("待发消息")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="exchange_outbox_due_idx",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return str(self.message_id)

    @property
    def payload(self) -> dict:
        return json.loads(crypto.decrypt(self.payload_cipher)) if self.payload_cipher else {}

    @payload.setter
    def payload(self, value: dict) -> None:
        self.payload_cipher = crypto.encrypt(json.dumps(value, ensure_ascii=False))


class ExchangeDocument(models.Model):
    """A document listed on a case that came in through the exchange (described, not embedded)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    number = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
