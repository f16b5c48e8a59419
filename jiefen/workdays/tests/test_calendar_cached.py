"""The calendar kept in the shared cache between requests, and forgotten when it changes."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from jiefen.workdays.models import CalendarDay, CalendarYear
from jiefen.workdays.services import CACHED_YEAR_SECONDS, WorkdayCalendar, calendar_load

pytestmark = pytest.mark.django_db
TUESDAY = dt.date(2026, 3, 3)  # a working day in the bundled calendar


@pytest.fixture
def shared_cache(settings, xihu):
    settings.JIEFEN_CACHE_SHARED = True
    cache.clear()
    yield
    cache.clear()


def reads(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def _holiday_on_tuesday() -> CalendarDay:
    year = CalendarYear.objects.get(year=2026)
    return CalendarDay.objects.create(
        year=year, date=TUESDAY, kind=CalendarDay.Kind.HOLIDAY, note="测试"
    )


def test_with_a_shared_cache_a_later_request_reads_no_query(shared_cache):
    assert reads(lambda: WorkdayCalendar().is_workday(TUESDAY)) == 1
    assert reads(lambda: WorkdayCalendar().is_workday(TUESDAY)) == 0


def test_without_a_shared_cache_every_request_reads_the_database(settings, xihu):
    settings.JIEFEN_CACHE_SHARED = False
    WorkdayCalendar().is_workday(TUESDAY)
    assert reads(lambda: WorkdayCalendar().is_workday(TUESDAY)) == 1


def test_a_cached_year_expires(shared_cache, monkeypatch):
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda k, v, t=None: timeouts.append(t) or real_set(k, v, t))
    WorkdayCalendar().is_workday(TUESDAY)
    assert timeouts == [CACHED_YEAR_SECONDS]


def test_a_year_loaded_again_is_read_afresh_once_committed(
    shared_cache, django_capture_on_commit_callbacks
):
    assert WorkdayCalendar().is_workday(TUESDAY)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_load(data={"years": {"2026": {"holidays": [TUESDAY.isoformat()]}}})
    assert not WorkdayCalendar().is_workday(TUESDAY)


def test_the_transaction_that_changes_the_calendar_reads_it_from_the_database(shared_cache):
    """Its hooks recompute every open clock before the commit: not with the cached year."""
    from jiefen.workdays.services import calendar_changed

    assert WorkdayCalendar().is_workday(TUESDAY)
    _holiday_on_tuesday()
    calendar_changed(years=[2026])
    assert not WorkdayCalendar().is_workday(TUESDAY)


def _admin_request(admin_user):
    request = RequestFactory().post("/")
    request.user = admin_user
    return request


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("calendar-admin", password="x-Pass-123")


def test_a_day_saved_in_the_admin_is_read_afresh(
    shared_cache, admin_user, django_capture_on_commit_callbacks
):
    assert WorkdayCalendar().is_workday(TUESDAY)
    day = CalendarDay(
        year=CalendarYear.objects.get(year=2026), date=TUESDAY, kind=CalendarDay.Kind.HOLIDAY
    )
    with django_capture_on_commit_callbacks(execute=True):
        site._registry[CalendarDay].save_model(_admin_request(admin_user), day, None, False)
    assert not WorkdayCalendar().is_workday(TUESDAY)


def test_a_day_deleted_in_the_admin_is_read_afresh(
    shared_cache, admin_user, django_capture_on_commit_callbacks
):
    day = _holiday_on_tuesday()
    assert not WorkdayCalendar().is_workday(TUESDAY)
    with django_capture_on_commit_callbacks(execute=True):
        site._registry[CalendarDay].delete_model(_admin_request(admin_user), day)
    assert WorkdayCalendar().is_workday(TUESDAY)


def test_days_deleted_in_bulk_in_the_admin_are_read_afresh(
    shared_cache, admin_user, django_capture_on_commit_callbacks
):
    _holiday_on_tuesday()
    assert not WorkdayCalendar().is_workday(TUESDAY)
    days = CalendarDay.objects.filter(date=TUESDAY)
    with django_capture_on_commit_callbacks(execute=True):
        site._registry[CalendarDay].delete_queryset(_admin_request(admin_user), days)
    assert WorkdayCalendar().is_workday(TUESDAY)


def test_a_year_deleted_in_the_admin_is_read_afresh(
    shared_cache, admin_user, django_capture_on_commit_callbacks
):
    assert WorkdayCalendar().is_published(2026)
    year = CalendarYear.objects.get(year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        site._registry[CalendarYear].delete_model(_admin_request(admin_user), year)
    assert not WorkdayCalendar().is_published(2026)


def test_a_year_in_the_shared_cache_is_not_read_with_another_query(shared_cache):
    from jiefen.workdays.services import calendar_read_with, calendar_shared

    WorkdayCalendar().is_workday(TUESDAY)  # a request before kept 2026 in the cache

    with calendar_shared():
        read = calendar_read_with(start=TUESDAY, end=TUESDAY)
        assert reads(lambda: WorkdayCalendar().is_workday(TUESDAY)) == 0

    assert read.columns == {}


def _read_with_a_row(change=None):
    """2026 read with a row of another query, `change` made after the query and before the
    year is kept."""
    from jiefen.workdays.services import calendar_read_with, calendar_shared

    with calendar_shared():
        read = calendar_read_with(start=TUESDAY, end=TUESDAY)
        row = CalendarYear.objects.annotate(**read.columns).get(year=2026)
        if change is not None:
            change()
        read.keep(row)


def test_a_year_read_with_another_query_is_kept_in_the_shared_cache(shared_cache):
    _read_with_a_row()

    assert reads(lambda: WorkdayCalendar().is_workday(TUESDAY)) == 0


def test_a_change_committed_while_a_year_was_read_with_another_query_is_seen_after(
    shared_cache, django_capture_on_commit_callbacks
):
    from jiefen.workdays.services import calendar_changed

    def another_process_changes_the_year():
        with django_capture_on_commit_callbacks(execute=True):
            _holiday_on_tuesday()
            calendar_changed(years=[2026])

    _read_with_a_row(change=another_process_changes_the_year)

    assert not WorkdayCalendar().is_workday(TUESDAY)
