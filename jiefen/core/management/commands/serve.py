"""Serve the site together with a supervised task worker and scheduler, as `make run` does."""

import signal
import sys

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from jiefen.core.supervisor import Child, Supervisor


def _terminate(signum, frame):
    # SIGTERM ends the process without running `finally` blocks unless it becomes an exception:
    # as SystemExit it leaves runserver's loop, and the supervisor stops the children.
    sys.exit(0)


class Command(BaseCommand):
    help = "Run the web server, one task worker and the scheduler of periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--quiet", action="store_true", help="do not print the demo logins")

    def handle(self, *args, host: str, port: str, quiet: bool, **options):
        me = [sys.executable, sys.argv[0]]
        supervisor = Supervisor(
            children=[
                Child("worker", [*me, "worker", "--name", "worker", "--interval", "1"]),
                Child("scheduler", [*me, "scheduler", "--name", "scheduler"]),
            ]
        )
        signal.signal(signal.SIGTERM, _terminate)
        supervisor.start()
        try:
            if not quiet:
                self._print_welcome(host, port)
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            supervisor.stop()

    def _print_welcome(self, host: str, port: str) -> None:
        self.stdout.write(f"\njiefen is serving the demo district on http://{host}:{port}/")
        # Apps add their lines (the demo logins) through `serve_welcome` on their AppConfig.
        for config in apps.get_app_configs():
            path = getattr(config, "serve_welcome", None)
            if path:
                for line in import_string(path)():
                    self.stdout.write(line)
        self.stdout.write(f"API documentation: http://{host}:{port}/api/docs/\n")
