"""Helpers for tests that run jiefen in child processes (serve, the worker, the scheduler)."""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
T = TypeVar("T")


def snapshot_database(path: Path) -> str:
    """A DATABASE_URL a child process can open: on SQLite a file copy of this test's database
    (its schema, made by the test run's migrations, and its rows); on PostgreSQL the test
    database itself (what this test committed). Use it in a `transaction=True` test: SQLite's
    backup of the shared in-memory database waits forever behind the test's open transaction."""
    assert not connection.in_atomic_block, "snapshot_database needs django_db(transaction=True)"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


def django_env(*, database: str, var_dir: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database,
            "DEBUG": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        }
    )
    if var_dir is not None:
        env["JIEFEN_VAR_DIR"] = str(var_dir)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, probe: Callable[[], T | None], *, timeout: float = 60) -> T:
    """Poll `probe` until it returns something truthy; fail with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)
