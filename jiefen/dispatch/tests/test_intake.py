"""The 110 platform's signed intake: signatures, freshness, replays, idempotency, field errors."""

import datetime as dt
import json
import time

import pytest
import time_machine
from django.utils import timezone

from jiefen.accounts.models import Notification
from jiefen.core.models import WebhookReceipt
from jiefen.core.webhooks import sign
from jiefen.dispatch.choices import EventKind, OrderStatus, UnitKind
from jiefen.dispatch.models import DispatchOrder, Incident
from jiefen.dispatch.tests.conftest import payload

pytestmark = pytest.mark.django_db


def test_a_well_signed_incident_is_created_and_both_units_are_dispatched(
    post_signed, police, inspector
):
    response = post_signed(payload())

    assert response.status_code == 201, response.content
    incident = Incident.objects.get(incident_no="330106202611260001")
    assert incident.sender == "police110"
    assert incident.caller_phone_masked == "139****2345"
    assert response.json()["id"] == incident.pk
    orders = {o.unit_kind: o for o in incident.orders.all()}
    assert orders[UnitKind.POLICE].department.kind == "police_office"
    assert orders[UnitKind.POLICE].department.street.code == "330106010"
    assert orders[UnitKind.POLICE].assignee == police
    assert orders[UnitKind.INSPECTION].assignee == inspector
    assert {o.status for o in orders.values()} == {OrderStatus.DISPATCHED}
    assert Notification.objects.filter(user=police, message__contains="15分钟").exists()
    assert Notification.objects.filter(user=inspector, message__contains="20分钟").exists()
    assert list(incident.events.values_list("kind", flat=True)) == [
        EventKind.RECEIVED,
        EventKind.DISPATCHED,
        EventKind.DISPATCHED,
    ]


def test_a_wrong_signature_is_refused_with_401_and_nothing_is_stored(post_signed):
    response = post_signed(payload(), secret="not-the-secret")

    assert response.status_code == 401
    assert response.json()["detail"] == "签名不符。"
    assert not Incident.objects.exists()


def test_a_body_changed_after_signing_is_refused(client):
    body = json.dumps(payload()).encode()
    ts = int(time.time())
    tampered = body.replace(b'"people_involved": 12', b'"people_involved": 2')
    response = client.post(
        "/api/v1/dispatch/incidents/",
        data=tampered,
        content_type="application/json",
        headers={
            "X-Jiefen-Sender": "police110",
            "X-Jiefen-Timestamp": str(ts),
            "X-Jiefen-Signature": sign(secret="test-secret-110", timestamp=ts, body=body),
        },
    )

    assert response.status_code == 401
    assert not Incident.objects.exists()


def test_an_unknown_sender_is_refused(post_signed):
    response = post_signed(payload(), sender="someone-else")

    assert response.status_code == 401
    assert response.json()["detail"] == "未知的发送方。"


def test_missing_signature_headers_are_refused(client):
    response = client.post(
        "/api/v1/dispatch/incidents/", data=payload(), content_type="application/json"
    )

    assert response.status_code == 401
    assert response.json()["detail"] == "缺少签名请求头。"


def test_a_timestamp_older_than_five_minutes_is_refused(post_signed):
    response = post_signed(payload(), timestamp=int(time.time()) - 301)

    assert response.status_code == 401
    assert response.json()["detail"] == "请求已过期或时间戳超前。"
    assert not Incident.objects.exists()


def test_a_timestamp_more_than_five_minutes_ahead_is_refused(post_signed):
    response = post_signed(payload(), timestamp=int(time.time()) + 301)

    assert response.status_code == 401


def test_a_timestamp_four_minutes_old_is_accepted(post_signed, police, inspector):
    response = post_signed(payload(), timestamp=int(time.time()) - 240)

    assert response.status_code == 201


def test_a_replayed_request_is_refused_even_for_a_known_incident(post_signed, police, inspector):
    ts = int(time.time())
    first = post_signed(payload(), timestamp=ts)
    replay = post_signed(payload(), timestamp=ts)

    assert first.status_code == 201
    assert replay.status_code == 401
    assert replay.json()["detail"] == "重复的请求（重放）。"
    assert WebhookReceipt.objects.count() == 1


def test_the_same_incident_sent_again_returns_the_existing_one_with_200(
    post_signed, police, inspector
):
    first = post_signed(payload(), timestamp=int(time.time()) - 1)
    again = post_signed(payload())  # a retry: re-signed with a new timestamp

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Incident.objects.count() == 1
    assert DispatchOrder.objects.count() == 2


def test_an_incident_number_reused_for_another_incident_is_a_conflict(
    post_signed, police, inspector
):
    post_signed(payload(), timestamp=int(time.time()) - 1)
    response = post_signed(payload(address="另一个地址"))

    assert response.status_code == 409
    assert response.json()["code"] == "incident_no_reused"
    assert Incident.objects.get().address.endswith("项目工地")


def test_a_malformed_body_gets_400_with_each_fields_error(post_signed):
    response = post_signed(payload(people_involved=0, category="brawl", village_code="12"))

    assert response.status_code == 400
    assert set(response.json()) == {"people_involved", "category", "village_code"}
    assert not Incident.objects.exists()


def test_a_body_that_is_not_json_gets_400(post_signed):
    response = post_signed(b"{not json")

    assert response.status_code == 400


def test_an_invalid_caller_phone_gets_400_on_that_field(post_signed):
    response = post_signed(payload(caller_phone="12345"))

    assert response.status_code == 400
    assert list(response.json()) == ["caller_phone"]


def test_an_unknown_village_code_gets_400(post_signed):
    response = post_signed(payload(village_code="330106999999"))

    assert response.status_code == 400
    assert response.json()["village_code"] == ["未知的村/社区代码"]


def test_an_incident_without_a_village_waits_for_staff_to_place_it(
    post_signed, police, inspector, leader
):
    from jiefen.dispatch.services import incident_set_village
    from jiefen.geo.models import Village

    response = post_signed(payload(village_code=""))
    incident = Incident.objects.get()
    assert response.status_code == 201
    assert not incident.orders.exists()

    incident_set_village(
        incident=incident, village=Village.objects.get(code="330106010002"), actor=leader
    )

    assert incident.orders.count() == 2


def test_seen_signatures_are_pruned_after_ten_minutes(post_signed, police, inspector):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        post_signed(payload())
        traveller.shift(dt.timedelta(minutes=11))
        post_signed(payload(incident_no="2"))

    assert WebhookReceipt.objects.count() == 1


def test_the_worked_example_of_the_integration_contract_holds():
    """docs/integrations/110.md shows this body, timestamp and signature."""
    body = json.dumps(payload(), ensure_ascii=False, separators=(",", ":")).encode()

    assert len(body) == 380
    assert (
        sign(secret="example-secret-do-not-use", timestamp=1795658400, body=body)
        == "sha256=64050410995e9e717db74533be2add39c4e3061c3cfab942d9496a7e6027921d"
    )


def test_without_a_grid_inspector_the_squads_inspectors_are_told(make_staff, police):
    from conftest import ZHUANTANG
    from jiefen.accounts.choices import DepartmentKind, Role, ScopeLevel
    from jiefen.dispatch.services import incident_receive

    squad = [
        make_staff(
            Role.LABOR_INSPECTOR,
            scope_level=ScopeLevel.STREET,
            scope_code=ZHUANTANG,
            department_kind=DepartmentKind.LABOR_INSPECTION_SQUAD,
        )
        for _ in range(2)
    ]
    incident, _created = incident_receive(**{**payload(), "received_at": timezone.now()})

    order = incident.orders.get(unit_kind=UnitKind.INSPECTION)
    assert order.assignee == squad[0]
    assert Notification.objects.filter(user__in=squad, message__contains="20分钟").count() == 2


def test_verify_signed_request_returns_the_sender_for_a_plain_django_view(rf):
    from jiefen.core.webhooks import signed_headers, verify_signed_request

    body = b'{"any": "thing"}'
    headers = signed_headers(sender="zj-province", secret="test-secret-prov", body=body)
    request = rf.post("/x", data=body, content_type="application/json", headers=headers)

    assert verify_signed_request(request) == "zj-province"
