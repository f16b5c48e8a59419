"""Helpers for the demo seeds of every app (not a seed itself: it has no ORDER)."""

from __future__ import annotations

import contextlib
import datetime as dt
from unittest import mock


@contextlib.contextmanager
def demo_time(moment: dt.datetime):
    """Run services as if it were `moment`, so a year of demo history carries real dates."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
