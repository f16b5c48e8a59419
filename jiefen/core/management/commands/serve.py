"""Serve the site as production does, on a small scale: gunicorn (the production server) with a
supervised task worker and scheduler beside it. `make run` runs this."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from jiefen.core.supervisor import Child, Supervisor, describe_exit, die_with_parent

# How long the web server may take to answer before `serve` gives up and says why.
START_SECONDS = 120


def _terminate(signum, frame):
    # SIGTERM ends the process without running `finally` blocks unless it becomes an exception:
    # as SystemExit it leaves the wait below, and the supervisor stops the children.
    sys.exit(0)


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


class Command(BaseCommand):
    help = "Run the web server (gunicorn), one task worker and the scheduler of periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2 * (os.cpu_count() or 1), 4),
            help="web server processes (default: two per core, at most four)",
        )
        parser.add_argument("--quiet", action="store_true", help="do not print the demo logins")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="load the demo district beside the web server (make run); the worker and the "
            "scheduler start once it is loaded",
        )

    def handle(self, *args, host: str, port: str, workers: int, quiet: bool, demo: bool, **options):
        logs = Path(settings.VAR_DIR) / "log"
        me = [sys.executable, sys.argv[0]]
        web = Child(
            "web",
            [
                *[sys.executable, "-m", "gunicorn", "config.wsgi:application"],
                *["--chdir", str(settings.BASE_DIR), "--bind", f"{host}:{port}"],
                *["--workers", str(workers), "--timeout", "60", "--graceful-timeout", "10"],
                *["--access-logfile", str(logs / "access.log")],
            ],
            log=logs / "web.log",
        )
        front = Supervisor(children=[web])
        # The worker and the scheduler wait for the demo: a year of seeded history is not theirs
        # to deliver, and they would only queue behind the seeder for SQLite's write lock.
        background = Supervisor(
            children=[
                Child(
                    "worker",
                    [*me, "worker", "--name", "worker", "--interval", "1"],
                    logs / "worker.log",
                ),
                Child(
                    "scheduler", [*me, "scheduler", "--name", "scheduler"], logs / "scheduler.log"
                ),
            ]
        )
        signal.signal(signal.SIGTERM, _terminate)
        seeder = self._start_seeder(me, logs / "demo.log") if demo else None
        front.start()
        try:
            self._wait_for_web(host, int(port), logs / "web.log")
            if seeder is not None:
                self._wait_for_demo(seeder, host, port, logs / "demo.log")
            background.start()
            if not quiet:
                self._print_welcome(host, port, logs)
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            if seeder is not None and seeder.poll() is None:
                seeder.terminate()
                seeder.wait(timeout=30)
            background.stop()
            front.stop()

    def _start_seeder(self, me: list[str], log: Path) -> subprocess.Popen:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as output:
            return subprocess.Popen(
                [*me, "seed_demo", "--progress"],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C reaches serve, which stops it
                preexec_fn=die_with_parent,
            )

    def _wait_for_demo(self, seeder: subprocess.Popen, host: str, port: str, log: Path) -> None:
        self.stdout.write(
            f"jiefen answers on http://{host}:{port}/ while it loads the demo district "
            f"(about a minute: progress on the login page, details in {log})"
        )
        self.stdout.flush()
        if seeder.wait() != 0:
            tail = log.read_text(errors="replace")[-3000:]
            raise CommandError(
                f"loading the demo district failed ({describe_exit(seeder.returncode)}):\n{tail}"
            )

    def _wait_for_web(self, host: str, port: int, log: Path) -> None:
        target = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 - bind-all
        deadline = time.monotonic() + START_SECONDS
        while not _answers(target, port):
            if time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise CommandError(f"the web server did not answer on {host}:{port}:\n{tail}")
            time.sleep(0.2)

    def _print_welcome(self, host: str, port: str, logs: Path) -> None:
        site = f"http://{host}:{port}"
        self.stdout.write(f"\njiefen is serving the demo district on {site}/")
        self.stdout.write(f"  public portal {site}/portal/ · API documentation {site}/api/docs/")
        self.stdout.write(
            f"  logs (web server, worker, scheduler, SMS and e-mail in development): {logs}/"
        )
        self.stdout.write("  stop with Ctrl-C")
        # Apps add their lines last (the demo logins) through `serve_welcome` on their AppConfig.
        for config in apps.get_app_configs():
            path = getattr(config, "serve_welcome", None)
            if path:
                for line in import_string(path)():
                    self.stdout.write(line)
        self.stdout.flush()
