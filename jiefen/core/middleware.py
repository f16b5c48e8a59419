"""Answer 503 with a plain message when the database is down or locked, instead of a traceback.
Django opens a new connection on the next request, so service resumes by itself."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse

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
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "locked" in str(exception)
        ):
            logger.warning("database unavailable: %s", exception)
            for conn in connections.all(initialized_only=True):
                conn.close_if_unusable_or_obsolete()
            return database_unavailable_response(request, str(exception).splitlines()[0][:200])
        return None
