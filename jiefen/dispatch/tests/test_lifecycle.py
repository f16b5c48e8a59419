"""The incident's and the dispatch order's whole tables: every legal move lands where the table
says, bumps the version and writes one log entry; every other pair is refused and changes nothing.
The detail page offers what the tables allow; a stale copy is refused, naming who changed what."""

from __future__ import annotations

import pytest

from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.policy import Forbidden
from jiefen.core.testing import lifecycle_pairs
from jiefen.dispatch.choices import IncidentStatus, OrderStatus, UnitKind
from jiefen.dispatch.models import DispatchEvent, DispatchOrder, Incident
from jiefen.dispatch.services import incident_close, order_acknowledge, order_depart
from jiefen.dispatch.transitions import (
    INCIDENT_LIFECYCLE,
    ORDER_LIFECYCLE,
    DispatchChangedMeanwhile,
    incident_actions,
    order_actions,
)

pytestmark = pytest.mark.django_db

LEGAL, ILLEGAL = lifecycle_pairs(INCIDENT_LIFECYCLE)
ORDER_LEGAL, ORDER_ILLEGAL = lifecycle_pairs(ORDER_LIFECYCLE)


def _incident_in(incident: Incident, status: str) -> Incident:
    Incident.objects.filter(pk=incident.pk).update(status=status)
    return Incident.objects.get(pk=incident.pk)


def _order_in(order: DispatchOrder, status: str) -> DispatchOrder:
    DispatchOrder.objects.filter(pk=order.pk).update(status=status)
    return DispatchOrder.objects.get(pk=order.pk)


def _mover(action: str, leader):
    # The incident ends by itself for no person; everything else is a dispatcher's.
    return None if action == "finish" else leader


@pytest.mark.parametrize(("status", "action"), LEGAL)
def test_a_legal_incident_move_lands_where_the_table_says(make_incident, leader, status, action):
    incident = _incident_in(make_incident(), status)
    entries = incident.events.count()

    INCIDENT_LIFECYCLE.move(incident, action=action, actor=_mover(action, leader), note="说明")

    stored = Incident.objects.get(pk=incident.pk)
    assert stored.status == INCIDENT_LIFECYCLE.transitions[action].target_from(status)
    assert stored.version == 2
    assert incident.events.count() == entries + 1


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_an_illegal_incident_move_is_refused_and_changes_nothing(
    make_incident, leader, status, action
):
    incident = _incident_in(make_incident(), status)
    entries = incident.events.count()

    with pytest.raises(MoveNotAllowed):
        INCIDENT_LIFECYCLE.move(incident, action=action, actor=_mover(action, leader), note="x")

    stored = Incident.objects.get(pk=incident.pk)
    assert (stored.status, stored.version) == (status, 1)
    assert incident.events.count() == entries


@pytest.mark.parametrize(("status", "action"), ORDER_LEGAL)
def test_a_legal_order_move_lands_where_the_table_says(make_incident, leader, status, action):
    order = _order_in(make_incident().orders.first(), status)
    entries = DispatchEvent.objects.filter(order=order).count()

    ORDER_LIFECYCLE.move(order, action=action, actor=leader, note="说明")

    stored = DispatchOrder.objects.get(pk=order.pk)
    assert stored.status == ORDER_LIFECYCLE.transitions[action].target_from(status)
    assert stored.version == 2
    assert DispatchEvent.objects.filter(order=order).count() == entries + 1


@pytest.mark.parametrize(("status", "action"), ORDER_ILLEGAL)
def test_an_illegal_order_move_is_refused_and_changes_nothing(
    make_incident, leader, status, action
):
    order = _order_in(make_incident().orders.first(), status)

    with pytest.raises(MoveNotAllowed):
        ORDER_LIFECYCLE.move(order, action=action, actor=leader, note="说明")

    stored = DispatchOrder.objects.get(pk=order.pk)
    assert (stored.status, stored.version) == (status, 1)


def test_a_police_liaison_is_offered_their_own_order_only(make_incident, police):
    incident = make_incident()
    orders = {o.unit_kind: o for o in incident.orders.all()}

    assert "acknowledge" in order_actions(orders[UnitKind.POLICE], police)
    assert order_actions(orders[UnitKind.INSPECTION], police) == frozenset()
    assert incident_actions(incident, police) == frozenset()


def test_a_police_liaison_may_not_end_an_incident_or_make_it_a_case(make_incident, police):
    from jiefen.dispatch.services import incident_case_create

    incident = make_incident()

    with pytest.raises(Forbidden):
        incident_close(incident=incident, actor=police)
    with pytest.raises(Forbidden):
        incident_case_create(incident=incident, actor=police)
    assert Incident.objects.get(pk=incident.pk).case_id is None


def test_the_dispatcher_is_offered_the_case_and_the_end_but_no_village_once_placed(
    make_incident, leader
):
    assert incident_actions(make_incident(), leader) == {"case_create", "close"}


def test_a_second_tap_on_a_stale_copy_is_refused_naming_who_moved_the_order(make_incident, police):
    order = make_incident().orders.get(unit_kind=UnitKind.POLICE)
    stale = DispatchOrder.objects.get(pk=order.pk)
    order_acknowledge(order=order, actor=police)

    with pytest.raises(DispatchChangedMeanwhile, match=f"{police.display_name}.*签收"):
        order_acknowledge(order=stale, actor=police)

    assert DispatchOrder.objects.get(pk=order.pk).version == 2


def test_an_action_against_the_version_the_page_showed_is_refused(make_incident, police):
    order = make_incident().orders.get(unit_kind=UnitKind.POLICE)
    shown = order.version
    order_acknowledge(order=order, actor=police)
    fresh = DispatchOrder.objects.get(pk=order.pk)

    with pytest.raises(DispatchChangedMeanwhile):
        order_depart(order=fresh, actor=police, version=shown)

    assert DispatchOrder.objects.get(pk=order.pk).status == OrderStatus.ACKNOWLEDGED


def test_ending_an_incident_someone_else_ended_meanwhile_names_them(make_incident, leader, clerk):
    incident = make_incident()
    stale = Incident.objects.get(pk=incident.pk)
    incident_close(incident=incident, actor=clerk, note="现场已平息")

    with pytest.raises(DispatchChangedMeanwhile, match=f"{clerk.display_name}.*警情处置结束"):
        incident_close(incident=stale, actor=leader)

    assert Incident.objects.get(pk=incident.pk).status == IncidentStatus.CLOSED


def test_the_unit_api_refuses_a_stale_version_with_409(api_as, make_incident, police):
    order = make_incident().orders.get(unit_kind=UnitKind.POLICE)

    response = api_as(police).post(
        f"/api/v1/dispatch/orders/{order.pk}/acknowledge/", {"version": 0}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale"


def test_the_detail_page_offers_no_action_the_table_refuses(client, police, make_incident):
    incident = make_incident()
    client.force_login(police)

    page = client.get(f"/dispatch/incidents/{incident.pk}/").content.decode()

    assert "/report/" not in page  # not yet arrived
    assert f"/dispatch/incidents/{incident.pk}/close/" not in page  # a dispatcher's
