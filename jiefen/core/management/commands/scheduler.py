"""Enqueue each app's periodic tasks at their interval (the deadline sweep, daily rules).

Apps declare `periodic_tasks = (("dotted.path.to.task", seconds), ...)` on their AppConfig. The
tasks run on the task workers; this process only enqueues, so one scheduler serves any number of
workers. In production cron can run the matching commands instead."""

import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


def periodic_tasks() -> list[tuple[str, int]]:
    found = []
    for config in apps.get_app_configs():
        found += list(getattr(config, "periodic_tasks", ()))
    return found


class Command(BaseCommand):
    help = "Enqueue the periodic background tasks of every app at their intervals."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue every task once and exit")

    def handle(self, *args, once: bool, **options):
        schedule = periodic_tasks()
        next_run = {path: 0.0 for path, _seconds in schedule}
        while True:
            now = time.monotonic()
            for path, seconds in schedule:
                if now >= next_run[path]:
                    import_string(path).enqueue()
                    next_run[path] = now + seconds
            if once:
                self.stdout.write(f"enqueued {len(schedule)} periodic tasks")
                return
            time.sleep(5)
