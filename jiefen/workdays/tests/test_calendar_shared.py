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


def _read_with_a_row(start: dt.date, end: dt.date):
    from jiefen.workdays.services import calendar_read_with

    read = calendar_read_with(start=start, end=end)
    row = CalendarYear.objects.annotate(**read.columns).order_by("year").first()
    read.keep(row)
    return read.columns


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 12, 7), D(2027, 1, 7)),  # published, then statutory days only
        (D(2025, 1, 1), D(2025, 12, 31)),  # published, with make-up working days
        (D(2031, 5, 1), D(2031, 6, 1)),  # no schedule loaded: Monday to Friday
    ],
)
def test_years_read_with_another_query_count_as_the_years_read_alone(xihu, start, end):
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 400)]
    alone = [WorkdayCalendar().is_workday(day) for day in days]

    with calendar_shared():
        _read_with_a_row(start, end)
        with_the_row = [WorkdayCalendar().is_workday(day) for day in days]
        published = [WorkdayCalendar().is_published(y) for y in range(start.year, end.year + 1)]

    assert with_the_row == alone
    assert published == [
        CalendarYear.objects.filter(year=y, published=True).exists()
        for y in range(start.year, end.year + 1)
    ]


def test_years_read_with_another_query_are_not_read_again_in_the_block(xihu):
    with calendar_shared():
        _read_with_a_row(D(2026, 12, 7), D(2027, 1, 7))
        assert reads(lambda: WorkdayCalendar().workday_add(D(2026, 12, 30), 5)) == 0


def test_a_year_already_read_in_the_block_is_not_asked_for_again(xihu):
    from jiefen.workdays.services import calendar_read_with

    with calendar_shared():
        WorkdayCalendar().is_workday(D(2026, 12, 7))
        read = calendar_read_with(start=D(2026, 12, 7), end=D(2027, 1, 7))

    assert sorted(read.columns) == ["calendar_2027_days", "calendar_2027_published"]


def test_outside_a_shared_block_no_year_is_asked_for(xihu):
    from jiefen.workdays.services import calendar_read_with

    assert calendar_read_with(start=D(2026, 12, 7), end=D(2027, 1, 7)).columns == {}
