"""`jiefen serve` with its worker and scheduler as real processes, against a copy of the test
database: a locked database, a killed worker, a stopped or killed `serve`."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from jiefen.core.tests.processes import (
    ROOT,
    django_env,
    free_port,
    snapshot_database,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)
BEAT = 0.5  # seconds between heartbeats: a process is stale after six, 3 s
PATIENCE = 1  # the SQLite busy timeout of the child processes, seconds


def get_health(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}


def port_answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


class Serve:
    """A running `jiefen serve` and what it writes to its database."""

    def __init__(self, tmp_path: Path, database: str, *, quiet: bool = True):
        self.port = free_port()
        self.database = database
        self.log = tmp_path / "serve.log"
        self.var = tmp_path / "var"
        env = django_env(
            database=database,
            var_dir=tmp_path / "var",
            JIEFEN_HEARTBEAT_SECONDS=str(BEAT),
            JIEFEN_SQLITE_TIMEOUT=str(PATIENCE),
            JIEFEN_AUDIT_CHECKPOINT_FILE=str(tmp_path / "checkpoints.jsonl"),
        )
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [
                    *[sys.executable, "manage.py", "serve", "--port", str(self.port)],
                    *(["--quiet"] if quiet else []),
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if connection.vendor == "sqlite":
            db = sqlite3.connect(self.database.removeprefix("sqlite:///"), timeout=30)
            try:
                return db.execute(sql, params).fetchall()
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def pid_of(self, name: str) -> int | None:
        found = self.rows("SELECT pid FROM core_processheartbeat WHERE name = ?", (name,))
        return found[0][0] if found else None

    def healthy(self, timeout: float = 90) -> dict:
        return wait_for(
            f"/healthz 200 ({self.log.read_text()[-3000:]})",
            lambda: (lambda s, b: b if s == 200 else None)(*get_health(self.port)),
            timeout=timeout,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for name in ("worker", "scheduler"):  # never leave a child behind, whatever failed
            pid = self.pid_of(name)
            if pid and alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def serve(tmp_path):
    started: list[Serve] = []

    def start(database: str | None = None, *, quiet: bool = True) -> Serve:
        s = Serve(tmp_path, database or snapshot_database(tmp_path / "db.sqlite3"), quiet=quiet)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def test_a_database_locked_past_the_workers_patience_shows_503_then_the_worker_runs_the_task(
    serve, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("holds SQLite's write lock")
    queued = DBTaskResult.objects.create(
        task_path="jiefen.audit.tasks.audit_checkpoint_task",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),  # held back until the lock is taken
    )
    app = serve()
    app.healthy()
    worker_pid = app.pid_of("worker")
    db = sqlite3.connect(app.database.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    db.execute(
        f"UPDATE {DBTaskResult._meta.db_table} SET run_after = ? WHERE id = ?",  # noqa: S608
        (soon.strftime("%Y-%m-%d %H:%M:%S.%f"), uuid.UUID(str(queued.id)).hex),
    )

    db.execute("BEGIN IMMEDIATE")  # the write lock, as a long request holds it
    locked_at = time.monotonic()
    status, body = wait_for(
        "/healthz 503", lambda: (lambda s, b: (s, b) if s == 503 else None)(*get_health(app.port))
    )
    time.sleep(max(0.0, 5 * PATIENCE - (time.monotonic() - locked_at)))
    status_while_locked, _ = get_health(app.port)
    db.execute("ROLLBACK")
    db.close()

    assert status == status_while_locked == 503
    # The worker's and the scheduler's heartbeats both wait behind the lock: either goes stale first.
    assert "worker heartbeat" in body["reason"] or "scheduler heartbeat" in body["reason"]
    app.healthy()
    done = wait_for(
        "the queued task done",
        lambda: app.rows(
            f"SELECT status FROM {DBTaskResult._meta.db_table} WHERE id = ? AND status = ?",  # noqa: S608
            (uuid.UUID(str(queued.id)).hex, "SUCCESSFUL"),
        ),
    )
    assert done == [("SUCCESSFUL",)]
    assert app.pid_of("worker") == worker_pid and alive(worker_pid)  # it waited, it did not die
    assert "database is locked" in (app.var / "log" / "worker.log").read_text()


def test_a_killed_worker_is_started_again_and_the_restart_recorded(serve):
    app = serve()
    app.healthy()
    old = app.pid_of("worker")

    os.kill(old, signal.SIGKILL)

    new = wait_for(
        "a new worker", lambda: (app.pid_of("worker") or old) != old and app.pid_of("worker")
    )
    restarts = wait_for(
        "the restart recorded",
        lambda: app.rows("SELECT name, reason FROM core_processrestart WHERE name = 'worker'"),
    )
    assert alive(new)
    assert len(restarts) == 1
    assert f"pid {old}" in restarts[0][1] and "SIGKILL" in restarts[0][1]
    assert app.healthy()["restarts_last_24h"] == 1


def test_stopping_serve_stops_its_worker_and_scheduler(serve):
    app = serve()
    app.healthy()
    children = [app.pid_of("worker"), app.pid_of("scheduler")]

    app.process.send_signal(signal.SIGTERM)
    app.process.wait(timeout=60)

    assert [alive(pid) for pid in children] == [False, False]
    stopped = app.rows("SELECT name FROM core_processheartbeat WHERE stopped_at IS NOT NULL")
    assert sorted(name for (name,) in stopped) == ["scheduler", "worker"]


def test_the_children_of_a_serve_killed_outright_stop_by_themselves(serve):
    app = serve()
    app.healthy()
    children = [app.pid_of("worker"), app.pid_of("scheduler")]

    app.process.kill()
    app.process.wait(timeout=10)

    wait_for("the orphans to stop", lambda: not any(alive(pid) for pid in children), timeout=30)
    wait_for("the web server to stop", lambda: not port_answers(app.port), timeout=30)


def test_serve_prints_the_logins_last_and_keeps_its_childrens_output_in_var_log(serve):
    from jiefen.accounts.demo import NAMED

    app = serve(quiet=False)
    app.healthy()

    printed = wait_for("the logins", lambda: "demo logins" in app.log.read_text() and app.log)
    last_line = printed.read_text().rstrip().splitlines()[-1]
    assert last_line.split()[0] == NAMED[-1][0]
    assert "Booting worker" in (app.var / "log" / "web.log").read_text()
    assert (app.var / "log" / "worker.log").exists()
