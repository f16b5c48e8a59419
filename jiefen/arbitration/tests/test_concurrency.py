"""Two clerks booking the same room at once: exactly one booking stands (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from jiefen.arbitration.models import Hearing
from jiefen.arbitration.services import hearing_book
from jiefen.arbitration.tests.conftest import at
from jiefen.core.exceptions import ConflictError


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_bookings_of_one_room_leave_exactly_one(
    tclerk, make_accepted, clerk, arbitrators, room
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    applications = [
        make_accepted(arbitrator=arbitrators[0]),
        make_accepted(arbitrator=arbitrators[1]),
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(application):
        try:
            barrier.wait()
            hearing_book(
                application=application,
                actor=tclerk,
                room=room,
                starts_at=at(2026, 11, 9, 9),
                ends_at=at(2026, 11, 9, 11),
                notice_on=dt.date(2026, 11, 2),
            )
            outcomes.append("booked")
        except ConflictError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["booked", "refused"]
    assert Hearing.objects.filter(room=room).count() == 1
