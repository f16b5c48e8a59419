"""Serve the site together with a background-task worker, as `make run` does."""

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jiefen.accounts.demo import DEMO_PASSWORD, NAMED


class Command(BaseCommand):
    help = "Run the web server, one task worker and the scheduler of periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host: str, port: str, **options):
        worker = subprocess.Popen([sys.executable, sys.argv[0], "db_worker", "--interval", "2"])
        scheduler = subprocess.Popen([sys.executable, sys.argv[0], "scheduler"])
        self.stdout.write(f"\njiefen is serving the demo district on http://{host}:{port}/")
        self.stdout.write(f"demo logins (password {DEMO_PASSWORD}):")
        for username, name, role, _kind, level, code in NAMED:
            self.stdout.write(
                f"  {username:<15} {name} · {role.label} · {level.label} {code or ''}"
            )
        self.stdout.write(f"API documentation: http://{host}:{port}/api/docs/\n")
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            for process in (scheduler, worker):
                process.terminate()
                process.wait(timeout=10)
