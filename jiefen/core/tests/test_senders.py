"""SMS and e-mail go through the task queue after commit: a failing gateway never fails the
request, the message is retried with back-off, and given up on as a dead letter an
administrator can see and send again."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.urls import reverse

from jiefen.core.models import MessageStatus, OutboundMessage
from jiefen.core.senders import (
    MAX_ATTEMPTS,
    message_deliver,
    messages_retry_due,
    send_message,
)
from jiefen.core.senders import (
    OutboundMessage as Sent,
)

pytestmark = pytest.mark.django_db
PHONE = "13905719876"


class FlakyGateway:
    """An SMS gateway that raises `failures` times, then takes messages."""

    failures = 0
    delivered: list[Sent] = []  # noqa: RUF012

    def send(self, message: Sent) -> None:
        if FlakyGateway.failures > 0:
            FlakyGateway.failures -= 1
            raise ConnectionError("gateway timed out")
        FlakyGateway.delivered.append(message)


@pytest.fixture
def gateway(settings):
    settings.JIEFEN_SMS_SENDER = "jiefen.core.tests.test_senders.FlakyGateway"
    FlakyGateway.failures = 0
    FlakyGateway.delivered = []
    return FlakyGateway


def test_a_code_asked_for_while_the_gateway_fails_is_answered_then_retried_and_delivered(
    client, xihu, gateway, time_machine, django_capture_on_commit_callbacks
):
    gateway.failures = 2
    start = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:apply_start", args=["mediation"]), {"step": "send", "phone": PHONE}
        )

    assert response.status_code == 302  # the page's usual answer: on to the code step
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert "gateway timed out" in message.last_error
    time_machine.move_to(start + dt.timedelta(seconds=30), tick=False)
    assert messages_retry_due() == 0  # its back-off holds
    time_machine.move_to(start + dt.timedelta(minutes=1), tick=False)
    assert messages_retry_due() == 1  # tried again, fails again
    time_machine.move_to(start + dt.timedelta(minutes=3), tick=False)
    assert messages_retry_due() == 1  # and now through

    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 3)
    assert [m.to for m in gateway.delivered] == [PHONE]
    assert "验证码" in gateway.delivered[0].body


def test_a_message_the_gateway_keeps_refusing_becomes_a_dead_letter(gateway, time_machine):
    gateway.failures = 100
    now = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    row = send_message(channel="sms", to=PHONE, subject="测试", body="正文")

    for _i in range(MAX_ATTEMPTS + 2):
        now += dt.timedelta(hours=1)
        time_machine.move_to(now, tick=False)
        messages_retry_due()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (MessageStatus.DEAD, MAX_ATTEMPTS)


def test_a_message_the_keys_cannot_read_is_retried_then_a_dead_letter(gateway, time_machine):
    now = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    row = send_message(channel="sms", to=PHONE, subject="测试", body="正文")
    # Written under a key no longer configured.
    OutboundMessage.objects.filter(pk=row.pk).update(to_cipher="gAAAAAB-not-ours")

    assert message_deliver(message_id=row.pk) is False
    for _i in range(MAX_ATTEMPTS + 2):
        now += dt.timedelta(hours=1)
        time_machine.move_to(now, tick=False)
        messages_retry_due()

    row.refresh_from_db()
    assert (row.status, row.attempts, gateway.delivered) == (MessageStatus.DEAD, MAX_ATTEMPTS, [])
    assert "InvalidToken" in row.last_error or "ValueError" in row.last_error


def test_an_administrator_sees_the_dead_letter_masked_and_sends_it_again(
    client, gateway, make_staff, django_capture_on_commit_callbacks
):
    from jiefen.accounts.choices import Role

    gateway.failures = MAX_ATTEMPTS
    row = send_message(channel="sms", to=PHONE, subject="调解终止告知", body="正文")
    for _i in range(MAX_ATTEMPTS):
        OutboundMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
        message_deliver(message_id=row.pk)
    assert OutboundMessage.objects.get(pk=row.pk).status == MessageStatus.DEAD
    client.force_login(make_staff(Role.ADMINISTRATOR, is_staff=True))

    page = client.get("/admin/core/outboundmessage/?status=dead").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/core/outboundmessage/",
            {"action": "send_again", "_selected_action": [row.pk]},
        )

    assert "139****9876" in page and "调解终止告知" in page
    assert PHONE not in page
    row.refresh_from_db()
    assert row.status == MessageStatus.SENT
    assert [m.to for m in gateway.delivered] == [PHONE]


def test_e_mail_goes_through_django_s_email_backend(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_message(channel="email", to="clerk@example.org", subject="解纷提醒", body="案件已超期")

    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["clerk@example.org"], "解纷提醒", "案件已超期")
    ]
    assert OutboundMessage.objects.get().status == MessageStatus.SENT


def test_the_phone_and_the_text_rest_encrypted_and_the_log_masks_the_phone(caplog):
    caplog.set_level(logging.INFO, logger="jiefen.senders")

    send_message(channel="sms", to=PHONE, subject="解纷验证码", body="您的验证码为123456")

    row = OutboundMessage.objects.get()
    assert PHONE not in row.to_cipher and "123456" not in row.body_cipher
    assert row.to_masked == "139****9876"
    assert PHONE not in caplog.text
