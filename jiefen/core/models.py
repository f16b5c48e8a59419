from django.db import models


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
