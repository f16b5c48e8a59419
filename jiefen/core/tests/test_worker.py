"""The task worker's retries, its recovery of tasks a dead worker left running, and /healthz."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jiefen.core.background import TASK_MAX_ATTEMPTS, tasks_recover_orphans
from jiefen.core.models import ProcessHeartbeat, ProcessRestart, ProcessRole
from jiefen.core.worker import SupervisedWorker

pytestmark = pytest.mark.django_db
CALLS: list[str] = []


@task()
def locked_once() -> str:
    """Meets a locked database on its first run, as a task does behind a long request."""
    CALLS.append("call")
    if len(CALLS) == 1:
        raise OperationalError("database is locked")
    return "done"


@task()
def always_locked() -> None:
    raise OperationalError("database is locked")


@task()
def broken() -> None:
    raise ValueError("a real bug")


@pytest.fixture(autouse=True)
def _database_queue(settings):
    """The database queue, as in production (the test settings run tasks immediately)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    CALLS.clear()


def queued(fn, **extra) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=fn.module_path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
        **extra,
    )


def worker(name: str = "worker-test") -> SupervisedWorker:
    return SupervisedWorker(
        name=name,
        queue_names=["default"],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        excluded_queue_names=[],
    )


def run_once(w: SupervisedWorker) -> DBTaskResult | None:
    claimed = w._claim()
    if claimed is not None:
        w.run_task(claimed)
        claimed.refresh_from_db()
    return claimed


def test_a_task_that_meets_a_locked_database_goes_back_to_the_queue_with_a_delay():
    row = queued(locked_once)
    before = timezone.now()

    run_once(worker())

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert (
        before + dt.timedelta(seconds=5)
        <= row.run_after
        <= timezone.now() + dt.timedelta(seconds=5)
    )


def test_the_requeued_task_runs_when_its_delay_is_over(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    row = queued(locked_once)
    w = worker()
    run_once(w)
    time_machine.shift(dt.timedelta(seconds=6))

    again = run_once(w)

    assert again.pk == row.pk
    assert (again.status, again.return_value) == (TaskResultStatus.SUCCESSFUL, "done")
    assert len(again.worker_ids) == 2


def test_the_delay_doubles_with_each_attempt(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    row = queued(always_locked)
    w = worker()
    delays = []
    for _ in range(3):
        start = timezone.now()
        run_once(w)
        row.refresh_from_db()
        delays.append(round((row.run_after - start).total_seconds()))
        time_machine.shift(row.run_after - start)

    assert delays == [5, 10, 20]


def test_a_task_still_meeting_the_lock_after_the_last_attempt_is_recorded_failed(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    row = queued(always_locked)
    w = worker()
    for _ in range(TASK_MAX_ATTEMPTS):
        run_once(w)
        row.refresh_from_db()
        time_machine.shift(dt.timedelta(minutes=5))

    assert row.status == TaskResultStatus.FAILED
    assert "database is locked" in row.traceback


def test_a_task_that_fails_for_another_reason_is_failed_at_once():
    row = queued(broken)

    run_once(worker())

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ValueError"


def beat(name, *, beat_ago=dt.timedelta(0), started_ago=dt.timedelta(minutes=10), stopped=False):
    now = timezone.now()
    return ProcessHeartbeat.objects.create(
        name=name,
        role=ProcessRole.WORKER,
        pid=1,
        started_at=now - started_ago,
        beat_at=now - beat_ago,
        stopped_at=now if stopped else None,
    )


def running(name: str, *, started_ago=dt.timedelta(minutes=1)) -> DBTaskResult:
    return queued(
        locked_once,
        status=TaskResultStatus.RUNNING,
        worker_ids=[name],
        started_at=timezone.now() - started_ago,
    )


def test_a_task_left_running_by_a_silent_worker_is_requeued():
    beat("w-dead", beat_ago=dt.timedelta(minutes=5))
    row = running("w-dead")

    assert tasks_recover_orphans() == 1

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


def test_a_task_left_running_by_a_worker_since_restarted_under_its_name_is_requeued():
    beat("worker", started_ago=dt.timedelta(seconds=5))
    row = running("worker", started_ago=dt.timedelta(minutes=3))

    tasks_recover_orphans()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


def test_a_task_of_a_live_worker_is_left_running():
    beat("w-live")
    row = running("w-live")

    assert tasks_recover_orphans() == 0

    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_a_worker_found_not_stopped_cleanly_by_its_successor_is_recorded_as_restarted():
    from jiefen.core.background import process_started

    beat("worker", beat_ago=dt.timedelta(seconds=40))

    process_started(role=ProcessRole.WORKER, name="worker", previous_exit="被信号 SIGKILL 终止")

    restart = ProcessRestart.objects.get()
    assert restart.name == "worker"
    assert "未正常停止" in restart.reason and "SIGKILL" in restart.reason


def test_a_worker_that_stopped_cleanly_is_not_recorded_as_restarted():
    from jiefen.core.background import process_started

    beat("worker", stopped=True)

    process_started(role=ProcessRole.WORKER, name="worker")

    assert not ProcessRestart.objects.exists()


# /healthz with the database queue ------------------------------------------------------------


@pytest.fixture
def db_queue(settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # ages exact however slow the machine
    settings.JIEFEN_HEARTBEAT_SECONDS = 10
    settings.JIEFEN_QUEUE_STALE_SECONDS = 300


def scheduler_beat(ago=dt.timedelta(0)):
    now = timezone.now()
    ProcessHeartbeat.objects.create(
        name="scheduler", role=ProcessRole.SCHEDULER, pid=2, started_at=now, beat_at=now - ago
    )


def test_healthz_reports_the_heartbeats_and_the_queue_when_all_is_well(client, db_queue):
    beat("worker", beat_ago=dt.timedelta(seconds=4))
    scheduler_beat()
    queued(locked_once)

    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert 4 <= body["worker_heartbeat_age_seconds"] < 30
    assert body["queued_tasks"] == 1


def test_healthz_answers_503_when_no_worker_has_ever_reported(client, db_queue):
    scheduler_beat()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["reason"] == "no worker is running (none has reported a heartbeat)"


def test_healthz_answers_503_when_the_worker_heartbeat_is_six_beats_old(client, db_queue):
    beat("worker", beat_ago=dt.timedelta(seconds=61))
    scheduler_beat()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "worker heartbeat is 61 s old (limit 60 s)" in response.json()["reason"]


def test_healthz_answers_503_when_the_scheduler_stopped_ticking(client, db_queue):
    beat("worker")
    scheduler_beat(ago=dt.timedelta(minutes=5))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "scheduler heartbeat is 300 s old" in response.json()["reason"]


def test_healthz_answers_503_when_a_task_has_waited_too_long(client, db_queue):
    beat("worker")
    scheduler_beat()
    row = queued(locked_once)
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=6)
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "a task has waited 360 s in the queue (limit 300 s)" in response.json()["reason"]


def test_a_task_deferred_to_later_is_not_counted_as_waiting(client, db_queue):
    beat("worker")
    scheduler_beat()
    row = queued(locked_once)
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(hours=2),
        run_after=timezone.now() - dt.timedelta(seconds=30),
    )

    body = client.get("/healthz").json()

    assert 30 <= body["oldest_queued_task_age_seconds"] < 60
