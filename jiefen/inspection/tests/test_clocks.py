"""Every clock of the inspection track at its edges on the working-day calendar."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiefen.cases.choices import ClockState
from jiefen.cases.clocks import clock_state
from jiefen.cases.models import Clock
from jiefen.core.exceptions import ConflictError
from jiefen.inspection.choices import INVESTIGATE_60, NOTICE_3, OPEN_5, InspectionStatus
from jiefen.inspection.services import (
    complainant_notice_send,
    inspection_extend,
    inspection_open,
    inspection_resume,
    inspection_suspend,
)
from jiefen.inspection.tests.conftest import at


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def test_open_clock_skips_the_national_day_week_and_ends_on_the_saturday_worked_in_lieu(received):
    clock = Clock.objects.get(case=received.case, kind=OPEN_5)

    # Received Mon 28 Sep: 29, 30 Sep, (1-7 Oct holiday), 8, 9 Oct and Sat 10 Oct (调休上班).
    assert local_day(clock.due_at) == dt.date(2026, 10, 10)
    assert clock.track == "inspection"
    assert received.case.events.filter(kind="clock", data__clock=OPEN_5).exists()


def test_inspection_opened_on_the_last_of_its_5_working_days_is_on_time(received, inspector):
    with time_machine.travel(at(2026, 10, 10, 17), tick=False):
        inspection_open(inspection=received, actor=inspector)

    received.refresh_from_db()
    clock = Clock.objects.get(case=received.case, kind=OPEN_5)
    assert received.status == InspectionStatus.OPENED
    assert received.opened_late is False
    assert clock.met_at <= clock.due_at
    assert received.case.events.filter(track="inspection", summary="立案调查").exists()


def test_inspection_opened_one_day_late_is_allowed_and_recorded_as_overdue(received, inspector):
    with time_machine.travel(at(2026, 10, 11, 9), tick=False):
        inspection_open(inspection=received, actor=inspector)

    received.refresh_from_db()
    clock = Clock.objects.get(case=received.case, kind=OPEN_5)
    assert received.status == InspectionStatus.OPENED
    assert received.opened_late is True
    assert clock.met_at > clock.due_at
    assert received.case.events.filter(summary__contains="逾期立案").exists()


def test_open_clock_is_due_soon_on_its_last_day_and_overdue_after(received):
    clock = Clock.objects.get(case=received.case, kind=OPEN_5)

    assert clock_state(clock, now=at(2026, 10, 10, 23, 59)) == ClockState.DUE_SOON
    assert clock_state(clock, now=at(2026, 10, 11, 0, 1)) == ClockState.OVERDUE


def test_investigation_clock_runs_60_working_days_from_opening(opened):
    clock = Clock.objects.get(case=opened.case, kind=INVESTIGATE_60)

    assert local_day(clock.due_at) == dt.date(2026, 12, 28)
    assert clock_state(clock, now=at(2026, 12, 28, 23, 59)) == ClockState.DUE_SOON
    assert clock_state(clock, now=at(2026, 12, 29, 0, 1)) == ClockState.OVERDUE


def test_extension_adds_30_working_days_past_the_autumn_holidays(wage_case, inspector, leader):
    from jiefen.inspection.services import complaint_receive_from_case

    with time_machine.travel(at(2026, 6, 1), tick=False):
        inspection = complaint_receive_from_case(case=wage_case, actor=inspector)
        inspection_open(inspection=inspection, actor=inspector)
    clock = Clock.objects.get(case=wage_case, kind=INVESTIGATE_60)
    assert local_day(clock.due_at) == dt.date(2026, 8, 25)
    with time_machine.travel(at(2026, 8, 20), tick=False):
        inspection_extend(
            inspection=inspection, actor=inspector, approved_by=leader, reason="涉及人数多"
        )

    clock.refresh_from_db()
    inspection.refresh_from_db()
    # 30 working days after 25 Aug: 中秋 (25-27 Sep) and 国庆 (1-7 Oct) off, 20 Sep and 10 Oct on.
    assert local_day(clock.due_at) == dt.date(2026, 10, 12)
    assert inspection.extended_workdays == 30
    assert wage_case.events.filter(summary__startswith="延长调查期限30个工作日").exists()


def test_extension_beyond_30_working_days_is_refused(opened, inspector, leader):
    with pytest.raises(ValidationError) as e:
        inspection_extend(
            inspection=opened, actor=inspector, approved_by=leader, reason="复杂", workdays=31
        )

    assert "workdays" in e.value.message_dict
    clock = Clock.objects.get(case=opened.case, kind=INVESTIGATE_60)
    assert local_day(clock.due_at) == dt.date(2026, 12, 28)


def test_a_second_extension_is_refused(opened, inspector, leader):
    inspection_extend(
        inspection=opened, actor=inspector, approved_by=leader, reason="复杂", workdays=10
    )

    with pytest.raises(ConflictError, match="已延长过一次"):
        inspection_extend(
            inspection=opened, actor=inspector, approved_by=leader, reason="再延", workdays=10
        )


def test_extension_without_a_heads_approval_is_refused(opened, inspector, inspector2):
    with pytest.raises(ValidationError) as e:
        inspection_extend(inspection=opened, actor=inspector, approved_by=inspector2, reason="x")

    assert "approved_by" in e.value.message_dict


def test_suspension_owes_a_notice_within_3_working_days_past_the_mid_autumn_holiday(
    wage_case, inspector
):
    from jiefen.inspection.services import complaint_receive_from_case

    with time_machine.travel(at(2026, 9, 21, 9), tick=False):
        inspection = complaint_receive_from_case(case=wage_case, actor=inspector)
        inspection_open(inspection=inspection, actor=inspector)
    with time_machine.travel(at(2026, 9, 24, 15), tick=False):
        inspection_suspend(inspection=inspection, actor=inspector, reason="用人单位负责人失联")

    notice = inspection.notices.get()
    clock = Clock.objects.get(case=wage_case, kind=NOTICE_3)
    # Thu 24 Sep: Fri 25 (中秋) and the weekend are off, so Mon 28, Tue 29, Wed 30 Sep.
    assert local_day(clock.due_at) == dt.date(2026, 9, 30)
    assert notice.due_at == clock.due_at
    assert Clock.objects.get(case=wage_case, kind=INVESTIGATE_60).paused_at is not None


def test_notice_sent_on_its_last_day_meets_its_clock_and_goes_by_sms(
    opened, inspector, django_capture_on_commit_callbacks
):
    from jiefen.core.senders import ConsoleSender

    with time_machine.travel(at(2026, 10, 12), tick=False):
        inspection_suspend(inspection=opened, actor=inspector, reason="等待司法鉴定")
    notice = opened.notices.get()
    ConsoleSender.sent.clear()
    with (
        time_machine.travel(at(2026, 10, 15, 17), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complainant_notice_send(notice=notice, actor=inspector, text="因等待鉴定，调查中止。")

    clock = Clock.objects.get(case=opened.case, kind=NOTICE_3)
    assert clock.met_at <= clock.due_at
    assert ConsoleSender.sent[-1].to == "13905710000"
    assert "调查中止" in ConsoleSender.sent[-1].body
    assert opened.case.events.filter(summary__startswith="书面告知投诉人：中止调查").exists()


def test_a_second_suspension_starts_its_own_notice_clock(opened, inspector):
    inspection_suspend(inspection=opened, actor=inspector, reason="一")
    inspection_resume(inspection=opened, actor=inspector)
    inspection_suspend(inspection=opened, actor=inspector, reason="二")

    notices = Clock.objects.filter(case=opened.case, kind=NOTICE_3)
    assert sorted(notices.values_list("seq", flat=True)) == [1, 2]


def test_resume_moves_the_investigation_due_by_the_working_days_it_stood_still(
    wage_case, inspector
):
    from jiefen.inspection.services import complaint_receive_from_case

    with time_machine.travel(at(2026, 6, 1), tick=False):
        inspection = complaint_receive_from_case(case=wage_case, actor=inspector)
        inspection_open(inspection=inspection, actor=inspector)
    with time_machine.travel(at(2026, 6, 15), tick=False):
        inspection_suspend(inspection=inspection, actor=inspector, reason="鉴定")
    with time_machine.travel(at(2026, 6, 25), tick=False):
        inspection_resume(inspection=inspection, actor=inspector, note="鉴定完成")

    clock = Clock.objects.get(case=wage_case, kind=INVESTIGATE_60)
    # Stood still 16-25 June: 7 working days (19 June, 端午, is off); 25 Aug + 7 = 3 Sep.
    assert local_day(clock.due_at) == dt.date(2026, 9, 3)
    assert timezone.localtime(clock.due_at).time() == dt.time(23, 59, 59)
    assert clock.paused_at is None
    assert wage_case.events.filter(summary="恢复调查，调查期限顺延7个工作日至2026-09-03").exists()
