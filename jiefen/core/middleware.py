"""Answer 503 with a plain message when the database is down or locked, instead of a traceback.
Django opens a new connection on the next request, so service resumes by itself."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

from jiefen.core.bounds import OUT_OF_RANGE_MESSAGE, out_of_range

logger = logging.getLogger("jiefen.db")

MESSAGE_ZH = "系统暂时无法访问数据库，请稍后重试。"
MESSAGE_EN = "The database is temporarily unavailable; please try again shortly."


def database_unavailable_response(request: HttpRequest, reason: str) -> HttpResponse:
    if request.path.startswith("/api/") or request.path == "/healthz":
        return JsonResponse(
            {"status": "unavailable", "detail": MESSAGE_EN, "reason": reason}, status=503
        )
    body = f"<!doctype html><meta charset='utf-8'><title>503</title><h1>{MESSAGE_ZH}</h1><p>{MESSAGE_EN}</p>"
    return HttpResponse(body, status=503, headers={"Retry-After": "30"})


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if out_of_range(exception):
            # A number or date too large for the database or the calendar reached a query: the
            # request was wrong, not the server (the edge bounds what it knows of).
            logger.info("value out of range on %s: %s", request.path, exception)
            message = escape(str(OUT_OF_RANGE_MESSAGE))
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(OUT_OF_RANGE_MESSAGE)}, status=400)
            body = f"<!doctype html><meta charset='utf-8'><title>400</title><h1>{message}</h1>"
            return HttpResponse(body, status=400)
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "locked" in str(exception)
        ):
            logger.warning("database unavailable: %s", exception)
            for conn in connections.all(initialized_only=True):
                conn.close_if_unusable_or_obsolete()
            return database_unavailable_response(request, str(exception).splitlines()[0][:200])
        return None


class RequestSizeLimitMiddleware:
    """Refuse an oversized body before anything reads it, with a 400 in plain words.

    Django checks `DATA_UPLOAD_MAX_MEMORY_SIZE` only when a form body is parsed; the API's JSON
    parser reads the stream directly, so without this a JSON body had no limit at all. A
    multipart body (uploads) may be as large as `JIEFEN_UPLOAD_MAX_BYTES` (ten evidence files
    of the largest size, plus the form)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.content_type == "multipart/form-data"
        limit = (
            settings.JIEFEN_UPLOAD_MAX_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if limit is not None and length > limit:
            message = TOO_LARGE_ZH % {"mb": max(1, limit // (1024 * 1024))}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "too_large"}, status=400)
            body = f"<!doctype html><meta charset='utf-8'><title>400</title><h1>{message}</h1>"
            return HttpResponse(body, status=400)
        return self.get_response(request)


TOO_LARGE_ZH = "请求内容过大（上限约 %(mb)d MB）。"
