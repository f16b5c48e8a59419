"""Outbound SMS and e-mail, through the task queue.

`send_message` writes an `OutboundMessage` row (address and text encrypted) and enqueues its
delivery when the transaction commits; the task gets the row's id, never the phone or the text.
A gateway that raises is retried with back-off (the periodic `messages_retry_task` re-enqueues
what is due) and, after `MAX_ATTEMPTS`, the row stays as a dead letter on the admin page. A
failing gateway or a failing queue never fails the request that caused the message.

E-mail goes through Django's `EMAIL_BACKEND` (SMTP, or a provider's backend such as
django-anymail's). SMS has no such backend in Django: a deployment names its gateway's class in
`JIEFEN_SMS_SENDER`; the default writes to the log, so a demo or a test never reaches outside."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from jiefen.core import crypto
from jiefen.core.models import MessageStatus
from jiefen.core.models import OutboundMessage as MessageRow

logger = logging.getLogger("jiefen.senders")

MAX_ATTEMPTS = 6
# Retries wait 1, 2, 4, 8, 16 minutes.
BACKOFF_BASE = dt.timedelta(minutes=1)
# A claimed message whose worker died is tried again after this long.
CLAIM_LEASE = dt.timedelta(minutes=5)

_suppressed = contextvars.ContextVar("jiefen_senders_suppressed", default=False)


@dataclass(frozen=True)
class OutboundMessage:
    channel: str  # "sms" or "email"
    to: str
    subject: str
    body: str


def mask_address(value: str) -> str:
    """What logs and the admin page show: 139****5555, z***@example.org."""
    value = value.strip()
    if "@" in value:
        local, _at, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


class ConsoleSender:
    """Writes each SMS to the log (the address masked); what a development machine or CI uses."""

    sent: list[OutboundMessage] = []  # noqa: RUF012 - kept for inspection in demos and tests

    def send(self, message: OutboundMessage) -> None:
        ConsoleSender.sent.append(message)
        logger.info(
            "[%s to %s] %s: %s",
            message.channel,
            mask_address(message.to),
            message.subject,
            message.body,
        )


def sms_gateway():
    return import_string(settings.JIEFEN_SMS_SENDER)()


def _deliver_now(message: OutboundMessage) -> None:
    if message.channel == "email":
        EmailMessage(subject=message.subject, body=message.body, to=[message.to]).send()
    else:
        sms_gateway().send(message)


@contextlib.contextmanager
def senders_suppressed() -> Iterator[None]:
    """Send nothing inside (the demo's year of history must not text anyone)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def _enqueue(pk: int) -> None:
    from jiefen.core.tasks import message_deliver_task

    try:
        message_deliver_task.enqueue(message_id=pk)
    except Exception:  # the queue down: the retry sweep picks the row up
        logger.exception("message %s: could not enqueue, left for the retry sweep", pk)


def send_message(*, channel: str, to: str, subject: str, body: str) -> MessageRow | None:
    """Queue an SMS (`channel="sms"`) or an e-mail; it is sent after the current transaction
    commits (at once outside one)."""
    if _suppressed.get() or not to:
        return None
    row = MessageRow.objects.create(
        channel=channel,
        to_cipher=crypto.encrypt(to),
        to_masked=mask_address(to)[:80],
        subject=subject[:200],
        body_cipher=crypto.encrypt(body),
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(row.pk))
    return row


def message_deliver(*, message_id: int, now: dt.datetime | None = None) -> bool:
    """Try one queued message once; True when the gateway took it. Never raises for the
    gateway: a failure is recorded and retried later, and the last one makes a dead letter."""
    now = now or timezone.now()
    row = MessageRow.objects.filter(pk=message_id, status=MessageStatus.PENDING).first()
    if row is None:
        return False
    # Claim it: a second worker (or a duplicate enqueue) finds next_attempt_at moved.
    claimed = MessageRow.objects.filter(
        pk=row.pk, status=MessageStatus.PENDING, next_attempt_at=row.next_attempt_at
    ).update(next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    if claimed != 1:
        return False
    attempts = row.attempts + 1
    try:
        # Unreadable with the keys configured (a key dropped from JIEFEN_DATA_KEYS) is a failed
        # attempt too: raised, it left the row pending, enqueued again after every lease, for
        # ever; counted, it ends as a dead letter, sent again once the key is back.
        message = OutboundMessage(
            channel=row.channel,
            to=crypto.decrypt(row.to_cipher),
            subject=row.subject,
            body=crypto.decrypt(row.body_cipher),
        )
        _deliver_now(message)
    except Exception as e:  # any gateway error: retried, never raised to the caller
        error = f"{type(e).__name__}: {e}"[:300]
        dead = attempts >= MAX_ATTEMPTS
        MessageRow.objects.filter(pk=row.pk).update(
            status=MessageStatus.DEAD if dead else MessageStatus.PENDING,
            next_attempt_at=now + BACKOFF_BASE * 2 ** (attempts - 1),
            last_error=error,
        )
        logger.warning(
            "%s to %s failed (attempt %d%s): %s",
            row.channel,
            row.to_masked,
            attempts,
            ", dead letter" if dead else "",
            error,
        )
        return False
    MessageRow.objects.filter(pk=row.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def messages_retry_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Enqueue every pending message whose next attempt is due; the number enqueued."""
    now = now or timezone.now()
    due = list(
        MessageRow.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        _enqueue(pk)
    return len(due)


def message_retry_dead(*, message: MessageRow) -> None:
    """An administrator's "send again" on a dead letter: a fresh round of attempts."""
    MessageRow.objects.filter(pk=message.pk, status=MessageStatus.DEAD).update(
        status=MessageStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
