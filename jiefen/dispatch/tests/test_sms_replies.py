"""The units' SMS replies: a dispatch SMS carries the order's reply code; a signed inbound SMS
signs for the order, reports arrival or calls for help through the order services, so the board
follows; a repeated delivery is harmless; wrong phones, unknown codes, late replies and bad
syntax are answered in plain words."""

from __future__ import annotations

import json
import time

import pytest
from django.utils import timezone

from jiefen.accounts.choices import Role
from jiefen.accounts.models import Notification
from jiefen.core import crypto
from jiefen.core.models import OutboundMessage
from jiefen.core.sms import AliyunSmsUp, ConsoleInbound, phone_normalize
from jiefen.core.webhooks import signed_headers
from jiefen.dispatch.choices import (
    OPEN_ORDER_STATUSES,
    ArrivalState,
    EventKind,
    OrderStatus,
    ReplyOutcome,
    UnitKind,
)
from jiefen.dispatch.models import DispatchOrder, SmsReply
from jiefen.dispatch.selectors import board
from jiefen.dispatch.services import order_cancel
from jiefen.dispatch.tests.conftest import payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/dispatch/sms/replies/"
SECRET = "test-secret-sms"
POLICE_PHONE = "13805710001"  # the police fixture's phone


@pytest.fixture
def reply(client):
    """POST one SMS reply to the webhook, signed as the SMS gateway."""
    counter = iter(range(1, 10_000))

    def post(text: str, *, phone: str = POLICE_PHONE, message_id: str | None = None, **kw):
        body = json.dumps(
            {"message_id": message_id or f"m{next(counter)}", "phone": phone, "text": text},
            ensure_ascii=False,
        ).encode()
        headers = signed_headers(
            sender=kw.pop("sender", "sms-gateway"),
            secret=kw.pop("secret", SECRET),
            body=body,
            timestamp=kw.pop("timestamp", None),
        )
        return client.post(URL, data=body, content_type="application/json", headers=headers)

    return post


def _answers_to(phone: str) -> list[str]:
    return [
        crypto.decrypt(m.body_cipher)
        for m in OutboundMessage.objects.order_by("id")
        if crypto.decrypt(m.to_cipher) == phone
    ]


def _police_order(incident) -> DispatchOrder:
    return incident.orders.get(unit_kind=UnitKind.POLICE)


def test_the_dispatch_sms_carries_the_orders_reply_code_and_how_to_answer(
    post_signed, police, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_signed(payload())

    order = DispatchOrder.objects.get(unit_kind=UnitKind.POLICE)
    assert len(order.reply_code) == 4
    assert order.reply_code.isdigit()
    sent = _answers_to(POLICE_PHONE)
    assert len(sent) == 1
    assert f"{order.reply_code} Y 签收" in sent[0]
    assert f"{order.reply_code} D 到场" in sent[0]
    assert f"{order.reply_code} H 求助" in sent[0]


def test_the_two_orders_of_an_incident_get_different_codes(make_incident):
    codes = set(make_incident().orders.values_list("reply_code", flat=True))

    assert len(codes) == 2


def test_no_two_open_orders_share_a_code_even_when_the_draw_repeats(make_incident, monkeypatch):
    draws = iter(["1111", "1111", "1111", "2222"])
    monkeypatch.setattr("jiefen.dispatch.services.common._reply_code_random", lambda: next(draws))

    incident = make_incident()

    assert sorted(incident.orders.values_list("reply_code", flat=True)) == ["1111", "2222"]


def test_a_dispatch_replied_by_sms_is_acknowledged_then_arrived_on_the_board(
    post_signed, reply, police, inspector, clerk
):
    post_signed(payload(received_at=timezone.now().isoformat()))
    order = DispatchOrder.objects.get(unit_kind=UnitKind.POLICE)
    code = order.reply_code

    first = reply(f"{code} Y")
    assert first.status_code == 200, first.content
    order.refresh_from_db()
    assert order.status == OrderStatus.ACKNOWLEDGED
    row = board(user=clerk)[0]
    assert {o.order.pk: o.order.status for o in row.orders}[order.pk] == OrderStatus.ACKNOWLEDGED

    second = reply(f"{code} d")
    assert second.json()["results"][0]["outcome"] == ReplyOutcome.ARRIVED
    order.refresh_from_db()
    assert order.status == OrderStatus.ARRIVED
    assert order.arrived_at is not None
    views = {o.order.pk: o for o in board(user=clerk)[0].orders}
    assert views[order.pk].state == ArrivalState.ARRIVED_ON_TIME
    events = list(order.events.values_list("kind", "actor"))
    assert events[-2:] == [(EventKind.ACKNOWLEDGED, police.pk), (EventKind.ARRIVED, police.pk)]
    assert "已记录到场" in _answers_to(POLICE_PHONE)[-1]


def test_the_board_page_shows_the_order_arrived_after_the_sms(
    post_signed, reply, police, inspector, clerk, client
):
    post_signed(payload(received_at=timezone.now().isoformat()))
    order = DispatchOrder.objects.get(unit_kind=UnitKind.POLICE)
    reply(f"{order.reply_code} D")

    client.force_login(clerk)
    page = client.get("/dispatch/board/rows/").content.decode()

    assert f'data-testid="order-{order.pk}"' in page
    assert 'data-state="arrived_on_time"' in page


def test_the_same_message_id_delivered_again_does_nothing_more(make_incident, reply, police):
    order = _police_order(make_incident())

    first_signed_at = int(time.time())
    reply(f"{order.reply_code} H 人多需增援", message_id="seq-77", timestamp=first_signed_at)
    # The gateway's retry, signed afresh (a different timestamp): past the replay guard, same id.
    again = reply(
        f"{order.reply_code} H 人多需增援", message_id="seq-77", timestamp=first_signed_at - 5
    )

    assert again.status_code == 200
    assert again.json()["results"][0]["repeated"] is True
    assert SmsReply.objects.count() == 1
    assert order.events.filter(kind=EventKind.HELP).count() == 1
    assert len(_answers_to(POLICE_PHONE)) == 1  # one answer


def test_a_bad_signature_is_refused_and_nothing_happens(make_incident, reply, police):
    order = _police_order(make_incident())

    response = reply(f"{order.reply_code} Y", secret="not-the-secret")

    assert response.status_code == 401
    assert response.json()["detail"] == "签名不符。"
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED
    assert not SmsReply.objects.exists()


def test_the_110_platforms_secret_does_not_open_the_sms_webhook(make_incident, reply, police):
    order = _police_order(make_incident())

    response = reply(f"{order.reply_code} Y", sender="police110", secret="test-secret-110")

    assert response.status_code == 403
    assert not SmsReply.objects.exists()


def test_a_code_from_a_phone_outside_the_unit_is_refused_with_an_answer(
    make_incident, reply, police
):
    order = _police_order(make_incident())

    response = reply(f"{order.reply_code} Y", phone="13900000000")

    assert response.json()["results"][0]["outcome"] == ReplyOutcome.WRONG_PHONE
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED
    assert "回复未生效" in _answers_to("13900000000")[0]


def test_the_other_units_member_cannot_answer_for_the_police(
    make_incident, reply, police, inspector
):
    inspector.phone = "13805719999"
    inspector.save(update_fields=["phone"])
    order = _police_order(make_incident())

    response = reply(f"{order.reply_code} D", phone="+86 138 0571 9999")

    assert response.json()["results"][0]["outcome"] == ReplyOutcome.WRONG_PHONE
    order.refresh_from_db()
    assert order.arrived_at is None


def test_an_unknown_code_is_answered_with_what_to_do(make_incident, reply, police):
    make_incident()
    codes = set(
        DispatchOrder.objects.filter(status__in=OPEN_ORDER_STATUSES).values_list(
            "reply_code", flat=True
        )
    )
    unused = next(f"{n:04d}" for n in range(10_000) if f"{n:04d}" not in codes)

    response = reply(f"{unused} Y")

    assert response.json()["results"][0]["outcome"] == ReplyOutcome.UNKNOWN_CODE
    assert "请核对派单短信中的4位派单码" in _answers_to(POLICE_PHONE)[-1]


def test_a_reply_after_the_order_ended_is_answered_as_late(make_incident, reply, police, leader):
    order = _police_order(make_incident())
    order_cancel(order=order, actor=leader, reason="人群已散")

    response = reply(f"{order.reply_code} D")

    assert response.json()["results"][0]["outcome"] == ReplyOutcome.CLOSED
    assert "已结束" in _answers_to(POLICE_PHONE)[-1]
    order.refresh_from_db()
    assert order.arrived_at is None


def test_a_code_is_not_drawn_again_the_same_day_even_after_its_order_ended(
    make_incident, monkeypatch, leader
):
    draws = iter(["1111", "2222", "1111", "3333", "4444"])
    monkeypatch.setattr("jiefen.dispatch.services.common._reply_code_random", lambda: next(draws))
    first = make_incident()
    order_cancel(order=_police_order(first), actor=leader, reason="人群已散")

    second = make_incident()

    assert sorted(second.orders.values_list("reply_code", flat=True)) == ["3333", "4444"]


def test_a_reply_without_a_code_is_answered_with_the_syntax(reply, police):
    response = reply("收到")

    assert response.json()["results"][0]["outcome"] == ReplyOutcome.BAD_SYNTAX
    assert "1234 Y 签收" in _answers_to(POLICE_PHONE)[-1]


def test_a_reply_the_orders_state_does_not_allow_is_answered_and_changes_nothing(
    make_incident, reply, police
):
    order = _police_order(make_incident())
    reply(f"{order.reply_code} D")

    response = reply(f"{order.reply_code} Y")

    assert response.json()["results"][0]["outcome"] == ReplyOutcome.REFUSED
    order.refresh_from_db()
    assert order.status == OrderStatus.ARRIVED
    assert _answers_to(POLICE_PHONE)[-1].startswith("回复未生效")


def test_a_call_for_help_tells_the_centre_and_marks_the_board(
    make_incident, reply, police, make_staff
):
    dispatcher = make_staff(Role.RECEPTION_CLERK)
    incident = make_incident()
    order = _police_order(incident)

    reply(f"{order.reply_code} H 现场有人持械")

    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED
    assert order.needs_help
    assert Notification.objects.filter(user=dispatcher, message__contains="现场有人持械").exists()
    row = next(r for r in board(user=dispatcher) if r.incident.pk == incident.pk)
    assert any(o.order.needs_help for o in row.orders)


def test_full_width_and_chinese_replies_are_understood(make_incident, reply, police):
    order = _police_order(make_incident())
    wide = "".join(chr(ord(c) + 0xFEE0) for c in order.reply_code)

    response = reply(f"{wide}　到场")

    assert response.json()["results"][0]["outcome"] == ReplyOutcome.ARRIVED


def test_aliyun_smsup_pushes_are_read_and_answered_as_aliyun_expects(
    make_incident, client, police, settings
):
    settings.JIEFEN_SMS_INBOUND_FORMAT = "jiefen.core.sms.AliyunSmsUp"
    order = _police_order(make_incident())
    body = json.dumps(
        [
            {
                "phone_number": POLICE_PHONE,
                "send_time": f"{timezone.localtime():%Y-%m-%d %H:%M:%S}",
                "content": f"{order.reply_code} Y",
                "sign_name": "西湖区解纷",
                "dest_code": "1234",
                "sequence_id": 1234567890,
            }
        ],
        ensure_ascii=False,
    ).encode()
    headers = signed_headers(sender="sms-gateway", secret=SECRET, body=body)

    response = client.post(URL, data=body, content_type="application/json", headers=headers)

    assert response.json() == {"code": 0, "msg": "接收成功"}
    order.refresh_from_db()
    assert order.status == OrderStatus.ACKNOWLEDGED
    assert SmsReply.objects.get().message_id == "1234567890"


def test_a_body_not_in_the_gateways_format_is_a_400(client, settings):
    settings.JIEFEN_SMS_INBOUND_FORMAT = "jiefen.core.sms.AliyunSmsUp"
    body = b'{"phone_number": "13805710001"}'
    headers = signed_headers(sender="sms-gateway", secret=SECRET, body=body)

    response = client.post(URL, data=body, content_type="application/json", headers=headers)

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("+8613805710001", "13805710001"),
        ("0086 138-0571-0001", "13805710001"),
        ("13805710001", "13805710001"),
    ],
)
def test_phone_numbers_are_compared_as_eleven_digits(raw, normal):
    assert phone_normalize(raw) == normal


def test_the_console_format_reads_one_message_or_several():
    one = ConsoleInbound().parse(b'{"message_id": "a", "phone": "13805710001", "text": "1 Y"}')
    many = ConsoleInbound().parse(
        b'[{"message_id": "a", "phone": "1", "text": "x"}, {"message_id": "b", "phone": "2", "text": "y"}]'
    )

    assert [m.message_id for m in one] == ["a"]
    assert [m.message_id for m in many] == ["a", "b"]


def test_aliyun_times_are_read_as_beijing_time():
    [message] = AliyunSmsUp().parse(
        b'[{"phone_number": "13805710001", "send_time": "2026-12-06 15:20:00", "content": "x",'
        b' "dest_code": "1", "sequence_id": "9"}]'
    )

    assert message.received_at.utcoffset().total_seconds() == 8 * 3600
    assert message.received_at.hour == 15


def test_the_very_same_signed_request_replayed_is_refused_and_changes_nothing(
    make_incident, client, police
):
    order = _police_order(make_incident())
    body = json.dumps(
        {"message_id": "r1", "phone": POLICE_PHONE, "text": f"{order.reply_code} H"}
    ).encode()
    headers = signed_headers(sender="sms-gateway", secret=SECRET, body=body)
    client.post(URL, data=body, content_type="application/json", headers=headers)

    replayed = client.post(URL, data=body, content_type="application/json", headers=headers)

    assert replayed.status_code == 401
    assert replayed.json()["detail"] == "重复的请求（重放）。"
    assert order.events.filter(kind=EventKind.HELP).count() == 1


def test_a_unit_can_also_call_for_help_from_the_incident_page(make_incident, police, client):
    order = _police_order(make_incident())
    client.force_login(police)

    client.post(
        f"/dispatch/orders/{order.pk}/help/", {"version": order.version, "note": "需要翻译"}
    )

    order.refresh_from_db()
    assert order.needs_help
    assert order.events.get(kind=EventKind.HELP).note == "需要翻译"
