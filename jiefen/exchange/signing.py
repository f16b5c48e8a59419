"""Signed system-to-system requests, to the contract of the 110 endpoint (jiefen/core/webhooks.py
on the dispatch branch; this module is replaced by it once merged):

- ``X-Jiefen-Sender``: a key of ``settings.JIEFEN_WEBHOOK_SECRETS``;
- ``X-Jiefen-Timestamp``: Unix seconds;
- ``X-Jiefen-Signature``: ``sha256=`` + hex HMAC-SHA256 of ``<timestamp>.<raw body>``.

Refused (401) when a header is missing, the sender unknown, the signature wrong, the timestamp
more than five minutes off, or the signature seen before (a replay)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

SENDER_HEADER = "X-Jiefen-Sender"
TIMESTAMP_HEADER = "X-Jiefen-Timestamp"
SIGNATURE_HEADER = "X-Jiefen-Signature"
SIGNATURE_PREFIX = "sha256="
MAX_SKEW = dt.timedelta(minutes=5)
RECEIPT_TTL = dt.timedelta(minutes=10)


class WebhookAuthenticationFailed(exceptions.AuthenticationFailed):
    def __init__(self, detail: str, code: str) -> None:
        super().__init__(detail=detail, code=code)
        self.reason = code


def sign(*, secret: str, timestamp: int | str, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(*, sender: str, secret: str, body: bytes, timestamp: int | None = None) -> dict:
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        SENDER_HEADER: sender,
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: sign(secret=secret, timestamp=ts, body=body),
    }


def verify_signed_request(request) -> str:
    """Verify the request's signature and freshness, refuse replays; return the sender."""
    from jiefen.exchange.models import SignatureReceipt

    django_request = getattr(request, "_request", request)
    headers, body = django_request.headers, django_request.body
    sender = (headers.get(SENDER_HEADER) or "").strip()
    raw_ts = (headers.get(TIMESTAMP_HEADER) or "").strip()
    signature = (headers.get(SIGNATURE_HEADER) or "").strip()
    if not sender or not raw_ts or not signature:
        raise WebhookAuthenticationFailed("缺少签名请求头。", "missing_headers")
    secret = (getattr(settings, "JIEFEN_WEBHOOK_SECRETS", {}) or {}).get(sender)
    if secret is None:
        raise WebhookAuthenticationFailed("未知的发送方。", "unknown_sender")
    try:
        ts = int(raw_ts)
    except ValueError:
        raise WebhookAuthenticationFailed("时间戳格式错误。", "bad_timestamp") from None
    expected = sign(secret=secret, timestamp=raw_ts, body=body)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise WebhookAuthenticationFailed("签名不符。", "bad_signature")
    now = timezone.now()
    if abs(now.timestamp() - ts) > MAX_SKEW.total_seconds():
        raise WebhookAuthenticationFailed("请求已过期或时间戳超前。", "stale_timestamp")
    SignatureReceipt.objects.filter(received_at__lt=now - RECEIPT_TTL).delete()
    try:
        with transaction.atomic():
            SignatureReceipt.objects.create(
                sender=sender, signature=signature[len(SIGNATURE_PREFIX) :], received_at=now
            )
    except IntegrityError:
        raise WebhookAuthenticationFailed("重复的请求（重放）。", "replayed") from None
    return sender


@dataclass(frozen=True)
class SignedSender:
    sender: str


class SignedRequestAuthentication(authentication.BaseAuthentication):
    """DRF authentication for signed system calls: `request.auth` is a SignedSender."""

    def authenticate(self, request):
        from django.contrib.auth.models import AnonymousUser

        return (AnonymousUser(), SignedSender(sender=verify_signed_request(request)))

    def authenticate_header(self, request) -> str:
        return 'JiefenSignature realm="api"'


class IsSignedSender(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        auth = request.auth
        if not isinstance(auth, SignedSender):
            return False
        allowed = getattr(view, "allowed_senders", None)
        return allowed is None or auth.sender in allowed
