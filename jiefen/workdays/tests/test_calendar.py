import datetime as dt
import logging

import pytest

from jiefen.workdays import services
from jiefen.workdays.models import CalendarDay
from jiefen.workdays.services import (
    WorkdayCalendar,
    calendar_days_add,
    is_workday,
    workday_add,
    workdays_between,
)

D = dt.date
pytestmark = pytest.mark.django_db


def test_spring_festival_2026_days_are_not_working_days(xihu):
    assert [is_workday(D(2026, 2, d)) for d in range(15, 24)] == [False] * 9


def test_spring_festival_2026_adjusted_saturdays_are_working_days(xihu):
    assert is_workday(D(2026, 2, 14)) and is_workday(D(2026, 2, 28))


def test_seven_working_days_from_the_friday_before_spring_festival_2026(xihu):
    # 13 Feb (Fri) + 7 working days: 14 Feb (Sat, worked), then 24, 25, 26, 27, 28 (Sat, worked), 2 Mar.
    assert workday_add(D(2026, 2, 13), 7) == D(2026, 3, 2)


def test_national_day_2026_week_is_off_and_its_make_up_days_are_worked(xihu):
    assert not any(is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert is_workday(D(2026, 9, 20)) and is_workday(D(2026, 10, 10))


def test_five_working_days_from_the_eve_of_national_day_2026(xihu):
    # 30 Sep (Wed) + 5: 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, worked), 12 Oct, 13 Oct.
    assert workday_add(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_working_days_between_counts_after_start_through_end(xihu):
    # 28 Sep – 12 Oct 2026: 29, 30 Sep, 8, 9, 10, 12 Oct.
    assert workdays_between(D(2026, 9, 28), D(2026, 10, 12)) == 6


def test_period_ending_on_a_holiday_rolls_to_the_next_working_day(xihu):
    # 15 days from 16 Sep 2026 would end on 1 Oct (National Day): it ends on 8 Oct.
    assert calendar_days_add(D(2026, 9, 16), 15) == D(2026, 10, 8)


def test_period_ending_on_an_adjusted_working_saturday_ends_that_day(xihu):
    # 10 Oct 2026 is a Saturday worked under the swap, so nothing rolls.
    assert calendar_days_add(D(2026, 9, 25), 15) == D(2026, 10, 10)


def test_period_ending_on_an_ordinary_weekday_does_not_roll(xihu):
    assert calendar_days_add(D(2026, 3, 2), 15) == D(2026, 3, 17)


def test_period_ending_on_a_sunday_rolls_to_monday(xihu):
    assert calendar_days_add(D(2026, 3, 7), 15) == D(2026, 3, 23)


def test_missing_year_counts_monday_to_friday(xihu):
    # 2030 has no schedule: 1 Jan 2030 (Tue, New Year in reality) counts as a working day.
    assert is_workday(D(2030, 1, 1))
    assert workday_add(D(2030, 1, 4), 1) == D(2030, 1, 7)


def test_missing_year_logs_a_warning(xihu, caplog):
    services._warned_years.discard(2031)
    with caplog.at_level(logging.WARNING, logger="jiefen.workdays"):
        WorkdayCalendar().is_workday(D(2031, 5, 1))
    assert "No published holiday schedule for 2031" in caplog.text


def test_unpublished_2027_still_keeps_its_statutory_days(xihu):
    assert not is_workday(D(2027, 10, 1))
    assert not WorkdayCalendar().is_published(2027)


def test_an_administrator_edit_to_the_calendar_takes_effect(xihu):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    day.kind = CalendarDay.Kind.HOLIDAY
    day.save()
    assert not is_workday(D(2026, 10, 10))


def test_admin_warns_about_next_year_without_schedule(admin_client, xihu, settings):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)):
        response = admin_client.get("/admin/workdays/calendaryear/")
    assert "2027 年的放假安排尚未录入" in response.content.decode()


def test_this_week_on_a_sunday_is_the_coming_working_week(xihu):
    assert services.working_week(D(2026, 12, 6)) == (D(2026, 12, 7), D(2026, 12, 13))


def test_this_week_on_a_wednesday_is_its_own_week(xihu):
    assert services.working_week(D(2026, 12, 9)) == (D(2026, 12, 7), D(2026, 12, 13))


def test_this_week_on_an_adjusted_working_saturday_is_its_own_week(xihu):
    # Sat 10 Oct 2026 is worked in exchange for the National Day holiday.
    assert services.working_week(D(2026, 10, 10)) == (D(2026, 10, 5), D(2026, 10, 11))


def test_this_week_in_a_holiday_is_the_week_work_resumes(xihu):
    # Fri 2 Oct 2026 is a holiday; work resumes on Thu 8 Oct.
    assert services.working_week(D(2026, 10, 2)) == (D(2026, 10, 5), D(2026, 10, 11))
