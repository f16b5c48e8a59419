"""Pluggable outbound channels (SMS, email). The default writes to the console, so a demo or a
test never reaches the outside; a deployment names its gateway's class in settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("jiefen.senders")


@dataclass(frozen=True)
class OutboundMessage:
    channel: str  # "sms" or "email"
    to: str
    subject: str
    body: str


class ConsoleSender:
    """Writes each message to the log; what a development machine or CI uses."""

    sent: list[OutboundMessage] = []  # noqa: RUF012 - kept for inspection in demos and tests

    def send(self, message: OutboundMessage) -> None:
        ConsoleSender.sent.append(message)
        logger.info("[%s to %s] %s: %s", message.channel, message.to, message.subject, message.body)


def get_sender(channel: str):
    path = settings.JIEFEN_SMS_SENDER if channel == "sms" else settings.JIEFEN_EMAIL_SENDER
    return import_string(path)()


def send_message(*, channel: str, to: str, subject: str, body: str) -> None:
    get_sender(channel).send(OutboundMessage(channel=channel, to=to, subject=subject, body=body))
