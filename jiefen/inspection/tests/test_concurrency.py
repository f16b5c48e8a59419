"""Two inspectors acting at once: one wins, the other is told the state moved (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from jiefen.core.exceptions import ConflictError
from jiefen.inspection.choices import InspectionStatus
from jiefen.inspection.models import Inspection
from jiefen.inspection.services import inspection_open

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")


def test_two_inspectors_opening_the_same_complaint_at_once_open_it_once(
    postgres_only, received, inspector, inspector2
):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def open_as(user) -> None:
        try:
            inspection = Inspection.objects.get(pk=received.pk)
            barrier.wait()
            inspection_open(inspection=inspection, actor=user)
            outcomes.append("opened")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_as, args=(u,)) for u in (inspector, inspector2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["conflict", "opened"]
    received.refresh_from_db()
    assert received.status == InspectionStatus.OPENED
    assert received.case.events.filter(summary__startswith="立案调查").count() == 1
