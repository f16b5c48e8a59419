"""Inbound SMS (上行短信): the formats in which an SMS gateway hands jiefen the replies people send.

Outbound SMS go through `jiefen.core.senders` (the class named in `JIEFEN_SMS_SENDER`). Replies
come back the other way, as an HTTP callback of the gateway; each provider has its own body. A
format turns that body into `InboundSms` records and says what to answer the provider. The
deployment names its format's class in `JIEFEN_SMS_INBOUND_FORMAT`:

- `ConsoleInbound` (the default): jiefen's own JSON, for development, the demo and tests;
- `AliyunSmsUp`: Alibaba Cloud SMS's upstream-message push (上行消息 HTTP 批量推送, SmsUp).

The body's signature is checked before any format reads it (jiefen.core.webhooks), exactly as for
the 110 intake; docs/integrations/sms.md says how a provider's callback gets signed."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string

# Aliyun writes its times in Beijing time, without an offset.
CHINA = ZoneInfo("Asia/Shanghai")


class InboundFormatError(ValueError):
    """The body is not in the format's shape (answered 400, so the gateway can see it)."""


@dataclass(frozen=True)
class InboundSms:
    """One SMS a person sent: the provider's id for it (what makes a delivery idempotent), the
    sender's mobile number, the text, and when the operator received it (None: unknown)."""

    message_id: str
    phone: str
    text: str
    received_at: dt.datetime | None = None


def phone_normalize(value: str) -> str:
    """A mainland mobile number as 11 digits: +86, 0086 or 86 in front, spaces and dashes dropped."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


class InboundFormat(Protocol):
    name: str

    def parse(self, body: bytes) -> list[InboundSms]: ...

    def answer(self, results: list[dict[str, Any]]) -> dict[str, Any]: ...


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise InboundFormatError(f"not UTF-8 JSON: {e}") from None


def _text(item: dict, key: str) -> str:
    value = item.get(key)
    if value is None or isinstance(value, (dict, list, bool)):
        raise InboundFormatError(f"missing or invalid field {key!r}")
    return str(value).strip()


class ConsoleInbound:
    """jiefen's own shape, one object or a list of them::

        {"message_id": "dev-1", "phone": "13805710001", "text": "1234 Y",
         "received_at": "2026-12-06T15:20:00+08:00"}

    `received_at` is optional. The answer lists each message's outcome."""

    name = "console"

    def parse(self, body: bytes) -> list[InboundSms]:
        data = _json(body)
        items = data if isinstance(data, list) else [data]
        messages = []
        for item in items:
            if not isinstance(item, dict):
                raise InboundFormatError("each message must be an object")
            received = parse_datetime(str(item.get("received_at") or "")) or None
            messages.append(
                InboundSms(
                    message_id=_text(item, "message_id"),
                    phone=phone_normalize(_text(item, "phone")),
                    text=_text(item, "text"),
                    received_at=received,
                )
            )
        return messages

    def answer(self, results: list[dict[str, Any]]) -> dict[str, Any]:
        return {"results": results}


class AliyunSmsUp:
    """Alibaba Cloud SMS, upstream messages by HTTP batch push (短信服务 上行消息 SmsUp,
    HTTP 批量推送模式). The body is a JSON array; each element::

        {"phone_number": "13805710001", "send_time": "2026-12-06 15:20:00",
         "content": "1234 Y", "sign_name": "西湖区解纷", "dest_code": "1234",
         "sequence_id": 1234567890}

    `sequence_id` identifies the message (a number in older pushes, a string in newer ones).
    The provider expects `{"code": 0, "msg": "接收成功"}` with HTTP 200; anything else it pushes
    again after 1, 5 and 10 minutes, which the idempotent receipt makes harmless."""

    name = "aliyun"

    def parse(self, body: bytes) -> list[InboundSms]:
        data = _json(body)
        if not isinstance(data, list):
            raise InboundFormatError("SmsUp pushes a JSON array")
        messages = []
        for item in data:
            if not isinstance(item, dict):
                raise InboundFormatError("each SmsUp message must be an object")
            sent = _text(item, "send_time") if item.get("send_time") else ""
            received = None
            if sent:
                try:
                    received = dt.datetime.strptime(sent, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA)
                except ValueError:
                    received = None
            messages.append(
                InboundSms(
                    message_id=_text(item, "sequence_id"),
                    phone=phone_normalize(_text(item, "phone_number")),
                    text=_text(item, "content"),
                    received_at=received,
                )
            )
        return messages

    def answer(self, results: list[dict[str, Any]]) -> dict[str, Any]:
        return {"code": 0, "msg": "接收成功"}


def inbound_format() -> InboundFormat:
    """The deployment's inbound format (`JIEFEN_SMS_INBOUND_FORMAT`)."""
    return import_string(settings.JIEFEN_SMS_INBOUND_FORMAT)()
