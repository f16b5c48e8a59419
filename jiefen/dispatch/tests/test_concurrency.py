"""Two deliveries at the same moment, in two processes' worth of connections (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from jiefen.core.models import WebhookReceipt
from jiefen.core.webhooks import SignedSender, WebhookAuthenticationFailed, receipt_record
from jiefen.dispatch.models import DispatchOrder, Incident
from jiefen.dispatch.services import incident_receive

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes writers")


def _together(fn, n=2):
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            return fn(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(n) as pool:
        return [
            f.result() if not f.exception() else f.exception()
            for f in [pool.submit(run, i) for i in range(n)]
        ]


def test_the_same_incident_delivered_twice_at_once_is_stored_and_dispatched_once(police, inspector):
    received = timezone.now()

    results = _together(
        lambda i: incident_receive(
            incident_no="RACE-1",
            received_at=received,
            caller_name="张三",
            caller_phone="",
            address="转塘街道之江路1号",
            village_code="330106010002",
            people_involved=3,
            category="wage_arrears",
            description="讨薪",
        )
    )

    assert sorted(created for _incident, created in results) == [False, True]
    assert Incident.objects.filter(incident_no="RACE-1").count() == 1
    assert DispatchOrder.objects.count() == 2


def test_the_same_signature_arriving_twice_at_once_is_accepted_once():
    signed = SignedSender(sender="police110", timestamp=1, signature="ab" * 32)

    results = _together(lambda i: receipt_record(signed=signed))

    assert sum(isinstance(r, WebhookAuthenticationFailed) for r in results) == 1
    assert WebhookReceipt.objects.count() == 1
