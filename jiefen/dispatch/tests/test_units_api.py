"""The units' token API: acknowledge, depart, arrive, report, reassign, cancel."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from jiefen.dispatch.choices import OrderStatus, UnitKind

pytestmark = pytest.mark.django_db


def url(order, action):
    return f"/api/v1/dispatch/orders/{order.pk}/{action}/"


@pytest.fixture
def police_order(make_incident):
    # Dispatched five minutes ago.
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=5), tick=False):
        return make_incident().orders.get(unit_kind=UnitKind.POLICE)


def test_a_unit_acknowledges_departs_arrives_and_reports_through_the_api(
    api_as, police, police_order
):
    api = api_as(police)
    arrived = (timezone.now() - dt.timedelta(seconds=30)).isoformat()

    two_min_ago = (timezone.now() - dt.timedelta(minutes=2)).isoformat()
    ack = api.post(url(police_order, "acknowledge"), {"at": two_min_ago}, format="json")
    assert ack.status_code == 200
    depart = api.post(url(police_order, "depart"), {"at": two_min_ago}, format="json")
    assert depart.status_code == 200
    response = api.post(url(police_order, "arrive"), {"arrived_at": arrived}, format="json")
    assert response.status_code == 200
    assert response.json()["arrival_state"] == "arrived_on_time"
    response = api.post(url(police_order, "report"), {"report": "现场平稳"}, format="json")

    assert response.status_code == 200
    police_order.refresh_from_db()
    assert police_order.status == OrderStatus.REPORTED
    assert police_order.report == "现场平稳"
    assert police_order.acknowledged_at <= police_order.departed_at


def test_the_api_needs_a_token(api_client, police_order):
    response = api_client.post(url(police_order, "arrive"), {}, format="json")

    assert response.status_code == 401


def test_an_order_outside_the_users_streets_is_not_found(api_as, clerk_elsewhere, police_order):
    response = api_as(clerk_elsewhere).post(url(police_order, "acknowledge"), {}, format="json")

    assert response.status_code == 404


def test_an_illegal_move_through_the_api_answers_409(api_as, police, police_order):
    response = api_as(police).post(url(police_order, "report"), {"report": "x"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


def test_an_arrival_time_too_long_ago_answers_400_on_that_field(api_as, police, police_order):
    long_ago = (timezone.now() - dt.timedelta(hours=3)).isoformat()

    response = api_as(police).post(
        url(police_order, "arrive"), {"arrived_at": long_ago}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["arrived_at"]


def test_cancel_through_the_api_needs_a_reason(api_as, police, police_order):
    response = api_as(police).post(url(police_order, "cancel"), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]


def test_figures_api_answers_both_figures(api_as, leader):
    response = api_as(leader).get("/api/v1/dispatch/figures/arrivals/")

    assert response.status_code == 200
    assert set(response.json()) == {"within_limit", "distribution"}


def test_someone_neither_of_the_unit_nor_a_dispatcher_may_not_record_an_arrival(
    api_as, make_staff, police_order
):
    from conftest import ZHUANTANG
    from jiefen.accounts.choices import Role, ScopeLevel

    mediator = make_staff(Role.MEDIATOR, scope_level=ScopeLevel.STREET, scope_code=ZHUANTANG)

    response = api_as(mediator).post(url(police_order, "arrive"), {}, format="json")

    assert response.status_code == 403
    police_order.refresh_from_db()
    assert police_order.arrived_at is None


def test_an_inspector_may_not_record_the_polices_arrival(api_as, inspector, police_order):
    response = api_as(inspector).post(url(police_order, "arrive"), {}, format="json")

    assert response.status_code == 403
