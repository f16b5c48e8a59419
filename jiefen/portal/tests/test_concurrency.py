"""Limits and idempotency hold under simultaneous requests (PostgreSQL; SQLite serialises)."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection

from jiefen.cases.models import Case
from jiefen.portal import services
from jiefen.portal.choices import CodePurpose
from jiefen.portal.models import PhoneCode


def run_together(count: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def one(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as e:  # noqa: BLE001 - collected for the assertions
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is a PostgreSQL property (SQLite serialises writers)")


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_code_requests_to_one_phone_send_exactly_five():
    needs_postgres()

    errors = run_together(
        10,
        lambda i: services.code_send(
            phone="13905710001", purpose=CodePurpose.APPLY, client_ip=f"10.0.0.{i}"
        ),
    )

    assert PhoneCode.objects.count() == 5
    assert len(errors) == 5
    assert all(isinstance(e, services.RateLimited) for e in errors)


@pytest.mark.django_db(transaction=True)
def test_one_message_delivered_twice_at_once_creates_one_case():
    needs_postgres()
    from conftest import reference_data_ensure
    from jiefen.exchange.services import inbound_receive
    from jiefen.exchange.tests.test_exchange import provincial_message

    reference_data_ensure()
    body = json.loads(json.dumps(provincial_message()))
    results = []

    errors = run_together(
        4, lambda i: results.append(inbound_receive(sender="zj-province", body=body))
    )

    assert errors == []
    assert Case.objects.count() == 1
    assert {r.case.pk for r in results} == {Case.objects.get().pk}
    assert sorted(r.created for r in results) == [False, False, False, True]
