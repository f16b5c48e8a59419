from django.core.management.base import BaseCommand

from jiefen.outreach.services import warnings_run


class Command(BaseCommand):
    help = "Run the early-warning rules over everything once (daily, from cron or the scheduler)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the run to the task worker instead"
        )

    def handle(self, *args, enqueue: bool, **options):
        if enqueue:
            from jiefen.outreach.tasks import warnings_run_task

            result = warnings_run_task.enqueue()
            self.stdout.write(f"enqueued warnings run: {result.id}")
            return
        raised = warnings_run()
        self.stdout.write(f"warnings raised: {raised}")
