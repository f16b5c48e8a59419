"""Signed system-to-system requests into jiefen (the 110 platform, the provincial network).

Every such call carries three headers:

- ``X-Jiefen-Sender``: the calling system's name, a key of ``settings.JIEFEN_WEBHOOK_SECRETS``
  (set from the environment as ``name=secret,name2=secret2``);
- ``X-Jiefen-Timestamp``: the moment of signing, in Unix seconds;
- ``X-Jiefen-Signature``: ``sha256=`` followed by the lowercase hex HMAC-SHA256 of
  ``<timestamp>.<raw request body>`` (the body's exact bytes) under that sender's secret.

A request is refused (``WebhookAuthenticationFailed``, answered 401) when a header is missing,
the sender is unknown, the signature does not match, the timestamp is more than
``MAX_SKEW`` (5 minutes) away from the server's clock, or the same signature was accepted
before (a replay). Seen signatures are kept in the database table ``core.WebhookReceipt`` with a
unique constraint, so the replay guard holds across processes and servers; rows older than
``RECEIPT_TTL`` are pruned as new ones come in.

Use it in a DRF view either as an authentication class::

    class IncidentReceiveApi(APIView):
        authentication_classes = [SignedRequestAuthentication]
        permission_classes = [IsSignedSender]
        def post(self, request):
            sender = request.auth.sender   # a SignedSender
            ...

or call ``verify_signed_request(request)`` yourself (it returns the sender's name) before
anything reads the body as form or JSON data (``request.data``), since it needs the raw bytes.
A signature is used up once verified, even if the request then fails validation: a sender
re-signs every attempt (new timestamp), which the replay guard expects.

``sign(secret=..., timestamp=..., body=...)`` builds the header value, for callers, tests and the
simulators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

SENDER_HEADER = "X-Jiefen-Sender"
TIMESTAMP_HEADER = "X-Jiefen-Timestamp"
SIGNATURE_HEADER = "X-Jiefen-Signature"
SIGNATURE_PREFIX = "sha256="
# A signed request is good for five minutes either way of the server's clock.
MAX_SKEW = dt.timedelta(minutes=5)
# Seen signatures are kept a little longer than a timestamp stays acceptable.
RECEIPT_TTL = dt.timedelta(minutes=10)


class WebhookAuthenticationFailed(exceptions.AuthenticationFailed):
    """The request is not a valid signed call; answered 401 with a reason code."""

    def __init__(self, detail: str, code: str) -> None:
        super().__init__(detail=detail, code=code)
        self.reason = code


@dataclass(frozen=True)
class SignedSender:
    """What a verified request carries as ``request.auth``."""

    sender: str
    timestamp: int
    signature: str


def sign(*, secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Jiefen-Signature`` value for ``body`` signed at ``timestamp``."""
    message = str(timestamp).encode() + b"." + body
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(*, sender: str, secret: str, body: bytes, timestamp: int | None = None) -> dict:
    """The three headers for a request carrying ``body`` (for callers and tests)."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        SENDER_HEADER: sender,
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: sign(secret=secret, timestamp=ts, body=body),
    }


def _secrets() -> dict[str, str]:
    return getattr(settings, "JIEFEN_WEBHOOK_SECRETS", {}) or {}


def verify_signature(*, headers, body: bytes, now: dt.datetime | None = None) -> SignedSender:
    """Check sender, timestamp and signature (not replays); raise WebhookAuthenticationFailed."""
    sender = (headers.get(SENDER_HEADER) or "").strip()
    raw_ts = (headers.get(TIMESTAMP_HEADER) or "").strip()
    signature = (headers.get(SIGNATURE_HEADER) or "").strip()
    if not sender or not raw_ts or not signature:
        raise WebhookAuthenticationFailed("缺少签名请求头。", "missing_headers")
    secret = _secrets().get(sender)
    if secret is None:
        raise WebhookAuthenticationFailed("未知的发送方。", "unknown_sender")
    try:
        ts = int(raw_ts)
    except ValueError:
        raise WebhookAuthenticationFailed("时间戳格式错误。", "bad_timestamp") from None
    expected = sign(secret=secret, timestamp=raw_ts, body=body)
    # Compare in constant time: a byte-by-byte early exit would leak the signature's prefix.
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise WebhookAuthenticationFailed("签名不符。", "bad_signature")
    now = now or timezone.now()
    if abs(now.timestamp() - ts) > MAX_SKEW.total_seconds():
        raise WebhookAuthenticationFailed("请求已过期或时间戳超前。", "stale_timestamp")
    return SignedSender(sender=sender, timestamp=ts, signature=signature[len(SIGNATURE_PREFIX) :])


def receipt_record(*, signed: SignedSender, now: dt.datetime | None = None) -> None:
    """Remember the signature; raise WebhookAuthenticationFailed if it was seen before."""
    from jiefen.core.models import WebhookReceipt

    now = now or timezone.now()
    WebhookReceipt.objects.filter(received_at__lt=now - RECEIPT_TTL).delete()
    try:
        # Its own savepoint: the caller's transaction survives a refused duplicate.
        with transaction.atomic():
            WebhookReceipt.objects.create(
                sender=signed.sender, signature=signed.signature, received_at=now
            )
    except IntegrityError:
        raise WebhookAuthenticationFailed("重复的请求（重放）。", "replayed") from None


def verify_signed_request(request) -> str:
    """Verify a Django or DRF request's signature, timestamp and freshness; return the sender.

    The signature is recorded, so a second call with the same request is refused as a replay."""
    django_request = getattr(request, "_request", request)
    signed = verify_signature(headers=django_request.headers, body=django_request.body)
    receipt_record(signed=signed)
    return signed.sender


class SignedRequestAuthentication(authentication.BaseAuthentication):
    """DRF authentication for signed system calls: ``request.auth`` becomes a SignedSender and
    ``request.user`` stays anonymous (no staff member made the call)."""

    def authenticate(self, request):
        django_request = request._request
        signed = verify_signature(headers=django_request.headers, body=django_request.body)
        receipt_record(signed=signed)
        return (AnonymousUser(), signed)

    def authenticate_header(self, request) -> str:
        # A 401 (not 403) for unsigned calls: DRF needs a WWW-Authenticate value for that.
        return 'JiefenSignature realm="api"'


def endpoint_senders(endpoint: str) -> frozenset[str]:
    """The senders ``settings.JIEFEN_WEBHOOK_SENDERS`` lists for an endpoint."""
    listed = (getattr(settings, "JIEFEN_WEBHOOK_SENDERS", {}) or {}).get(endpoint, ())
    return frozenset(listed)


class IsSignedSender(permissions.BasePermission):
    """Allow only requests that SignedRequestAuthentication verified, from a sender the view's
    endpoint lists: a view names its ``webhook_endpoint``, and ``JIEFEN_WEBHOOK_SENDERS`` maps
    it to the senders allowed there. A secret good for one endpoint (the 110 platform's) opens
    no other (the provincial network's); a view that names no endpoint accepts no one."""

    message = "该发送方无权调用此接口。"

    def has_permission(self, request, view) -> bool:
        auth = request.auth
        if not isinstance(auth, SignedSender):
            return False
        endpoint = getattr(view, "webhook_endpoint", None)
        return endpoint is not None and auth.sender in endpoint_senders(endpoint)
