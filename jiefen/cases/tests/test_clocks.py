import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.cases.choices import CaseStatus as S
from jiefen.cases.choices import ClockState
from jiefen.cases.clockrules import ClockKind
from jiefen.cases.clocks import (
    MEDIATION_15,
    RESOLVE_7,
    RUNNING_CLOCK_STATES,
    clock_start,
    clock_state,
    clock_state_q,
)
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


# A 110 arrival clock counts minutes: due soon in its rule's last 3 minutes, not its last days.


def test_an_arrival_clock_ten_minutes_from_its_due_moment_is_on_time(leader):
    case = make_case(actor=leader, status=S.REGISTERED)
    clock = clock_start(case=case, kind=ClockKind.ARRIVAL_POLICE_15, started_at=at(2026, 10, 9, 10))

    assert clock_state(clock, now=at(2026, 10, 9, 10, 5)) == ClockState.ON_TIME


def test_an_arrival_clock_two_minutes_from_its_due_moment_is_due_soon(leader):
    case = make_case(actor=leader, status=S.REGISTERED)
    clock = clock_start(
        case=case, kind=ClockKind.ARRIVAL_INSPECTION_20, started_at=at(2026, 10, 9, 10)
    )

    assert clock_state(clock, now=at(2026, 10, 9, 10, 18)) == ClockState.DUE_SOON


def test_the_database_filter_puts_arrival_clocks_in_the_state_each_clock_shows(leader):
    now = at(2026, 10, 9, 10, 5)
    clocks = {}
    # Due 10:15 (ten minutes left), 10:08 (three, the window's edge) and 10:07 (two).
    for name, started in (("far", (10, 0)), ("edge", (9, 53)), ("near", (9, 52))):
        case = make_case(actor=leader, status=S.REGISTERED)
        clocks[name] = clock_start(
            case=case, kind=ClockKind.ARRIVAL_POLICE_15, started_at=at(2026, 10, 9, *started)
        )
    arrival = Clock.objects.filter(kind=ClockKind.ARRIVAL_POLICE_15)

    filtered = {
        state: set(arrival.filter(clock_state_q(state, now=now)).values_list("pk", flat=True))
        for state in RUNNING_CLOCK_STATES
    }

    shown = {state: set() for state in RUNNING_CLOCK_STATES}
    for clock in clocks.values():
        shown[clock_state(clock, now=now)].add(clock.pk)
    assert filtered == shown
    assert filtered[ClockState.ON_TIME] == {clocks["far"].pk}


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


def _clock_states_on_the_page(client, case, now, *, reader) -> dict[str, str]:
    """Each clock's state as the case page shows it at `now` (its class `clock-<state>`)."""
    import re

    with time_machine.travel(now, tick=False):
        client.force_login(reader)
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'data-testid="clock-([a-z0-9_]+)".*?class="clock-([a-z_]+) ', html, re.S)
    return dict(rows)


@pytest.fixture(params=["shared", "own"])
def cache_kind(request, settings) -> str:
    """The calendar from the shared cache, or read with the case (each process's own cache)."""
    from django.core.cache import cache

    settings.JIEFEN_CACHE_SHARED = request.param == "shared"
    cache.clear()
    return request.param


def test_the_case_page_counts_due_soon_across_the_national_day_week(
    client, leader, accepted_before_national_day, cache_kind
):
    states = _clock_states_on_the_page(
        client, accepted_before_national_day, at(2026, 9, 30, 12), reader=leader
    )

    # 1 to 7 October are days off: 8 October, the mediation period's last day, is the next
    # working day after 30 September (counting Monday to Friday, it would still be on time).
    assert states[MEDIATION_15] == ClockState.DUE_SOON
    assert states[RESOLVE_7] == ClockState.ON_TIME


def test_the_case_page_counts_due_soon_into_next_years_new_year_holiday(client, leader, cache_kind):
    # Accepted Wed 23 Dec 2026: seven working days end Mon 4 Jan 2027 (1 January is a holiday).
    with time_machine.travel(at(2026, 12, 23, 10), tick=False):
        case = make_case(actor=leader, status=S.REGISTERED, received_at=at(2026, 12, 22, 9))
        case_act(case=case, action="accept", actor=leader)
    states = _clock_states_on_the_page(client, case, at(2026, 12, 31, 12), reader=leader)

    assert timezone.localtime(case.clocks.get(kind=RESOLVE_7).due_at).date() == dt.date(2027, 1, 4)
    assert states[RESOLVE_7] == ClockState.DUE_SOON


def test_the_days_read_for_the_clock_states_reach_every_due_soon_horizon(xihu):
    """The case page reads the calendar from today to `clock_state_days`' end with the case: the
    widest due-soon window of the catalogue, counted from any day of the published years
    (Spring Festival and National Day weeks included), ends within it."""
    from jiefen.cases.clockrules import CATALOGUE
    from jiefen.cases.clocks import clock_state_days
    from jiefen.workdays.services import WorkdayCalendar

    widest = max(rule.due_soon for rule in CATALOGUE.values())
    calendar = WorkdayCalendar()
    for n in range(2 * 365):
        now = at(2025, 1, 1, 12) + dt.timedelta(days=n)
        today, last = clock_state_days(now)
        assert today == now.date()
        assert calendar.workday_add(today, widest) <= last, now
