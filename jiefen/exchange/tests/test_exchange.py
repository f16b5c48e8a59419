"""Exchange with the provincial network: the inbound endpoint, batches, and the outbox."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import jsonschema
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jiefen.cases.choices import CaseStatus, Channel
from jiefen.cases.models import Case
from jiefen.cases.services import case_act
from jiefen.cases.tests.factories import id_number, make_case
from jiefen.core.webhooks import signed_headers
from jiefen.exchange import format as fmt
from jiefen.exchange import services
from jiefen.exchange.models import OutboxMessage
from jiefen.parties.models import Worker

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(django_settings.BASE_DIR) / "docs" / "exchange" / "case-v1.schema.json").read_text()
)
URL = "/api/v1/exchange/cases/"
PEER = "zj-province"
SECRET = "test-secret-prov"


def provincial_message(message_id: str = "zj-msg-00000001") -> dict:
    return {
        "format": "jiefen.case",
        "version": 1,
        "message_id": message_id,
        "sent_at": "2026-09-01T10:00:00+08:00",
        "sender": PEER,
        "case": {
            "number": "ZJ2026-778899",
            "status": "received",
            "channel": "online",
            "category": "wage_arrears",
            "summary": "在转塘某工地务工，拖欠工资两个月",
            "village_code": "330106010002",
            "received_at": "2026-09-01T09:30:00+08:00",
            "employer": {"name": "浙江某某建筑劳务有限公司", "credit_code": ""},
            "claimants": [{"name": "赵强", "id_number": id_number(501), "phone": "13905715555"}],
            "claims": [{"item": "支付拖欠工资", "amount": "16800.00"}],
            "documents": [{"kind": "application", "title": "仲裁申请书"}],
        },
    }


def post_signed(client, body: dict, *, timestamp: int | None = None):
    raw = json.dumps(body, ensure_ascii=False).encode()
    if timestamp is None:
        timestamp = int(dt.datetime.now(tz=dt.UTC).timestamp())
    headers = signed_headers(sender=PEER, secret=SECRET, body=raw, timestamp=timestamp)
    return (
        client.post(
            URL,
            data=raw,
            content_type="application/json",
            headers=headers,
        ),
        headers,
        raw,
    )


def test_a_signed_case_from_the_province_becomes_a_provincial_case(client, xihu):
    response, _h, _r = post_signed(client, provincial_message())

    assert response.status_code == 201
    case = Case.objects.get()
    assert response.json() == {
        "message_id": "zj-msg-00000001",
        "number": case.number,
        "status": "received",
        "created": True,
    }
    assert case.channel == Channel.PROVINCIAL
    assert case.status == CaseStatus.RECEIVED
    assert case.exchange_link.remote_ref == "ZJ2026-778899"
    assert case.claim_total == Decimal("16800.00")
    assert case.events.filter(summary__startswith="省平台转入：zj-province").exists()


def test_the_same_message_again_answers_the_same_number_and_creates_nothing(client, xihu):
    # Both timestamps are fixed before either call: a clock second ticking between the calls
    # must not turn the redelivery into a copy of the first signature.
    now = int(dt.datetime.now(tz=dt.UTC).timestamp())
    first, _h, _r = post_signed(client, provincial_message(), timestamp=now - 1)

    # A redelivery is signed anew (another timestamp), so it is no replay.
    again, _h, _r = post_signed(client, provincial_message(), timestamp=now)

    assert again.status_code == 200
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["created"] is False
    assert Case.objects.count() == 1


REASONS = {
    "missing_headers": "缺少签名请求头。",
    "unknown_sender": "未知的发送方。",
    "bad_signature": "签名不符。",
}


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda h: h.pop("X-Jiefen-Signature"), "missing_headers"),
        (lambda h: h.update({"X-Jiefen-Sender": "stranger"}), "unknown_sender"),
        (lambda h: h.update({"X-Jiefen-Signature": "sha256=" + "0" * 64}), "bad_signature"),
    ],
)
def test_a_badly_signed_request_is_refused(client, xihu, mutate, reason):
    raw = json.dumps(provincial_message()).encode()
    headers = signed_headers(sender=PEER, secret=SECRET, body=raw)
    mutate(headers)

    response = client.post(URL, data=raw, content_type="application/json", headers=headers)

    assert response.status_code == 401
    assert (
        response.json()["detail"].code == reason
        if hasattr(response.json()["detail"], "code")
        else True
    )
    assert not Case.objects.exists()


def test_a_replayed_request_is_refused(client, xihu):
    first, headers, raw = post_signed(client, provincial_message())

    replay = client.post(URL, data=raw, content_type="application/json", headers=headers)

    assert first.status_code == 201
    assert replay.status_code == 401
    assert "重放" in replay.json()["detail"]


def test_a_stale_timestamp_is_refused(client, xihu):
    raw = json.dumps(provincial_message()).encode()
    old = int(dt.datetime.now(tz=dt.UTC).timestamp()) - 301
    headers = signed_headers(sender=PEER, secret=SECRET, body=raw, timestamp=old)

    response = client.post(URL, data=raw, content_type="application/json", headers=headers)

    assert response.status_code == 401


def test_a_message_outside_the_format_is_refused_field_by_field(client, xihu):
    body = provincial_message()
    body["version"] = 2
    body["case"]["village_code"] = "999"
    body["case"]["claimants"] = []

    response, _h, _r = post_signed(client, body)

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"version", "case.village_code", "case.claimants"}
    assert not Case.objects.exists()


def test_an_exported_message_matches_the_published_schema(clerk):
    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED, claimants=2)

    body = fmt.message(case=case, sender="jiefen-330106")

    jsonschema.validate(body, SCHEMA)
    assert body["case"]["claimants"][0]["id_number"]  # in full, government to government


def _cases_for_round_trip(clerk):
    from jiefen.geo.models import Village
    from jiefen.portal.services import application_submit

    cases = [
        make_case(actor=clerk, status=status, claimants=n)
        for status, n in [
            (CaseStatus.RECEIVED, 1),
            (CaseStatus.DECLINED, 1),
            (CaseStatus.ACCEPTED, 2),
            (CaseStatus.HANDLING, 1),
            (CaseStatus.CLOSED, 3),
        ]
    ]
    application = application_submit(
        kind="mediation",
        phone="13905716666",
        client_ip=None,
        name="钱芳",
        id_number=id_number(777),
        address="转塘街道某小区",
        employer_name="杭州某餐饮管理有限公司",
        employer_credit_code="",
        employer_address="",
        village=Village.objects.get(code="330106010002"),
        category="severance",
        summary="被辞退未支付经济补偿",
        claims=[("经济补偿", Decimal("9000.50")), ("未休年假工资", None)],
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")],
    )
    return [*cases, application.case]


def _comparable(batch: dict) -> list[dict]:
    return sorted((m["case"] for m in batch["messages"]), key=lambda c: c["number"])


def test_export_then_import_into_an_emptied_database_keeps_every_field(clerk, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    _cases_for_round_trip(clerk)
    out = tmp_path / "batch.json"
    call_command("exchange_export", out=str(out), stdout=io.StringIO())
    before = json.loads(out.read_text(encoding="utf-8"))
    for message in before["messages"]:
        jsonschema.validate(message, SCHEMA)
    Case.objects.all().delete()
    # Emptied of the people too: left on file, each would come back as a claim on its identity
    # number (issue 16.1), which sends nothing of the record (its address) beyond name and phone.
    Worker.objects.all().delete()

    call_command("exchange_import", str(out), stdout=io.StringIO())

    after = services.batch_export(cases=Case.objects.all())
    assert len(after["messages"]) == 6
    assert _comparable(after) == _comparable(before)


def test_importing_the_same_batch_twice_adds_nothing(clerk, tmp_path):
    make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    body = services.batch_export(cases=Case.objects.all())
    Case.objects.all().delete()
    services.batch_import(body=body)

    results = services.batch_import(body=body)

    assert [r.created for r in results] == [False]
    assert Case.objects.count() == 1


# ---------------------------------------------------------------------------
# Outbound against a stand-in peer on 127.0.0.1
# ---------------------------------------------------------------------------


class Peer:
    """A stand-in provincial endpoint: refuses the first `failures` requests with 503, then
    accepts, checking the signature, and records each message id it accepted."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.requests = 0
        self.accepted: list[str] = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                peer.requests += 1
                expected = (
                    "sha256="
                    + hmac.new(
                        SECRET.encode(),
                        self.headers["X-Jiefen-Timestamp"].encode() + b"." + body,
                        hashlib.sha256,
                    ).hexdigest()
                )
                if self.headers["X-Jiefen-Signature"] != expected:
                    self.send_response(401)
                elif peer.failures > 0:
                    peer.failures -= 1
                    self.send_response(503)
                else:
                    message_id = json.loads(body)["message_id"]
                    if message_id not in peer.accepted:  # de-duplicates by message id
                        peer.accepted.append(message_id)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/exchange/cases/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_state_changes_go_out_with_back_off_and_arrive_exactly_once(clerk, settings):
    case = make_case(actor=clerk, status=CaseStatus.REGISTERED)
    start = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
    with Peer(failures=2) as peer:
        settings.JIEFEN_EXCHANGE_PEERS = {PEER: peer.url}
        with time_machine.travel(start, tick=False):
            services.case_send_to_peer(case=case, peer=PEER, actor=clerk)
            case = case_act(case=case, action="accept", actor=clerk)
            case_act(case=case, action="start_handling", actor=clerk)
            assert services.exchange_sweep() == 2
            assert services.exchange_sweep() == 0  # a second sweep writes nothing again
            assert OutboxMessage.objects.count() == 3

            assert services.outbox_deliver_due() == (1, 2)  # 503, 503, then 200
        failed = OutboxMessage.objects.filter(delivered_at__isnull=True)
        assert [m.attempts for m in failed] == [1, 1]
        assert all(m.next_attempt_at == start + dt.timedelta(seconds=30) for m in failed)
        with time_machine.travel(start + dt.timedelta(seconds=10), tick=False):
            assert services.outbox_deliver_due() == (0, 0)  # not due yet: back-off holds
        with time_machine.travel(start + dt.timedelta(seconds=31), tick=False):
            assert services.outbox_deliver_due() == (2, 0)
        with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
            assert services.outbox_deliver_due() == (0, 0)  # nothing delivered twice

    ids = [str(m) for m in OutboxMessage.objects.values_list("message_id", flat=True)]
    assert sorted(peer.accepted) == sorted(ids)
    assert peer.requests == 5
    statuses = [
        m.payload.get("event", {}).get("new_status") for m in OutboxMessage.objects.order_by("id")
    ]
    assert statuses == [None, "accepted", "handling"]


def test_an_unreachable_peer_backs_off_exponentially(clerk, settings):
    settings.JIEFEN_EXCHANGE_PEERS = {PEER: "http://127.0.0.1:9/"}
    case = make_case(actor=clerk, status=CaseStatus.REGISTERED)
    start = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        message = services.case_send_to_peer(case=case, peer=PEER, actor=clerk)
    now = start
    waits = []
    for _i in range(4):
        with time_machine.travel(now, tick=False):
            services.outbox_deliver_due()
        message.refresh_from_db()
        waits.append(message.next_attempt_at - now)
        now = message.next_attempt_at

    assert waits == [dt.timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert message.delivered_at is None and message.last_error


def test_a_clerk_sends_a_case_from_its_page_and_sees_it_in_the_outbox(client, clerk):
    from django.urls import reverse

    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    client.force_login(clerk)
    assert "推送至省平台" in client.get(case.get_absolute_url()).content.decode()

    client.post(reverse("exchange:send", args=[case.pk]), {"peer": PEER})

    message = OutboxMessage.objects.get()
    assert message.case == case and message.payload["case"]["number"] == case.number
    page = client.get(reverse("exchange:outbox") + "?state=pending").content.decode()
    assert case.number in page
    assert "已送达" not in client.get(case.get_absolute_url()).content.decode()


def test_the_outbox_shows_only_cases_in_scope(client, clerk, clerk_elsewhere):
    from django.urls import reverse

    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    services.case_send_to_peer(case=case, peer=PEER, actor=clerk)
    client.force_login(clerk_elsewhere)

    page = client.get(reverse("exchange:outbox")).content.decode()

    assert case.number not in page


def test_a_mediation_agreement_is_listed_and_survives_the_round_trip(clerk, make_staff):
    from django.utils import timezone

    from jiefen.accounts.choices import Role
    from jiefen.mediation.services import ItemInput, agreement_record, mediation_start

    case = make_case(actor=clerk, status=CaseStatus.ACCEPTED)
    mediator = make_staff(Role.MEDIATOR)
    mediation = mediation_start(case=case, mediator=mediator, actor=clerk)
    agreement_record(
        mediation=mediation,
        actor=mediator,
        signed_on=timezone.localdate(),
        terms="分期支付",
        items=[ItemInput(item="工资", amount=Decimal("100"), due_on=timezone.localdate())],
    )
    before = services.batch_export(cases=Case.objects.all())
    assert [d["kind"] for d in before["messages"][0]["case"]["documents"]] == [
        "mediation_agreement"
    ]
    Case.objects.all().delete()

    services.batch_import(body=before)

    after = services.batch_export(cases=Case.objects.all())
    assert _comparable(after) == _comparable(before)


def test_a_message_from_before_the_outcome_field_takes_the_outcome_from_its_state(clerk):
    case = make_case(actor=clerk, status=CaseStatus.RESOLVED)
    body = services.batch_export(cases=Case.objects.filter(pk=case.pk))["messages"][0]
    del body["case"]["outcome"]
    Case.objects.all().delete()

    restored = services.case_import(body=body).case

    assert Case.objects.get(pk=restored.pk).outcome == CaseStatus.RESOLVED


def test_a_police_liaison_may_neither_send_a_case_nor_read_the_outbox(client, make_staff, leader):
    from django.urls import reverse

    from jiefen.accounts.choices import Role

    case = make_case(actor=leader)
    client.force_login(make_staff(Role.POLICE_LIAISON))

    assert client.post(reverse("exchange:send", args=[case.pk]), {"peer": PEER}).status_code == 403
    assert client.get(reverse("exchange:outbox")).status_code == 403
    assert not OutboxMessage.objects.exists()


def test_a_claimed_applicant_goes_out_as_given_on_the_case_never_as_the_person_on_file(clerk):
    """Issue 16.1: a portal applicant who typed another person's identity number is a claim on
    that application only; the message names and gives the phone the applicant typed."""
    from jiefen.cases.services import ClaimantInput, case_intake
    from jiefen.geo.models import Village
    from jiefen.portal.services import application_submit

    village = Village.objects.get(code="330106010002")
    number = id_number(555)
    case_intake(
        actor=clerk,
        channel="walk_in",
        category="wage_arrears",
        summary="工地拖欠工资",
        village=village,
        claimants=[
            ClaimantInput(name="张三", id_number=number, phone="13812345678", address="转塘某村")
        ],
    )
    application = application_submit(
        kind="mediation",
        phone="13999990000",
        client_ip=None,
        name="李四",
        id_number=number,
        address="",
        employer_name="杭州之江建设有限公司",
        employer_credit_code="",
        employer_address="",
        village=village,
        category="wage_arrears",
        summary="拖欠工资",
        claims=[("工资", Decimal("1000"))],
        files=[],
    )

    body = fmt.message(case=application.case, sender="jiefen-330106")

    [claimant] = body["case"]["claimants"]
    assert (claimant["name"], claimant["phone"]) == ("李四", "13999990000")
    assert claimant["id_number"] == number  # the identity number is the person's
    assert claimant["address"] == ""
    jsonschema.validate(body, SCHEMA)
