"""`jiefen worker`: run background tasks from the database queue (see jiefen/core/worker.py)."""

import os

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from jiefen.core.worker import SupervisedWorker


class Command(DbWorkerCommand):
    help = (
        "Run background tasks from the database queue, with a heartbeat, patience for a locked "
        "database and retries for tasks that fail on one."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--name",
            help="this worker's name, unique among the workers (default: worker-<host>-<pid>); "
            "a stable name lets the next process of that name record that this one died",
        )

    def handle(self, *args, name: str | None, worker_id: str, **options):  # type: ignore[override]  # adds --name
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = SupervisedWorker(
            name=name or f"worker-{os.uname().nodename}-{os.getpid()}"[:64],
            previous_exit=os.environ.get("JIEFEN_PREVIOUS_EXIT", ""),
            queue_names=queue_names,
            interval=options["interval"],
            batch=False,
            backend_name=options["backend_name"],
            startup_delay=False,
            max_tasks=options["max_tasks"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
