"""Helpers for the demo seeds of every app (not a seed itself: it has no ORDER)."""

from __future__ import annotations

import contextlib
import datetime as dt
from unittest import mock


@contextlib.contextmanager
def demo_time(moment: dt.datetime):
    """Run services as if it were `moment`, so a year of demo history carries real dates.

    Never later than the real now: what a service records has happened, and a demo step
    planned "a few days after" a recent one would otherwise be dated ahead of the clock (an
    event at 22:00 seen at 15:30). Such a step happens now instead."""
    real_now = dt.datetime.now(dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=min(moment, real_now)):
        yield
