"""The figures read from a real PostgreSQL streaming replica; a user's own writes, a lagging
replica and a dead one keep reads on the primary.

`.ci/run` starts a standby on 127.0.0.1:5433 (pg_basebackup of the CI cluster) and runs these
with JIEFEN_REPLICA_URL set, outside pytest-xdist (one test pauses the standby's replay)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from jiefen.cases.models import Case
from jiefen.cases.tests.test_api import PAYLOAD
from jiefen.core.replica import LAG_SQL, REPLICA, replica_health_forget, replica_lag_seconds

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
    pytest.mark.skipif(not settings.JIEFEN_REPLICA_URL, reason="needs JIEFEN_REPLICA_URL"),
]
DASHBOARD = "/reports/"
SUMMARY = "/api/v1/reports/summary/"


@pytest.fixture(autouse=True)
def standby(settings):
    """Point the replica alias (a mirror of the test database) at the real standby, which streams
    the test database like every other, and turn replica reads on."""
    primary = connections["default"].settings_dict
    mirror = connections[REPLICA].settings_dict
    real = {
        **primary,
        **{k: v for k, v in settings.DATABASES[REPLICA].items() if k in ("HOST", "PORT")},
    }
    connections[REPLICA].close()
    connections[REPLICA].settings_dict = real
    settings.JIEFEN_REPLICA_READS = True
    settings.JIEFEN_REPLICA_STICKY_SECONDS = 2
    settings.JIEFEN_REPLICA_MAX_LAG_SECONDS = 1
    replica_health_forget()
    cache.clear()
    yield real
    connections[REPLICA].close()
    connections[REPLICA].settings_dict = mirror
    replica_health_forget()


def replicated(case_count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while Case.objects.using(REPLICA).count() != case_count:
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.1)


def caught_up(timeout: float = 20) -> None:
    """Wait until the standby has replayed all it received. Seeing the case is not enough: WAL
    written after it (the paused request's session and audit rows) may still be replaying, and
    meanwhile the lag reads as the age of the last replayed transaction, seconds old."""
    deadline = time.monotonic() + timeout
    while replica_lag_seconds() > settings.JIEFEN_REPLICA_MAX_LAG_SECONDS:
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.1)


def reads_on_replica(call) -> int:
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = call()
    assert response.status_code == 200, response.content[:300]
    # The router's own lag check runs on the replica too; it is not a page's read.
    return sum(q["sql"] != LAG_SQL for q in on_replica.captured_queries)


def test_the_replica_is_a_real_standby():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True


def test_a_leaders_dashboard_reads_from_the_replica(client, leader):
    client.force_login(leader)

    assert reads_on_replica(lambda: client.get(DASHBOARD)) > 0


def test_a_page_that_is_not_a_figure_never_reads_from_the_replica(client, leader):
    client.force_login(leader)

    assert reads_on_replica(lambda: client.get("/cases/")) == 0


def test_a_clerks_write_is_read_back_from_the_primary_then_the_replica_again(api_as, clerk):
    api = api_as(clerk)
    assert api.post("/api/v1/cases/", PAYLOAD, format="json").status_code == 201

    # Right after writing, the clerk's figures come from the primary and include the new case.
    assert reads_on_replica(lambda: api.get(SUMMARY)) == 0

    time.sleep(settings.JIEFEN_REPLICA_STICKY_SECONDS + 0.5)
    replicated(1)
    caught_up()
    cache.clear()  # the figures the first call cached would answer without reading
    assert reads_on_replica(lambda: api.get(SUMMARY)) > 0


def test_a_lagging_replica_is_bypassed(client, leader, clerk, api_as):
    client.force_login(leader)
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        api_as(clerk).post("/api/v1/cases/", PAYLOAD, format="json")
        time.sleep(settings.JIEFEN_REPLICA_MAX_LAG_SECONDS + 1)
        assert replica_lag_seconds() > settings.JIEFEN_REPLICA_MAX_LAG_SECONDS
        replica_health_forget()

        assert reads_on_replica(lambda: client.get(DASHBOARD)) == 0
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    replicated(1)
    caught_up()
    replica_health_forget()
    cache.clear()  # the figures the first call cached would answer without reading
    assert reads_on_replica(lambda: client.get(DASHBOARD)) > 0


def test_a_replica_that_is_down_is_bypassed(client, leader, standby):
    connections[REPLICA].close()
    connections[REPLICA].settings_dict = {**standby, "PORT": "1"}  # nothing listens there
    client.force_login(leader)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
