"""`python -m bench.load` begins the load once the background jobs are done, not beside them."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.load import _background_settled

pytestmark = pytest.mark.django_db


def _task(status: str, *, started_at=None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jiefen.cases.tasks.clock_sweep_task",
        backend_name="default",
        run_after=timezone.now() - dt.timedelta(seconds=1),
        started_at=started_at,
    )


def test_a_task_still_ready_when_the_wait_runs_out_is_reported():
    _task("READY")

    found = _background_settled(since=timezone.now(), seconds=0.05, poll=0.01)

    assert (found["ready"], found["running"]) == (1, 0)


def test_a_task_left_running_by_an_earlier_server_is_not_waited_for():
    server_started = timezone.now()
    _task("RUNNING", started_at=server_started - dt.timedelta(hours=1))

    found = _background_settled(since=server_started, seconds=30, poll=0.01)

    assert (found["ready"], found["running"]) == (0, 0)
    assert found["waited_s"] < 30


def test_a_task_this_server_started_is_waited_for():
    server_started = timezone.now()
    _task("RUNNING", started_at=server_started + dt.timedelta(seconds=1))

    found = _background_settled(since=server_started, seconds=0.05, poll=0.01)

    assert found["running"] == 1
