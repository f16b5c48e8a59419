"""`calendar_shared`: the calendars made within one block read each year once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiefen.workdays.models import CalendarDay, CalendarYear
from jiefen.workdays.services import WorkdayCalendar, calendar_changed, calendar_shared

pytestmark = pytest.mark.django_db
D = dt.date


def reads(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_two_calendars_in_a_shared_block_read_the_year_once(xihu):
    def two_calendars():
        WorkdayCalendar().is_workday(D(2026, 2, 16))
        WorkdayCalendar().is_workday(D(2026, 2, 17))

    alone = reads(two_calendars)
    with calendar_shared():
        shared = reads(two_calendars)
    assert shared == alone // 2


def test_a_year_changed_within_the_block_is_read_again(xihu):
    day = D(2026, 3, 3)  # a Tuesday, a working day
    with calendar_shared():
        assert WorkdayCalendar().is_workday(day)
        year = CalendarYear.objects.get(year=2026)
        CalendarDay.objects.create(year=year, date=day, kind=CalendarDay.Kind.HOLIDAY, note="测试")
        calendar_changed(years=[2026])
        assert not WorkdayCalendar().is_workday(day)
