import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.choices import ClockState
from jiefen.cases.clocks import MEDIATION_15, RESOLVE_7, clock_state
from jiefen.cases.models import Clock
from jiefen.cases.services import case_act
from jiefen.cases.services.sweep import clock_sweep
from jiefen.cases.tests.factories import make_case
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CST)


@pytest.fixture
def accepted_before_national_day(leader):
    """Received Tue 22 Sep 2026, accepted Tue 29 Sep, on the eve of the National Day week."""
    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        case = make_case(actor=leader, status=S.REGISTERED, received_at=at(2026, 9, 22, 9, 30))
        case_act(case=case, action="accept", actor=leader)
    return case


def test_seven_working_days_skip_the_national_day_week_and_count_its_saturday(
    accepted_before_national_day,
):
    # 30 Sep, then 8, 9, 10 (Sat, worked), 12, 13, 14 Oct.
    clock = accepted_before_national_day.clocks.get(kind=RESOLVE_7)
    assert timezone.localtime(clock.due_at) == at(2026, 10, 14, 23, 59, 59)


def test_fifteen_day_mediation_period_ending_in_the_holiday_rolls_to_8_october(
    accepted_before_national_day,
):
    # 22 Sep + 15 days = 7 Oct, a holiday: the period ends on the next working day.
    clock = accepted_before_national_day.clocks.get(kind=MEDIATION_15)
    assert timezone.localtime(clock.due_at) == at(2026, 10, 8, 23, 59, 59)


def test_clock_is_on_time_well_before_its_due_date(accepted_before_national_day):
    clock = accepted_before_national_day.clocks.get(kind=RESOLVE_7)
    assert clock_state(clock, now=at(2026, 10, 9, 12)) == ClockState.ON_TIME


def test_clock_is_due_soon_on_the_working_day_before(accepted_before_national_day):
    clock = accepted_before_national_day.clocks.get(kind=RESOLVE_7)
    assert clock_state(clock, now=at(2026, 10, 13, 9)) == ClockState.DUE_SOON


def test_clock_is_overdue_after_its_due_moment(accepted_before_national_day):
    clock = accepted_before_national_day.clocks.get(kind=RESOLVE_7)
    assert clock_state(clock, now=at(2026, 10, 15, 0, 0, 1)) == ClockState.OVERDUE


def test_resolving_the_case_meets_its_clocks(accepted_before_national_day, leader):
    case = accepted_before_national_day
    case_act(case=case, action="start_handling", actor=leader)
    case_act(case=case, action="resolve", actor=leader, note="达成协议，当场支付")
    assert all(clock_state(c) == ClockState.MET for c in case.clocks.all())


@pytest.fixture
def assigned(make_staff):
    village = Village.objects.get(code="330106010002")
    mediator = make_staff(Role.MEDIATOR, scope_level=ScopeLevel.VILLAGE, scope_code=village.code)
    village.mediators.add(mediator)
    return mediator


def test_sweep_flags_each_overdue_clock_once_and_notifies_assignee_and_leader(
    leader, assigned, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        case = make_case(actor=leader, status=S.ACCEPTED, received_at=at(2026, 9, 22, 9))
    with time_machine.travel(at(2026, 10, 20, 8), tick=False):
        assert clock_sweep() == 2
        assert clock_sweep() == 0
    assert Clock.objects.filter(case=case, overdue_notified_at__isnull=False).count() == 2
    assert case.events.filter(kind="clock", summary__startswith="已超期").count() == 2
    assert assigned.notifications.filter(message__contains="已超期").count() == 2
    assert leader.notifications.filter(message__contains="已超期").count() == 2


def test_sweep_leaves_clocks_that_are_not_yet_due(leader, assigned):
    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        make_case(actor=leader, status=S.ACCEPTED, received_at=at(2026, 9, 22, 9))
    with time_machine.travel(at(2026, 10, 8, 12), tick=False):
        assert clock_sweep() == 0


def test_sweep_command_runs_as_a_background_task(leader, assigned):
    from jiefen.cases.tasks import clock_sweep_task

    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        make_case(actor=leader, status=S.ACCEPTED, received_at=at(2026, 9, 22, 9))
    with time_machine.travel(at(2026, 10, 20, 8), tick=False):
        result = clock_sweep_task.enqueue()
    assert result.return_value == 2


def test_due_soon_warns_assignee_and_leader_once_when_a_clock_enters_its_last_working_day(
    leader, assigned
):
    from jiefen.cases.services.sweep import clock_due_soon_sweep

    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        make_case(actor=leader, status=S.ACCEPTED, received_at=at(2026, 9, 22, 9))
    # The 7-working-day clock is due Wed 14 Oct; its rule warns in the last working day, so
    # from Tue 13 Oct (the mediation period, due 8 Oct, is overdue by then, not due soon).
    with time_machine.travel(at(2026, 10, 12, 9), tick=False):
        assert clock_due_soon_sweep() == 0
    with time_machine.travel(at(2026, 10, 13, 9), tick=False):
        assert clock_due_soon_sweep() == 1
        assert clock_due_soon_sweep() == 0
    for user in (assigned, leader):
        warned = user.notifications.get(message__contains="将于")
        assert "“7个工作日内化解”将于2026-10-14 23:59到期" in warned.message


def test_intake_clocks_run_from_reception_and_stop_at_registration_and_acceptance(leader):
    # Received Fri 13 Feb 2026: registration is due the next working day, Sat 14 Feb (调休);
    # the decision 5 working days on: 14 Feb, (15–23 off), 24, 25, 26, 27 Feb.
    with time_machine.travel(at(2026, 2, 13, 16), tick=False):
        case = make_case(actor=leader, status=S.RECEIVED, received_at=at(2026, 2, 13, 15))
    register = case.clocks.get(kind="intake_register")
    decide = case.clocks.get(kind="intake_decide")
    assert timezone.localtime(register.due_at).date() == dt.date(2026, 2, 14)
    assert timezone.localtime(decide.due_at).date() == dt.date(2026, 2, 27)

    with time_machine.travel(at(2026, 2, 24, 9), tick=False):
        case = case_act(case=case, action="register", actor=leader)
    register.refresh_from_db()
    assert clock_state(register) == ClockState.MET
    assert register.met_at > register.due_at  # registered late: after the holiday
    with time_machine.travel(at(2026, 2, 25, 9), tick=False):
        case_act(case=case, action="accept", actor=leader)
    decide.refresh_from_db()
    assert decide.met_at <= decide.due_at
