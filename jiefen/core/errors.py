"""Error pages in Chinese for citizens and staff, with or without DEBUG.

Django's own 404 and 500 pages are English, and under DEBUG (the demo's `make run`) they are
the technical pages with the URL list or a traceback: a citizen who mistypes a portal address
must not meet those. `page_not_found` and `server_error` are the handlers (config/urls.py);
`FriendlyErrorPagesMiddleware` puts the same pages in front of the technical ones under DEBUG,
unless `JIEFEN_TECHNICAL_ERROR_PAGES` is set (a developer chasing a bug). The traceback is
still logged either way.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("django.request")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到。"}, status=404)
    template = "portal/404.html" if request.path.startswith("/portal/") else "404.html"
    return HttpResponse(loader.render_to_string(template, request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "服务器内部错误，请稍后重试。"}, status=500)
    # No request context: the failure may lie in what a context processor needs.
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def _technical_pages() -> bool:
    return settings.DEBUG and getattr(settings, "JIEFEN_TECHNICAL_ERROR_PAGES", False)


class FriendlyErrorPagesMiddleware:
    """Under DEBUG, answer an unknown address and an uncaught error with the Chinese pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # An unknown address never reaches a view: Django answers it with its technical page
        # under DEBUG, which is recognised by its title and replaced.
        if (
            settings.DEBUG
            and not _technical_pages()
            and response.status_code == 404
            and b"<title>Page not found at" in getattr(response, "content", b"")[:400]
        ):
            return page_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG or _technical_pages():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, (PermissionDenied, SuspiciousOperation, BadRequest)):
            return None
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)
