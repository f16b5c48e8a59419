"""110 arrival rates and the arrival-time distribution, from the dispatch app's records."""

from __future__ import annotations

import datetime as dt

import time_machine

from jiefen.dispatch.choices import UnitKind
from jiefen.dispatch.services import order_arrive, order_cancel
from jiefen.reports import selectors
from jiefen.reports.definitions import Ratio
from jiefen.reports.selectors import Period
from jiefen.reports.tests.conftest import at

OCT = Period.month(2026, 10)


def _incident(make_incident, actor, start, *, police_min, inspection_min=None):
    with time_machine.travel(start, tick=False):
        incident = make_incident(received_at=start)
    orders = {o.unit_kind: o for o in incident.orders.all()}
    with time_machine.travel(start + dt.timedelta(minutes=police_min), tick=False):
        order_arrive(order=orders[UnitKind.POLICE], actor=actor)
    if inspection_min is None:
        order_cancel(order=orders[UnitKind.INSPECTION], actor=actor, reason="无需到场")
    else:
        with time_machine.travel(start + dt.timedelta(minutes=inspection_min), tick=False):
            order_arrive(order=orders[UnitKind.INSPECTION], actor=actor)


def _three(make_incident, leader):
    # Police: 10 min (on time), 16 min (late); inspection: 18 min (on time), one cancelled.
    _incident(make_incident, leader, at(2026, 10, 1, 0, 5), police_min=10, inspection_min=18)
    _incident(make_incident, leader, at(2026, 10, 31, 23, 0), police_min=16)
    # In November: not October's.
    _incident(make_incident, leader, at(2026, 11, 1, 0, 5), police_min=30, inspection_min=40)


def test_arrival_rates_count_orders_dispatched_in_the_month_per_unit(make_incident, leader):
    _three(make_incident, leader)
    figures = selectors.summary(user=leader, period=OCT, now=at(2026, 11, 5))
    assert figures["police_arrival_within_15_min_rate"] == Ratio(1, 2)
    assert figures["inspection_arrival_within_20_min_rate"] == Ratio(1, 1)


def test_arrival_rates_follow_the_street_filter(make_incident, leader):
    _three(make_incident, leader)
    figures = selectors.summary(user=leader, period=OCT, street="330106109", now=at(2026, 11, 5))
    assert figures["police_arrival_within_15_min_rate"] == Ratio(0, 0)


def test_arrival_distribution_in_five_minute_bands(make_incident, leader):
    _three(make_incident, leader)
    hist = selectors.arrival_distribution(user=leader, period=OCT)
    assert hist["bands"][:5] == ["0-5", "5-10", "10-15", "15-20", "20-25"]
    assert hist["bands"][-1] == "40+"
    police, inspection = hist["series"]
    assert police["data"][2:4] == [1, 1]  # 10 and 16 minutes
    assert inspection["data"][3] == 1  # 18 minutes
    assert sum(police["data"]) == 2


def test_arrival_distribution_is_none_without_arrivals(leader, xihu):
    assert selectors.arrival_distribution(user=leader, period=OCT) is None


def test_api_gives_the_police_arrival_rate(make_incident, leader, api_as):
    _three(make_incident, leader)
    with time_machine.travel(at(2026, 11, 5), tick=False):
        body = api_as(leader).get("/api/v1/reports/summary/", {"period": "2026-10"}).json()
    assert body["police_arrival_within_15_min_rate"] == 0.5
    assert body["inspection_arrival_within_20_min_rate"] == 1.0
