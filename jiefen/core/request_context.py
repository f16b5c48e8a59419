"""The request being served, for code far below the view that must say who acted (the audit of
personal-data changes). Set by a middleware; None in commands and tasks."""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("jiefen_current_request", default=None)


def current_request() -> HttpRequest | None:
    return _current.get()


def current_user():
    request = _current.get()
    user = getattr(request, "user", None)  # DRF sets the token user on the Django request too
    return user if user is not None and user.is_authenticated else None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
