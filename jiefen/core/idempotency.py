"""Idempotency keys for API writes (POST, PUT, PATCH, DELETE under /api/).

A client that may retry sends `Idempotency-Key: <unique string>`. The first request with a key
runs; a retry with the same key and the same body gets the first answer again (header
`Idempotent-Replayed: true`) without running twice; the same key with a different body, or while
the first is still running, is refused with 409/422. Keys are per caller and kept 24 hours.

The first request holds its key on a lease of five minutes, longer than any request may run.
A request that crashed without an answer (its process killed, the server restarted) leaves the
key held; once the lease is over, a retry takes the key over and runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import math

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from jiefen.core.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
KEEP = dt.timedelta(hours=24)
LEASE = dt.timedelta(minutes=5)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _caller(request: HttpRequest) -> str:
    credentials = (
        request.META.get("HTTP_AUTHORIZATION")
        or request.COOKIES.get("sessionid")
        or request.META.get("HTTP_X_JIEFEN_SENDER", "")
    )
    return hashlib.sha256(credentials.encode()).hexdigest()


def _take_over_expired(record: IdempotencyRecord, now: dt.datetime) -> IdempotencyRecord | None:
    """The key of a request that never answered, once its lease is over: the retry takes it.
    Compare-and-swap on the lease, so of two retries at once only one runs."""
    expires = record.lease_until or record.created_at + LEASE  # records made before leases
    if expires > now:
        return None
    taken = IdempotencyRecord.objects.filter(
        pk=record.pk, status_code__isnull=True, lease_until=record.lease_until
    ).update(lease_until=now + LEASE)
    return record if taken == 1 else None


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER, "").strip()
        if not key or request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > 100:
            return JsonResponse({"detail": "Idempotency-Key 过长（最多100个字符）"}, status=400)
        caller = _caller(request)
        request_hash = hashlib.sha256(
            request.method.encode() + request.path.encode() + request.body
        ).hexdigest()
        now = timezone.now()
        IdempotencyRecord.objects.filter(created_at__lt=now - KEEP).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    caller=caller,
                    key=key,
                    method=request.method,
                    path=request.path[:300],
                    request_hash=request_hash,
                    lease_until=now + LEASE,
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(caller=caller, key=key)
            if existing.request_hash != request_hash:
                return JsonResponse(
                    {
                        "detail": "该 Idempotency-Key 已用于另一个请求",
                        "code": "idempotency_key_reused",
                    },
                    status=422,
                )
            if existing.status_code is None:
                taken = _take_over_expired(existing, now)
                if taken is None:
                    expires = existing.lease_until or existing.created_at + LEASE
                    response: HttpResponse = JsonResponse(
                        {"detail": "相同请求正在处理中，请稍后重试", "code": "in_progress"},
                        status=409,
                    )
                    response["Retry-After"] = str(
                        max(1, math.ceil((expires - now).total_seconds()))
                    )
                    return response
                record = taken
            else:
                response = HttpResponse(
                    bytes(existing.response_body or b""),
                    status=existing.status_code,
                    content_type=existing.content_type or "application/json",
                )
                response["Idempotent-Replayed"] = "true"
                return response
        response = self.get_response(request)
        if response.status_code >= 500:
            record.delete()  # a server fault is not an answer: let the retry run
        else:
            content = (
                getattr(response, "rendered_content", None) if hasattr(response, "render") else None
            )
            IdempotencyRecord.objects.filter(pk=record.pk).update(
                status_code=response.status_code,
                response_body=content if content is not None else response.content,
                content_type=response.get("Content-Type", ""),
            )
        return response
