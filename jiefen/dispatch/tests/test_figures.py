"""The figures for the reports: arrival within the limit per unit and month, and the spread."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiefen.dispatch.choices import UnitKind
from jiefen.dispatch.models import DispatchOrder
from jiefen.dispatch.selectors import (
    arrival_rates_summary,
    arrival_time_distribution,
    arrival_within_limit,
)
from jiefen.dispatch.services import order_arrive, order_cancel

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
APRIL = dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _incident_arriving(make_incident, actor, at, *, police_min, inspection_min=None):
    with time_machine.travel(at, tick=False):
        incident = make_incident(received_at=at)
    orders = {o.unit_kind: o for o in incident.orders.all()}
    with time_machine.travel(at + dt.timedelta(minutes=police_min), tick=False):
        order_arrive(order=orders[UnitKind.POLICE], actor=actor)
    if inspection_min is None:
        order_cancel(order=orders[UnitKind.INSPECTION], actor=actor, reason="无需到场")
    else:
        with time_machine.travel(at + dt.timedelta(minutes=inspection_min), tick=False):
            order_arrive(order=orders[UnitKind.INSPECTION], actor=actor)


def test_within_limit_counts_per_unit_and_month(make_incident, leader):
    _incident_arriving(make_incident, leader, MARCH, police_min=10, inspection_min=18)
    _incident_arriving(make_incident, leader, MARCH + dt.timedelta(days=1), police_min=16)
    _incident_arriving(make_incident, leader, APRIL, police_min=14.5, inspection_min=25)

    rows = arrival_within_limit()

    assert rows == [
        {"month": "2026-03", "unit_kind": "inspection", "within": 1, "total": 1, "rate": 1.0},
        {"month": "2026-03", "unit_kind": "police", "within": 1, "total": 2, "rate": 0.5},
        {"month": "2026-04", "unit_kind": "inspection", "within": 0, "total": 1, "rate": 0.0},
        {"month": "2026-04", "unit_kind": "police", "within": 1, "total": 1, "rate": 1.0},
    ]


def test_an_order_still_running_within_its_limit_is_not_counted_yet(make_incident):
    make_incident()

    assert arrival_within_limit() == []


def test_an_order_past_its_limit_without_arrival_counts_as_missed(make_incident):
    with time_machine.travel(MARCH, tick=False):
        make_incident(received_at=MARCH)

    rows = arrival_within_limit(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))

    assert [(r["unit_kind"], r["within"], r["total"]) for r in rows] == [
        ("inspection", 0, 1),
        ("police", 0, 1),
    ]


def test_the_distribution_puts_each_arrival_in_its_minute_bucket(make_incident, leader):
    _incident_arriving(make_incident, leader, MARCH, police_min=10.5, inspection_min=45)
    _incident_arriving(make_incident, leader, APRIL, police_min=10.2)

    spread = arrival_time_distribution()

    police_buckets = {b["from"]: b for b in spread["police"]}
    assert police_buckets[10]["count"] == 2
    assert police_buckets[10]["to"] == 11
    assert police_buckets[10]["within_limit"] is True
    assert police_buckets[15]["within_limit"] is False
    assert spread["inspection"][-1] == {"from": 40, "to": None, "count": 1, "within_limit": False}
    assert sum(b["count"] for b in spread["inspection"]) == 1


def _police_only(rows):
    return [(r["month"], r["within"], r["total"]) for r in rows if r["unit_kind"] == "police"]


def test_an_arrival_at_exactly_the_limit_is_within(make_incident, leader):
    _incident_arriving(make_incident, leader, MARCH, police_min=15)

    assert _police_only(arrival_within_limit()) == [("2026-03", 1, 1)]


def test_an_arrival_one_second_past_the_limit_is_not_within(make_incident, leader):
    _incident_arriving(make_incident, leader, MARCH, police_min=15 + 1 / 60)

    assert _police_only(arrival_within_limit()) == [("2026-03", 0, 1)]


def test_an_order_without_arrival_is_left_out_up_to_its_limit(make_incident):
    with time_machine.travel(MARCH, tick=False):
        make_incident(received_at=MARCH)

    with time_machine.travel(MARCH + dt.timedelta(minutes=15), tick=False):
        assert _police_only(arrival_within_limit()) == []


def test_an_order_without_arrival_counts_as_missed_once_its_limit_has_passed(make_incident):
    with time_machine.travel(MARCH, tick=False):
        make_incident(received_at=MARCH)

    with time_machine.travel(MARCH + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert _police_only(arrival_within_limit()) == [("2026-03", 0, 1)]


@pytest.mark.parametrize(
    ("local", "month"),
    [
        (dt.datetime(2026, 3, 31, 23, 59, tzinfo=SHANGHAI), "2026-03"),
        # Still 31 March in UTC: the month is the local one.
        (dt.datetime(2026, 4, 1, 0, 1, tzinfo=SHANGHAI), "2026-04"),
    ],
)
def test_an_order_counts_in_its_local_month(make_incident, leader, local, month):
    _incident_arriving(make_incident, leader, local, police_min=10)

    assert _police_only(arrival_within_limit()) == [(month, 1, 1)]


def test_an_arrival_at_exactly_fifteen_minutes_goes_in_the_bucket_from_15(make_incident, leader):
    _incident_arriving(make_incident, leader, MARCH, police_min=15)

    police = arrival_time_distribution()["police"]

    assert [(b["from"], b["count"]) for b in police[14:16]] == [(14, 0), (15, 1)]


def test_an_arrival_recorded_before_its_dispatch_goes_in_the_first_bucket(make_incident, leader):
    _incident_arriving(make_incident, leader, MARCH, police_min=5)
    DispatchOrder.objects.filter(unit_kind=UnitKind.POLICE).update(
        arrived_at=MARCH - dt.timedelta(seconds=30)
    )

    police = arrival_time_distribution()["police"]

    assert [b["count"] for b in police] == [1] + [0] * 40


@pytest.mark.parametrize(
    "figures",
    [
        arrival_within_limit,
        arrival_time_distribution,
        # The header's totals (over the last year, so dispatched recently).
        arrival_rates_summary,
    ],
)
def test_the_figures_take_as_many_queries_for_30_orders_as_for_4(make_incident, leader, figures):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            figures(user=leader)
        return len(ctx)

    start = timezone.now() - dt.timedelta(days=3)
    for n in range(2):
        _incident_arriving(make_incident, leader, start + dt.timedelta(hours=n), police_min=n + 8)
    few = queries()
    for n in range(2, 15):
        at = start + dt.timedelta(hours=n)
        _incident_arriving(make_incident, leader, at, police_min=n + 8, inspection_min=n + 5)

    assert queries() == few
