"""The task worker: django-tasks-db's worker, with a heartbeat, patience for a locked database,
and retries for tasks that fail on one.

django-tasks-db (0.13) skips a locked database only around the claim query; a lock held while it
begins its exclusive transaction, or while it records a result (three tries of the busy timeout),
ends the process, and a task that itself meets the lock is recorded as failed for good. It has
no retry or backoff of its own. Here:
- the whole claim is retried when the database is locked, and the loop goes on;
- a task that raises "database is locked" goes back to the queue with a growing delay (up to
  `TASK_MAX_ATTEMPTS` attempts, counted by the worker ids the row keeps);
- recording a result waits out a lock instead of giving up;
- a thread writes the heartbeat, so a long task does not make the worker look dead, while a
  locked database (the heartbeat cannot be written) does show on /healthz;
- tasks left running by a dead worker are requeued (see `background.tasks_recover_orphans`)."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable

from django.db import OperationalError, close_old_connections, connection
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from jiefen.core.background import (
    TASK_MAX_ATTEMPTS,
    connections_refresh,
    heartbeat_seconds,
    heartbeats_prune,
    is_locked,
    parent_gone,
    process_beat,
    process_started,
    process_stopped,
    retry_delay,
    task_requeue,
    tasks_recover_orphans,
)
from jiefen.core.models import ProcessRole

logger = logging.getLogger("jiefen.worker")


class Heartbeat(threading.Thread):
    """Writes the process's heartbeat every `every` seconds on its own database connection."""

    def __init__(self, *, name: str, every: float):
        super().__init__(name=f"heartbeat-{name}", daemon=True)
        self.process_name = name
        self.every = every
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.every):
                if parent_gone():
                    logger.warning("%s: serve is gone, stopping", self.process_name)
                    os.kill(os.getpid(), signal.SIGTERM)
                    return
                process_beat(name=self.process_name)
                close_old_connections()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()


class SupervisedWorker(Worker):
    def __init__(self, *, name: str, previous_exit: str = "", **kwargs):
        super().__init__(worker_id=name, **kwargs)
        self.name = name
        self.previous_exit = previous_exit
        self.last_housekeeping = 0.0

    # The loop of django-tasks-db's Worker.run, with the claim guarded against a locked
    # database and the housekeeping added.
    def run(self) -> None:
        self._persist(
            lambda: process_started(
                role=ProcessRole.WORKER, name=self.name, previous_exit=self.previous_exit
            )
        )
        beat = Heartbeat(name=self.name, every=heartbeat_seconds())
        beat.start()
        logger.info("worker %s started (queues %s)", self.name, ",".join(self.queue_names))
        clean = False
        try:
            while self.running:
                connections_refresh()
                self._housekeeping()
                task_result = self._claim()
                if task_result is not None:
                    self.run_task(task_result)
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    break
                connections_refresh()
                if self.running and task_result is None:
                    time.sleep(self.interval)
            clean = True
        except SystemExit as e:
            # The signal handler exits with 0 on the first SIGTERM/SIGINT while idle.
            clean = e.code in (0, None)
            raise
        finally:
            beat.stop()
            if clean:
                process_stopped(name=self.name)

    def _claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
                return task_result
        except OperationalError as e:
            if not is_locked(e):
                raise
            logger.warning("worker %s: database locked, will try again: %s", self.name, e)
            return None

    def _housekeeping(self) -> None:
        """Now and then: requeue what dead workers left running, forget old heartbeats."""
        if time.monotonic() - self.last_housekeeping < 6 * heartbeat_seconds():
            return
        self.last_housekeeping = time.monotonic()
        try:
            tasks_recover_orphans()
            heartbeats_prune()
        except OperationalError as e:
            if not is_locked(e):
                raise
            logger.warning("worker %s: housekeeping postponed: %s", self.name, e)

    def _persist(self, write: Callable[[], object]) -> None:
        """Write, waiting out a locked database with a growing pause; never give up on a result
        (if the process is killed meanwhile, the task is requeued as an orphan)."""
        pause = 1.0
        while True:
            try:
                write()
                return
            except OperationalError as e:
                if not is_locked(e):
                    raise
                logger.warning(
                    "worker %s: database locked, waiting %.0f s: %s", self.name, pause, e
                )
                connections_refresh()
                time.sleep(pause)
                pause = min(pause * 2, 30)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one claimed task; success and failure are recorded as django-tasks-db does, but a
        failure on a locked database (or an interrupted task) goes back to the queue."""
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
        except BaseException as e:  # noqa: BLE001 - a task's failure is recorded, not raised
            self._failed(db_task_result, e)
            if not isinstance(e, Exception):
                raise  # SystemExit, KeyboardInterrupt: the worker is being stopped
        else:
            try:
                self._persist(lambda: db_task_result.set_successful(value))
            except Exception as error:  # noqa: BLE001 - e.g. a return value that is not JSON
                failure: Exception = error
                self._persist(lambda: db_task_result.set_failed(failure))
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _failed(self, db_task_result: DBTaskResult, error: BaseException) -> None:
        attempt = len(db_task_result.worker_ids)
        interrupted = not isinstance(error, Exception)
        if (is_locked(error) or interrupted) and attempt < TASK_MAX_ATTEMPTS:
            delay = retry_delay(attempt)
            self._persist(lambda: task_requeue(db_task_result, delay=delay))
            logger.warning(
                "task %s (%s) attempt %d %s; again in %.0f s",
                db_task_result.id,
                db_task_result.task_path,
                attempt,
                "interrupted" if interrupted else f"met a locked database ({error})",
                delay.total_seconds(),
            )
            return
        self._persist(lambda: db_task_result.set_failed(error))
        try:
            task_finished.send(
                sender=type(db_task_result.task.get_backend()),
                task_result=db_task_result.task_result,
            )
        except Exception:  # noqa: BLE001 - the task no longer imports: it is recorded anyway
            logger.exception("task %s failed", db_task_result.id)
