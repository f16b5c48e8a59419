from django.core.management.base import BaseCommand

from jiefen.cases.services.sweep import clock_sweep


class Command(BaseCommand):
    help = "Flag overdue clocks and notify the assignees and their leaders (run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"overdue clocks flagged: {clock_sweep()}")
