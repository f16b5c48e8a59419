"""Personal data of the exchange at rest, the peer configuration, and the provincial stand-in."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from jiefen.cases.choices import CaseStatus
from jiefen.cases.tests.factories import make_case
from jiefen.core import crypto
from jiefen.exchange import services
from jiefen.exchange.checks import exchange_peers_configured
from jiefen.exchange.models import OutboxMessage
from jiefen.exchange.standin import ProvinceStandin

PEER = "zj-province"
SECRET = "test-secret-prov"


@pytest.mark.django_db
def test_an_outbox_payload_rests_encrypted_and_reads_back_whole(clerk):
    case = make_case(actor=clerk, status=CaseStatus.REGISTERED)
    claimant = case.claimants.select_related("worker").first().worker
    id_number = crypto.decrypt(claimant.id_number_cipher)

    message = services.case_send_to_peer(case=case, peer=PEER, actor=clerk)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT payload_cipher FROM exchange_outboxmessage WHERE id = %s", [message.pk]
        )
        (stored,) = cursor.fetchone()
    assert id_number and id_number not in stored and case.number not in stored
    read = OutboxMessage.objects.get(pk=message.pk).payload
    assert read["case"]["claimants"][0]["id_number"] == id_number


def test_check_deploy_refuses_an_enabled_exchange_without_a_peer(settings):
    settings.JIEFEN_EXCHANGE_ENABLED = True
    settings.JIEFEN_EXCHANGE_PEERS = {}

    assert [e.id for e in exchange_peers_configured(None)] == ["jiefen.exchange.E001"]


def test_check_deploy_refuses_a_peer_without_a_secret(settings):
    settings.JIEFEN_EXCHANGE_PEERS = {"js-province": "https://js.example/api/v1/exchange/cases/"}

    assert [e.id for e in exchange_peers_configured(None)] == ["jiefen.exchange.E002"]


def test_check_deploy_accepts_a_disabled_exchange_or_a_configured_peer(settings):
    settings.JIEFEN_EXCHANGE_ENABLED = False
    settings.JIEFEN_EXCHANGE_PEERS = {}
    disabled = exchange_peers_configured(None)
    settings.JIEFEN_EXCHANGE_ENABLED = True
    settings.JIEFEN_EXCHANGE_PEERS = {PEER: "https://zj.example/api/v1/exchange/cases/"}

    assert disabled == [] and exchange_peers_configured(None) == []


def test_the_peers_are_read_from_the_environment(monkeypatch):
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("JIEFEN_EXCHANGE_PEERS", "zj-province=https://zj.example/in/,js=https://js/")
    try:
        reloaded = importlib.reload(base)
        peers = reloaded.JIEFEN_EXCHANGE_PEERS
    finally:
        monkeypatch.delenv("JIEFEN_EXCHANGE_PEERS")
        importlib.reload(base)

    assert peers == {"zj-province": "https://zj.example/in/", "js": "https://js/"}


@pytest.mark.django_db
def test_the_stand_in_takes_a_signed_message_once_and_checks_it_against_the_schema(clerk, settings):
    case = make_case(actor=clerk, status=CaseStatus.REGISTERED)
    message = services.case_send_to_peer(case=case, peer=PEER, actor=clerk)

    with ProvinceStandin(secret=SECRET) as province:
        settings.JIEFEN_EXCHANGE_PEERS = {PEER: province.url}
        delivered = services.outbox_deliver_due()

    message.refresh_from_db()
    assert delivered == (1, 0) and message.last_status == 200
    assert province.accepted == {str(message.message_id): case.number}


def test_the_stand_in_refuses_a_wrong_signature_and_a_message_outside_the_format():
    from jiefen.core.webhooks import signed_headers

    province = ProvinceStandin(secret=SECRET)
    raw = json.dumps({"format": "jiefen.case"}).encode()

    forged = province.receive(headers=signed_headers(sender="x", secret="guess", body=raw), raw=raw)
    outside = province.receive(headers=signed_headers(sender="x", secret=SECRET, body=raw), raw=raw)
    province.server.server_close()

    assert forged[0] == 401
    assert outside[0] == 400 and "case" in outside[1]
