"""`jiefen scheduler`: enqueue each app's periodic tasks when due (see jiefen/core/scheduler.py).

In production run exactly this beside the workers (deploy/jiefen-scheduler.service); `jiefen
serve` runs it for `make run`."""

import os
import signal
import sys

from django.core.management.base import BaseCommand

from jiefen.core.scheduler import Scheduler, periodic_tasks, scheduler_tick


def _exit(signum, frame):
    sys.exit(0)


class Command(BaseCommand):
    help = "Enqueue the periodic background tasks of every app when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="enqueue every task that is due, then exit"
        )
        parser.add_argument("--name", default="scheduler", help="this scheduler's name")
        parser.add_argument(
            "--every",
            type=float,
            default=0.0,
            help="seconds between ticks (JIEFEN_HEARTBEAT_SECONDS)",
        )

    def handle(self, *args, once: bool, name: str, every: float, **options):
        if once:
            enqueued = scheduler_tick()
            self.stdout.write(
                f"enqueued {len(enqueued)} of {len(periodic_tasks())} periodic tasks (the others "
                "are not due yet)"
            )
            return
        signal.signal(signal.SIGTERM, _exit)
        signal.signal(signal.SIGINT, _exit)
        Scheduler(
            name=name, every=every, previous_exit=os.environ.get("JIEFEN_PREVIOUS_EXIT", "")
        ).run()
