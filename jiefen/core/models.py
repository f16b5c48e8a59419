from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """Base for domain rows: when each was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """An API write made with an `Idempotency-Key`: a retry with the same key gets the same answer."""

    caller = models.CharField(max_length=64)  # hash of the credentials that made the request
    key = models.CharField(max_length=100)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)  # null while the first request runs
    # Until when the first request holds the key: past it, a request that crashed without an
    # answer no longer blocks its retry (see jiefen/core/idempotency.py).
    lease_until = models.DateTimeField(null=True)
    response_body = models.BinaryField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="idempotency_caller_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class WebhookReceipt(models.Model):
    """A signature already accepted from a system-to-system caller (see jiefen/core/webhooks.py).

    The unique constraint is the replay guard: two processes that receive the same signed request
    at the same moment both try to insert it, and only one succeeds. Rows older than the replay
    window are pruned, since a request that old is refused by its timestamp anyway."""

    sender = models.CharField(max_length=50)
    signature = models.CharField(max_length=64)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "signature"], name="webhook_receipt_signature_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender} {self.signature[:12]}…"


class ProcessRole(models.TextChoices):
    WORKER = "worker", _("任务进程")
    SCHEDULER = "scheduler", _("定时调度")


class ProcessHeartbeat(models.Model):
    """A background process's last sign of life, read by /healthz and the tasks page.

    One row per process name (`jiefen worker --name worker-1`); a process that stops cleanly
    sets `stopped_at`, so a row found without it by the next process of that name tells that its
    predecessor died (see `background.process_started`)."""

    name = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=20, choices=ProcessRole.choices)
    host = models.CharField(max_length=100, blank=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.host}:{self.pid})"


class ProcessRestart(models.Model):
    """A background process that died and was started again: by `jiefen serve`'s supervisor or,
    in production, by systemd (recorded by the new process when it finds its predecessor's row
    not stopped cleanly)."""

    at = models.DateTimeField(db_index=True)
    role = models.CharField(max_length=20, choices=ProcessRole.choices)
    name = models.CharField(max_length=64)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.name}: {self.reason}"


class PeriodicTaskState(models.Model):
    """When the scheduler last enqueued a periodic task and when it is due again. Kept in the
    database so a restarted scheduler does not run a daily task again, and so several
    schedulers (compare-and-swap on `next_run_at`) enqueue each run once."""

    task_path = models.CharField(max_length=200, unique=True)
    interval_seconds = models.PositiveIntegerField()
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")

    def __str__(self) -> str:
        return self.task_path


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    DEAD = "dead", _("发送失败（已停止重试）")


class OutboundMessage(models.Model):
    """An SMS or e-mail on its way: written with the change that caused it, sent by a task after
    commit, retried with back-off, and kept as a dead letter for administrators when the gateway
    keeps refusing. The address and the text are encrypted (they carry phones and names); the
    task receives only this row's id."""

    channel = models.CharField(_("渠道"), max_length=10)
    to_cipher = models.TextField()
    to_masked = models.CharField(_("收件人"), max_length=80)
    subject = models.CharField(_("主题"), max_length=200)
    body_cipher = models.TextField()
    status = models.CharField(
        _("状态"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("发送次数"), default=0)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次发送"))
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("短信与邮件")
        verbose_name_plural = _("短信与邮件")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="core_outbound_due_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.to_masked}: {self.subject}"
