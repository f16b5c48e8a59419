"""Limits on what a request may carry: numbers and dates the database and the calendar can
hold, and list lengths. Parameters are checked at the edge (forms, serializers, query parsing)
with these fields; `out_of_range` lets the error handlers answer 400 to anything that slipped
through (a huge integer reaching SQLite, a date whose next day does not exist) instead of 500.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DataError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# A signed 64-bit integer: the widest column the database has.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
# Dates a labor dispute can concern; outside them, date arithmetic (the day after, the time
# zone's offset) leaves Python's and the database's range.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
# The longest lists one request may carry: claimants (or complainants) of one case, its claims,
# and the people gathered. A case with more claimants is registered in parts; beyond this one
# request would hold the database's write lock longer than the worker waits for it.
MAX_CLAIMANTS = 1000
MAX_CLAIMS = 30
MAX_PEOPLE = 100_000
DATE_RANGE_MESSAGE = _("日期应在 1900-01-01 至 2100-12-31 之间。")
OUT_OF_RANGE_MESSAGE = _("请求中的数值或日期超出允许范围。")


def list_limit(n: int) -> dict:
    """Keyword arguments of a `many=True` serializer: at most `n` items, said in Chinese."""
    return {
        "max_length": n,
        "error_messages": {"max_length": _("最多 %(n)d 项。") % {"n": n}},
    }


def date_validators() -> list:
    return [
        MinValueValidator(DATE_MIN, message=DATE_RANGE_MESSAGE),
        MaxValueValidator(DATE_MAX, message=DATE_RANGE_MESSAGE),
    ]


class IdField(forms.IntegerField):
    """A row id in a query string: a positive 64-bit integer."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)


class DateField(forms.DateField):
    """A date within DATE_MIN..DATE_MAX."""

    default_validators = date_validators()


class SerializerDateField(serializers.DateField):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators.extend(date_validators())


class SerializerDateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if not DATE_MIN <= parsed.date() <= DATE_MAX:
            raise serializers.ValidationError(str(DATE_RANGE_MESSAGE))
        return parsed


def out_of_range(exc: BaseException) -> bool:
    """Whether an exception is a value too large for Python's dates or the database's columns
    (SQLite raises OverflowError when binding, PostgreSQL a DataError)."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DataError) and "out of range" in str(exc)
