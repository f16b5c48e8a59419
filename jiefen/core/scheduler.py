"""The scheduler of periodic tasks: each app declares them, one process enqueues them when due.

Apps declare `periodic_tasks = (("dotted.path.to.task", seconds), ...)` on their AppConfig. The
tasks run on the task workers; the scheduler only enqueues, so one scheduler serves any number
of workers. When each task last ran and is due again is kept in `PeriodicTaskState`, so a
restarted scheduler picks up where the last one left off (a daily task does not run at every
restart), and the compare-and-swap on `next_run_at` lets a second scheduler run safely beside
the first (each run is enqueued once)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.apps import apps
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jiefen.core.background import (
    connections_refresh,
    heartbeat_seconds,
    is_locked,
    parent_gone,
    process_beat,
    process_started,
    process_stopped,
)
from jiefen.core.models import PeriodicTaskState, ProcessRole

logger = logging.getLogger("jiefen.scheduler")


def periodic_tasks() -> list[tuple[str, int]]:
    """Every app's periodic tasks: (dotted path of the task, interval in seconds)."""
    found = []
    for config in apps.get_app_configs():
        found += list(getattr(config, "periodic_tasks", ()))
    return found


def _states_ensure(schedule: list[tuple[str, int]], now: dt.datetime) -> None:
    """A row for each task (a new task is due at once); a changed interval moves the next run."""
    states = list(PeriodicTaskState.objects.filter(task_path__in=[p for p, _s in schedule]))
    known = {state.task_path for state in states}
    if any(path not in known for path, _s in schedule):
        PeriodicTaskState.objects.bulk_create(
            [
                PeriodicTaskState(task_path=path, interval_seconds=seconds, next_run_at=now)
                for path, seconds in schedule
                if path not in known
            ],
            ignore_conflicts=True,  # a second scheduler may have just created it
        )
    for state in states:
        seconds = dict(schedule)[state.task_path]
        if state.interval_seconds != seconds:
            base = state.last_enqueued_at or now
            PeriodicTaskState.objects.filter(pk=state.pk).update(
                interval_seconds=seconds, next_run_at=base + dt.timedelta(seconds=seconds)
            )


def scheduler_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic task that is due; returns the paths enqueued."""
    now = now or timezone.now()
    schedule = periodic_tasks()
    _states_ensure(schedule, now)
    enqueued = []
    due = PeriodicTaskState.objects.filter(
        task_path__in=[p for p, _s in schedule], next_run_at__lte=now
    ).order_by("next_run_at", "task_path")
    for state in due:
        with transaction.atomic():
            # Compare-and-swap: a second scheduler that saw the same row due moves nothing.
            moved = PeriodicTaskState.objects.filter(
                pk=state.pk, next_run_at=state.next_run_at
            ).update(
                next_run_at=now + dt.timedelta(seconds=state.interval_seconds),
                last_enqueued_at=now,
            )
            if moved != 1:
                continue
            # In the same transaction as the move: the run is enqueued exactly when it is
            # recorded (the database queue writes its row here too).
            result = import_string(state.task_path).enqueue()
            PeriodicTaskState.objects.filter(pk=state.pk).update(last_result_id=str(result.id))
        enqueued.append(state.task_path)
    return enqueued


@dataclass
class Scheduler:
    """The scheduler process's loop: a tick and a heartbeat every `every` seconds."""

    name: str = "scheduler"
    every: float = 0.0
    previous_exit: str = ""
    running: bool = True

    def run(self, *, ticks: int | None = None) -> None:
        every = self.every or heartbeat_seconds()
        for path, _seconds in periodic_tasks():
            import_string(path)  # a task that does not import stops the scheduler at once
        process_started(
            role=ProcessRole.SCHEDULER, name=self.name, previous_exit=self.previous_exit
        )
        logger.info("scheduler %s started: %d periodic tasks", self.name, len(periodic_tasks()))
        done = 0
        clean = False
        try:
            while self.running and (ticks is None or done < ticks):
                if parent_gone():
                    logger.warning("scheduler %s: serve is gone, stopping", self.name)
                    break
                connections_refresh()
                try:
                    for path in scheduler_tick():
                        logger.info("enqueued %s", path)
                    process_beat(name=self.name)
                except OperationalError as e:
                    # A locked database: the tick is late, not lost; the next one catches up.
                    if not is_locked(e):
                        raise
                    logger.warning("scheduler: database locked, tick postponed: %s", e)
                done += 1
                if self.running and (ticks is None or done < ticks):
                    time.sleep(every)
            clean = True
        except (SystemExit, KeyboardInterrupt) as e:
            clean = isinstance(e, KeyboardInterrupt) or e.code in (0, None)
            raise
        finally:
            connections_refresh()
            if clean:
                process_stopped(name=self.name)

    def stop(self, *_args) -> None:
        self.running = False


STATUS_LABELS = {
    "READY": gettext_lazy("排队中"),
    "RUNNING": gettext_lazy("运行中"),
    "SUCCESSFUL": gettext_lazy("成功"),
    "FAILED": gettext_lazy("失败"),
}


@dataclass(frozen=True)
class PeriodicTaskRow:
    path: str
    description: str
    interval_seconds: int
    last_enqueued_at: dt.datetime | None
    last_status: str
    last_finished_at: dt.datetime | None
    next_run_at: dt.datetime | None

    @property
    def interval_label(self) -> str:
        s = self.interval_seconds
        if s % 86400 == 0:
            return ngettext("每天", "每 %(n)d 天", s // 86400) % {"n": s // 86400}
        if s % 3600 == 0:
            return _("每 %(n)d 小时") % {"n": s // 3600}
        if s % 60 == 0:
            return _("每 %(n)d 分钟") % {"n": s // 60}
        return _("每 %(n)d 秒") % {"n": s}


def periodic_task_overview() -> list[PeriodicTaskRow]:
    """Every periodic task with its last run (and how it ended) and its next run."""
    schedule = periodic_tasks()
    states = {
        s.task_path: s for s in PeriodicTaskState.objects.filter(task_path__in=dict(schedule))
    }
    results = {}
    ids = [s.last_result_id for s in states.values() if s.last_result_id]
    if ids:
        from jiefen.core.background import database_backend_in_use

        if database_backend_in_use():
            from django_tasks_db.models import DBTaskResult

            results = {
                str(r.id): r
                for r in DBTaskResult.objects.filter(id__in=ids).only("id", "status", "finished_at")
            }
    rows = []
    for path, seconds in schedule:
        state = states.get(path)
        result = results.get(state.last_result_id) if state else None
        doc = (getattr(import_string(path), "func", None).__doc__ or "").strip().splitlines()
        rows.append(
            PeriodicTaskRow(
                path=path,
                description=doc[0] if doc else "",
                interval_seconds=seconds,
                last_enqueued_at=state.last_enqueued_at if state else None,
                last_status=str(STATUS_LABELS.get(result.status, result.status)) if result else "",
                last_finished_at=result.finished_at if result else None,
                next_run_at=state.next_run_at if state else None,
            )
        )
    return rows
