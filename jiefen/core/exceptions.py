"""Errors the domain raises and how the API turns them into answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from jiefen.core.bounds import OUT_OF_RANGE_MESSAGE, out_of_range
from jiefen.core.policy import Forbidden


class ApplicationError(Exception):
    """A rule of the domain refused the request; `message` is for the person who asked."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """The request contradicts the current state (an illegal move, a stale edit)."""

    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if out_of_range(exc):
        # A value the edge should have bounded: a 400, never a 500.
        return Response({"detail": str(OUT_OF_RANGE_MESSAGE), "code": "out_of_range"}, status=400)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = drf_exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, Forbidden):
        return Response({"detail": exc.message, "code": exc.code}, status=403)
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message, "code": exc.code, **exc.extra}
        return Response(body, status=exc.status_code)
    return exception_handler(exc, context)
