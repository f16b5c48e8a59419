"""The inspection's and the rectification order's whole tables: every legal move lands where the
table says, bumps the version and writes one timeline entry; every other pair is refused and
changes nothing. And a stale copy is refused, naming who changed what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jiefen.cases.models import CaseEvent
from jiefen.core.lifecycle import MoveNotAllowed
from jiefen.core.policy import Forbidden
from jiefen.core.testing import lifecycle_pairs
from jiefen.inspection.choices import TRACK, InspectionStatus, OrderStatus
from jiefen.inspection.models import Inspection, RectificationOrder
from jiefen.inspection.services import inspection_decline, inspection_open, inspection_suspend
from jiefen.inspection.tests.conftest import at
from jiefen.inspection.transitions import (
    INSPECTION_LIFECYCLE,
    ORDER_LIFECYCLE,
    InspectionChangedMeanwhile,
    inspection_actions,
)

pytestmark = pytest.mark.django_db

LEGAL, ILLEGAL = lifecycle_pairs(INSPECTION_LIFECYCLE)
ORDER_LEGAL, ORDER_ILLEGAL = lifecycle_pairs(ORDER_LIFECYCLE)


def _inspection_in(received: Inspection, status: str) -> Inspection:
    Inspection.objects.filter(pk=received.pk).update(status=status)
    return Inspection.objects.get(pk=received.pk)


def _track_entries(inspection: Inspection) -> int:
    return CaseEvent.objects.filter(track=TRACK, data__inspection=inspection.pk).count()


@pytest.fixture
def an_order(received, inspector) -> RectificationOrder:
    return RectificationOrder.objects.create(
        inspection=received,
        doc_number="西人社监责〔2026〕99号",
        issued_on=dt.date(2026, 10, 12),
        deadline=dt.date(2026, 10, 22),
        items="支付拖欠工资",
        amount_owed=Decimal("1000.00"),
        issued_by=inspector,
    )


@pytest.mark.parametrize(("status", "action"), LEGAL)
def test_a_legal_inspection_move_lands_where_the_table_says(received, leader, status, action):
    inspection = _inspection_in(received, status)
    entries = _track_entries(inspection)

    INSPECTION_LIFECYCLE.move(inspection, action=action, actor=leader, note="理由")

    stored = Inspection.objects.get(pk=inspection.pk)
    assert stored.status == INSPECTION_LIFECYCLE.transitions[action].target_from(status)
    assert stored.version == 2
    assert _track_entries(inspection) == entries + 1


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_an_illegal_inspection_move_is_refused_and_changes_nothing(
    received, leader, status, action
):
    inspection = _inspection_in(received, status)
    entries = _track_entries(inspection)

    with pytest.raises(MoveNotAllowed) as refused:
        INSPECTION_LIFECYCLE.move(inspection, action=action, actor=leader, note="理由")

    assert refused.value.status_code == 409
    stored = Inspection.objects.get(pk=inspection.pk)
    assert (stored.status, stored.version) == (status, 1)
    assert _track_entries(inspection) == entries


@pytest.mark.parametrize(("status", "action"), ORDER_LEGAL)
def test_a_legal_order_move_lands_where_the_table_says(an_order, leader, status, action):
    RectificationOrder.objects.filter(pk=an_order.pk).update(status=status)
    order = RectificationOrder.objects.get(pk=an_order.pk)
    entries = _track_entries(order.inspection)

    ORDER_LIFECYCLE.move(order, action=action, actor=leader, note="理由")

    stored = RectificationOrder.objects.get(pk=order.pk)
    assert stored.status == ORDER_LIFECYCLE.transitions[action].target_from(status)
    assert stored.version == 2
    assert _track_entries(order.inspection) == entries + 1


@pytest.mark.parametrize(("status", "action"), ORDER_ILLEGAL)
def test_an_illegal_order_move_is_refused_and_changes_nothing(an_order, leader, status, action):
    RectificationOrder.objects.filter(pk=an_order.pk).update(status=status)
    order = RectificationOrder.objects.get(pk=an_order.pk)

    with pytest.raises(MoveNotAllowed):
        ORDER_LIFECYCLE.move(order, action=action, actor=leader, note="理由")

    stored = RectificationOrder.objects.get(pk=order.pk)
    assert (stored.status, stored.version) == (status, 1)


def test_a_mediator_is_offered_nothing_on_an_inspection_and_refused_a_move(received, make_staff):
    from jiefen.accounts.choices import Role

    mediator = make_staff(Role.MEDIATOR)

    assert inspection_actions(received, mediator) == frozenset()
    with pytest.raises(Forbidden):
        INSPECTION_LIFECYCLE.move(received, action="open", actor=mediator)
    assert Inspection.objects.get(pk=received.pk).status == InspectionStatus.RECEIVED


def test_an_inspector_of_another_street_is_offered_nothing(received, inspector_elsewhere):
    assert inspection_actions(received, inspector_elsewhere) == frozenset()


def test_the_extension_is_offered_once(opened, inspector):
    assert "extend" in inspection_actions(opened, inspector)
    Inspection.objects.filter(pk=opened.pk).update(extended_workdays=30)
    opened.refresh_from_db()

    assert "extend" not in inspection_actions(opened, inspector)


def test_a_second_inspector_acting_on_a_stale_copy_is_told_who_changed_what(
    received, inspector, inspector2
):
    stale = Inspection.objects.get(pk=received.pk)
    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        inspection_open(inspection=received, actor=inspector)

        with pytest.raises(InspectionChangedMeanwhile, match="钱监察.*立案调查"):
            inspection_decline(inspection=stale, actor=inspector2, reason="不属于监察范围")

    assert Inspection.objects.get(pk=received.pk).status == InspectionStatus.OPENED


def test_an_action_against_the_version_the_page_showed_is_refused_once_it_moved(
    opened, inspector, inspector2
):
    shown = opened.version
    with time_machine.travel(at(2026, 10, 9), tick=False):
        inspection_suspend(inspection=opened, actor=inspector, reason="等待司法鉴定")
        fresh = Inspection.objects.get(pk=opened.pk)

        with pytest.raises(InspectionChangedMeanwhile, match="钱监察.*中止调查"):
            inspection_suspend(inspection=fresh, actor=inspector2, reason="重复提交", version=shown)

    assert Inspection.objects.get(pk=opened.pk).version == shown + 1


def test_the_api_refuses_a_stale_version_with_409(api_as, received, inspector):
    response = api_as(inspector).post(
        f"/api/v1/inspection/inspections/{received.pk}/decline/",
        {"reason": "不属于监察范围", "version": received.version - 1},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert Inspection.objects.get(pk=received.pk).status == InspectionStatus.RECEIVED


def test_the_detail_api_tells_the_reader_the_version_and_what_they_may_do(
    api_as, received, inspector
):
    body = api_as(inspector).get(f"/api/v1/inspection/inspections/{received.pk}/").json()

    assert body["version"] == received.version
    assert body["actions"] == ["decline", "open"]


def test_a_followed_up_order_is_not_followed_up_again(an_order, inspector):
    from jiefen.inspection.services import rectification_order_follow_up

    Inspection.objects.filter(pk=an_order.inspection_id).update(status=InspectionStatus.OPENED)
    with time_machine.travel(at(2026, 10, 20), tick=False):
        rectification_order_follow_up(order=an_order, actor=inspector, complied=True)
        stale = RectificationOrder.objects.get(pk=an_order.pk)
        stale.status = OrderStatus.OPEN  # what a second page still shows

        with pytest.raises(InspectionChangedMeanwhile, match="钱监察.*复查"):
            rectification_order_follow_up(order=stale, actor=inspector, complied=True)
