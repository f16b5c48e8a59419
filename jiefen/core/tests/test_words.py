"""The `words` template filters that the hot pages use in place of Django's own."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import timezone

from jiefen.core.templatetags.words import minute


def test_a_moment_reads_to_the_minute_in_the_readers_time_zone():
    at = dt.datetime(2026, 12, 6, 23, 30, 59, tzinfo=dt.UTC)  # 07:30 the next day in Hangzhou

    assert minute(at) == "2026-12-07 07:30"


def test_minute_writes_what_djangos_date_filter_writes():
    moments = [
        dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 12, 31, 16, 5, tzinfo=dt.UTC),
        dt.datetime(2026, 6, 30, 9, 7),  # noqa: DTZ001 - naive: written as given
    ]
    template = Template('{% load words %}{{ at|minute }}|{{ at|date:"Y-m-d H:i" }}')

    for at in moments:
        ours, django = template.render(Context({"at": at})).split("|")
        assert ours == django, at


def test_minute_of_nothing_or_a_day_is_empty():
    assert [minute(None), minute(""), minute(timezone.localdate())] == ["", "", ""]
