"""Arrival clocks in minutes from the first dispatch: on time, near the limit, late."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from jiefen.dispatch.choices import ArrivalState, EventKind, OrderStatus, UnitKind
from jiefen.dispatch.selectors import order_arrival_state
from jiefen.dispatch.services import (
    OrderActionNotAllowed,
    order_acknowledge,
    order_arrive,
    order_cancel,
    order_reassign,
    order_report,
)

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def orders(make_incident):
    with time_machine.travel(T0, tick=False):
        incident = make_incident()
    return {o.unit_kind: o for o in incident.orders.all()}


@pytest.mark.parametrize(
    ("unit_kind", "minutes", "state"),
    [
        (UnitKind.POLICE, 0, ArrivalState.ON_TIME),
        (UnitKind.POLICE, 11.9, ArrivalState.ON_TIME),
        (UnitKind.POLICE, 12, ArrivalState.NEAR),
        (UnitKind.POLICE, 15, ArrivalState.NEAR),
        (UnitKind.POLICE, 15.05, ArrivalState.LATE),
        (UnitKind.INSPECTION, 16.9, ArrivalState.ON_TIME),
        (UnitKind.INSPECTION, 17, ArrivalState.NEAR),
        (UnitKind.INSPECTION, 20, ArrivalState.NEAR),
        (UnitKind.INSPECTION, 20.05, ArrivalState.LATE),
    ],
)
def test_the_clock_state_follows_the_minutes_since_dispatch(orders, unit_kind, minutes, state):
    order = orders[unit_kind]

    with time_machine.travel(T0 + dt.timedelta(minutes=minutes), tick=False):
        assert order_arrival_state(order) == state


def test_police_arriving_at_fourteen_minutes_is_on_time(orders, police):
    order = orders[UnitKind.POLICE]
    with time_machine.travel(T0 + dt.timedelta(minutes=14), tick=False):
        order_arrive(order=order, actor=police)

    order.refresh_from_db()
    assert order.status == OrderStatus.ARRIVED
    assert (
        order_arrival_state(order, now=T0 + dt.timedelta(hours=1)) == ArrivalState.ARRIVED_ON_TIME
    )
    assert (
        order.events.get(kind=EventKind.ARRIVED).summary == "公安警务室到场，用时14.0分钟（按时）"
    )


def test_inspection_arriving_at_twenty_one_minutes_is_late(orders, inspector):
    order = orders[UnitKind.INSPECTION]
    with time_machine.travel(T0 + dt.timedelta(minutes=21), tick=False):
        order_arrive(order=order, actor=inspector)

    order.refresh_from_db()
    assert order_arrival_state(order) == ArrivalState.ARRIVED_LATE
    assert "超时" in order.events.get(kind=EventKind.ARRIVED).summary


def test_an_arrival_entered_after_the_fact_keeps_the_time_given(orders, police):
    order = orders[UnitKind.POLICE]
    with time_machine.travel(T0 + dt.timedelta(minutes=25), tick=False):
        order_arrive(order=order, actor=police, arrived_at=T0 + dt.timedelta(minutes=13))

    order.refresh_from_db()
    assert order.arrived_at == T0 + dt.timedelta(minutes=13)
    assert order_arrival_state(order) == ArrivalState.ARRIVED_ON_TIME


def test_an_arrival_time_in_the_future_is_refused(orders, police):
    order = orders[UnitKind.POLICE]
    with (
        time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False),
        pytest.raises(ValidationError) as e,
    ):
        order_arrive(order=order, actor=police, arrived_at=T0 + dt.timedelta(minutes=10))

    assert e.value.message_dict == {"arrived_at": ["时间不能晚于现在"]}


def test_an_arrival_before_the_dispatch_is_refused(orders, police):
    order = orders[UnitKind.POLICE]
    with (
        time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False),
        pytest.raises(ValidationError) as e,
    ):
        order_arrive(order=order, actor=police, arrived_at=T0 - dt.timedelta(minutes=1))

    assert e.value.message_dict == {"arrived_at": ["时间不能早于派单时间"]}


def test_a_reassignment_keeps_the_clock_of_the_first_dispatch(orders, police, make_staff):
    from conftest import ZHUANTANG
    from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel

    other = make_staff(
        Role.POLICE_LIAISON,
        scope_level=ScopeLevel.STREET,
        scope_code=ZHUANTANG,
        department_kind=DepartmentKind.POLICE_OFFICE,
    )
    order = orders[UnitKind.POLICE]
    with time_machine.travel(T0 + dt.timedelta(minutes=2), tick=False):
        order_acknowledge(order=order, actor=police)
    with time_machine.travel(T0 + dt.timedelta(minutes=10), tick=False):
        order_reassign(order=order, actor=police, assignee=other, reason="郑警官在处理另一警情")

    order.refresh_from_db()
    assert order.assignee == other
    assert order.status == OrderStatus.DISPATCHED
    assert order.dispatched_at == T0
    assert order.due_at == T0 + dt.timedelta(minutes=15)
    with time_machine.travel(T0 + dt.timedelta(minutes=13), tick=False):
        assert order_arrival_state(order) == ArrivalState.NEAR
    with time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False):
        assert order_arrival_state(order) == ArrivalState.LATE
    event = order.events.get(kind=EventKind.REASSIGNED)
    assert event.note == "郑警官在处理另一警情"


def test_a_reassignment_needs_a_reason(orders, police):
    with pytest.raises(ValidationError) as e:
        order_reassign(order=orders[UnitKind.POLICE], actor=police, assignee=police, reason=" ")

    assert e.value.message_dict == {"reason": ["请填写改派理由"]}


def test_a_reassignment_to_another_kind_of_unit_is_refused(orders, police, inspector):
    with pytest.raises(ValidationError) as e:
        order_reassign(order=orders[UnitKind.POLICE], actor=police, assignee=inspector, reason="x")

    assert e.value.message_dict == {"department": ["改派对象须为同类处置单位"]}


def test_a_cancelled_order_leaves_the_clock(orders, inspector):
    order = orders[UnitKind.INSPECTION]
    order_cancel(order=order, actor=inspector, reason="人员已散去")

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order_arrival_state(order, now=T0 + dt.timedelta(hours=1)) == ArrivalState.CANCELLED
    assert order.events.get(kind=EventKind.CANCELLED).note == "人员已散去"


def test_a_report_before_arrival_is_an_illegal_move(orders, police):
    with pytest.raises(OrderActionNotAllowed) as e:
        order_report(order=orders[UnitKind.POLICE], actor=police, report="到场")

    assert e.value.status_code == 409
    assert e.value.extra == {"action": "report", "status": "dispatched"}


def test_when_every_unit_has_reported_the_incident_ends(orders, police, inspector):
    now = T0 + dt.timedelta(minutes=10)
    for order, actor in (
        (orders[UnitKind.POLICE], police),
        (orders[UnitKind.INSPECTION], inspector),
    ):
        with time_machine.travel(now, tick=False):
            order_arrive(order=order, actor=actor)
            order_report(order=order, actor=actor, report="现场已平稳")

    incident = orders[UnitKind.POLICE].incident
    incident.refresh_from_db()
    assert incident.status == "closed"
    assert incident.events.filter(kind=EventKind.CLOSED).count() == 1
