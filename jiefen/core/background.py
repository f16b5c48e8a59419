"""Supervision of the background processes: heartbeats, restarts, tasks left running by a dead
worker, and the health that /healthz reports.

The task worker (`jiefen worker`) and the scheduler (`jiefen scheduler`) each write a heartbeat
row every `JIEFEN_HEARTBEAT_SECONDS`; /healthz answers 503 when the newest worker heartbeat or
the scheduler's last tick is older than six beats, or when a task has waited in the queue longer
than `JIEFEN_QUEUE_STALE_SECONDS`. What restarts a dead process is `jiefen serve`'s supervisor
(see `supervisor.py`) or systemd (deploy/)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import Case, F, Min, When
from django.utils import timezone

from jiefen.core.models import ProcessHeartbeat, ProcessRestart, ProcessRole

logger = logging.getLogger("jiefen.background")

# The worker requeues a task that failed on a locked database this many times, waiting
# RETRY_BASE_SECONDS * 2**(attempt-1) between attempts, before recording it as failed.
TASK_MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 5


def connections_refresh() -> None:
    """Per-request connection hygiene for a long-running loop: drop a connection that broke or
    aged out, as Django does between requests; never one in the middle of a transaction."""
    if not connection.in_atomic_block:
        close_old_connections()


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JIEFEN_HEARTBEAT_SECONDS", 10))


def stale_after() -> dt.timedelta:
    """A worker or scheduler is taken for dead after six missed beats."""
    return dt.timedelta(seconds=6 * heartbeat_seconds())


def queue_stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "JIEFEN_QUEUE_STALE_SECONDS", 300)))


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (PostgreSQL waits instead)."""
    return isinstance(error, OperationalError) and "locked" in str(error).lower()


def database_backend_in_use() -> bool:
    """Whether tasks go through the database queue (not the immediate backend of tests)."""
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def parent_gone() -> bool:
    """Whether the `serve` that started this process is gone (see supervisor.py)."""
    expected = os.environ.get("JIEFEN_PARENT_PID", "")
    return expected.isdigit() and os.getppid() != int(expected)


def process_started(*, role: str, name: str, previous_exit: str = "") -> ProcessHeartbeat:
    """Register a starting process; if the last process of this name did not stop cleanly, it
    died: record the restart (the supervisor passes how it ended as `previous_exit`)."""
    now = timezone.now()
    with transaction.atomic():
        previous = ProcessHeartbeat.objects.filter(name=name).first()
        if previous is not None and previous.stopped_at is None:
            reason = (
                f"上一进程（{previous.host} pid {previous.pid}）未正常停止，"
                f"最后心跳 {timezone.localtime(previous.beat_at):%Y-%m-%d %H:%M:%S}"
            )
            if previous_exit:
                reason += f"；{previous_exit}"
            ProcessRestart.objects.create(at=now, role=role, name=name, reason=reason[:300])
            logger.warning("%s restarted: %s", name, reason)
        beat, _created = ProcessHeartbeat.objects.update_or_create(
            name=name,
            defaults={
                "role": role,
                "host": socket.gethostname()[:100],
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
                "stopped_at": None,
            },
        )
    return beat


def process_beat(*, name: str) -> bool:
    """Write a heartbeat; False (and a log line) when the database does not take it now."""
    try:
        ProcessHeartbeat.objects.filter(name=name, pid=os.getpid()).update(beat_at=timezone.now())
    except OperationalError as e:
        logger.warning("%s: heartbeat not written: %s", name, e)
        return False
    return True


def process_stopped(*, name: str) -> None:
    """A clean stop: the next process of this name is not a restart."""
    try:
        ProcessHeartbeat.objects.filter(name=name, pid=os.getpid()).update(
            stopped_at=timezone.now()
        )
    except OperationalError as e:
        logger.warning("%s: clean stop not recorded: %s", name, e)


def heartbeats_prune(*, older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
    """Forget processes not heard of for a week (worker names that are no longer used)."""
    deleted, _ = ProcessHeartbeat.objects.filter(beat_at__lt=timezone.now() - older_than).delete()
    ProcessRestart.objects.filter(at__lt=timezone.now() - dt.timedelta(days=90)).delete()
    return deleted


def task_requeue(db_task, *, delay: dt.timedelta) -> None:
    """Put a claimed task back in the queue, to run again after `delay`."""
    from django_tasks.base import TaskResultStatus

    db_task.status = TaskResultStatus.READY
    db_task.run_after = timezone.now() + delay
    db_task.save(update_fields=["status", "run_after"])


def retry_delay(attempt: int) -> dt.timedelta:
    return dt.timedelta(seconds=RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0))


def tasks_recover_orphans() -> int:
    """Requeue tasks left running by a worker that has since died or restarted: the worker named
    last on the task either started again after the task did, stopped, or went silent."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    if not running:
        return 0
    names = {t.worker_ids[-1] for t in running if t.worker_ids}
    beats = {b.name: b for b in ProcessHeartbeat.objects.filter(name__in=names)}
    silent_since = timezone.now() - stale_after()
    recovered = 0
    for task in running:
        beat = beats.get(task.worker_ids[-1]) if task.worker_ids else None
        if beat is None:
            continue  # a worker that keeps no heartbeat (a plain db_worker): not ours to judge
        dead = (
            beat.stopped_at is not None
            or beat.beat_at < silent_since
            or (task.started_at is not None and beat.started_at > task.started_at)
        )
        if not dead:
            continue
        # Compare-and-swap: only while the task is still the one that dead worker was running.
        moved = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, worker_ids=task.worker_ids
        ).update(status=TaskResultStatus.READY, run_after=timezone.now())
        if moved:
            recovered += 1
            logger.warning("task %s requeued: its worker %s died", task.pk, beat.name)
    return recovered


@dataclass
class Health:
    ok: bool = True
    reasons: list[str] = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    def fail(self, reason: str) -> None:
        self.ok = False
        self.reasons.append(reason)


def _age(moment: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def background_health() -> Health:
    """Heartbeat of the freshest worker, the scheduler's last tick, the oldest waiting task."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    health = Health()
    if not database_backend_in_use():
        return health
    now = timezone.now()
    newest = {
        role: ProcessHeartbeat.objects.filter(role=role, stopped_at__isnull=True)
        .order_by("-beat_at")
        .values_list("beat_at", flat=True)
        .first()
        for role in ProcessRole.values
    }
    ready = DBTaskResult.objects.ready()
    waiting_since = ready.annotate(
        since=Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    ).aggregate(oldest=Min("since"))["oldest"]
    limit = stale_after().total_seconds()
    for role, label in ((ProcessRole.WORKER, "worker"), (ProcessRole.SCHEDULER, "scheduler")):
        age = _age(newest[role], now)
        health.detail[f"{label}_heartbeat_age_seconds"] = age
        if age is None:
            health.fail(f"no {label} is running (none has reported a heartbeat)")
        elif age > limit:
            health.fail(f"{label} heartbeat is {age:.0f} s old (limit {limit:.0f} s)")
    oldest = _age(waiting_since, now)
    health.detail["oldest_queued_task_age_seconds"] = oldest
    health.detail["queued_tasks"] = ready.count()
    queue_limit = queue_stale_after().total_seconds()
    if oldest is not None and oldest > queue_limit:
        health.fail(f"a task has waited {oldest:.0f} s in the queue (limit {queue_limit:.0f} s)")
    health.detail["restarts_last_24h"] = ProcessRestart.objects.filter(
        at__gte=now - dt.timedelta(hours=24)
    ).count()
    return health
