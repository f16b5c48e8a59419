"""`jiefen serve`'s supervisor of its background processes (the task worker, the scheduler).

It starts each child in a session of its own (a Ctrl-C in the terminal reaches only `serve`,
which then stops the children itself), starts again a child that died (at once the first time,
then after a pause that doubles up to a minute while it keeps dying), and on stop terminates
them all and waits, killing what does not stop in time. Each restart is logged here with how the
child ended, and recorded in the database by the new child (`background.process_started`).
A child also stops by itself when `serve` disappears without stopping it (killed with -9): it
watches its parent (`JIEFEN_PARENT_PID`). In production systemd does the same job
(deploy/*.service: `Restart=always`)."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("jiefen.supervisor")

# A child that ran this long before dying is restarted at once; one that dies sooner waits.
STEADY_SECONDS = 30.0
MAX_PAUSE_SECONDS = 60.0
PR_SET_PDEATHSIG = 1


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"被信号 {signal.Signals(-returncode).name} 终止"
        except ValueError:
            return f"被信号 {-returncode} 终止"
    return f"退出码 {returncode}"


def die_with_parent() -> None:
    """In the child, before it runs: ask Linux to end it when `serve` ends, even by SIGKILL
    (the web server cannot watch its parent the way the worker and the scheduler do)."""
    # Not Linux (no libc.so.6): the worker and the scheduler still watch their parent themselves.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    argv: list[str]
    # Where the child's output goes (appended); None: the supervisor's own terminal.
    log: Path | None = None
    process: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0
    restart_at: float = 0.0
    last_exit: str = ""
    restarts: int = 0


@dataclass
class Supervisor:
    children: list[Child]
    check_every: float = 1.0
    stop_timeout: float = 15.0
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _spawn(self, child: Child) -> None:
        env = {**self.env, "JIEFEN_PARENT_PID": str(os.getpid())}
        if child.last_exit:
            env["JIEFEN_PREVIOUS_EXIT"] = child.last_exit
        output = None
        if child.log is not None:
            child.log.parent.mkdir(parents=True, exist_ok=True)
            output = child.log.open("ab")
        try:
            child.process = subprocess.Popen(
                child.argv,
                env=env,
                start_new_session=True,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                preexec_fn=die_with_parent,
            )
        finally:
            if output:
                output.close()
        child.started = time.monotonic()
        logger.info("started %s (pid %s)", child.name, child.process.pid)

    def start(self) -> None:
        """Start every child and the thread that watches them."""
        with self._lock:
            for child in self.children:
                self._spawn(child)
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stopping.wait(self.check_every):
            self.check()

    def check(self) -> None:
        """Start again each child that died, once its pause is over."""
        with self._lock:
            if self._stopping.is_set():
                return
            now = time.monotonic()
            for child in self.children:
                if child.process is None or child.process.poll() is None:
                    continue
                if not child.restart_at:
                    ran = now - child.started
                    child.failures = 0 if ran >= STEADY_SECONDS else child.failures + 1
                    pause = (
                        0.0 if child.failures == 0 else min(2.0**child.failures, MAX_PAUSE_SECONDS)
                    )
                    child.last_exit = describe_exit(child.process.returncode)
                    child.restart_at = now + pause
                    logger.warning(
                        "%s (pid %s) died after %.0f s: %s; starting it again in %.0f s",
                        child.name,
                        child.process.pid,
                        ran,
                        child.last_exit,
                        pause,
                    )
                if now >= child.restart_at:
                    child.restart_at = 0.0
                    child.restarts += 1
                    self._spawn(child)

    def stop(self) -> None:
        """Terminate every child (SIGTERM), wait, kill what is still running after the timeout."""
        self._stopping.set()
        with self._lock:
            running = [c.process for c in self.children if c.process and c.process.poll() is None]
            for process in running:
                process.terminate()
            deadline = time.monotonic() + self.stop_timeout
            for process in running:
                try:
                    process.wait(timeout=max(deadline - time.monotonic(), 0.1))
                except subprocess.TimeoutExpired:
                    logger.warning("pid %s did not stop in time: killed", process.pid)
                    process.kill()
                    process.wait()
