from django_tasks import task

from jiefen.outreach.services import warnings_run


@task()
def warnings_run_task() -> int:
    """The daily run of the early-warning rules (enqueued by the scheduler or by cron)."""
    return warnings_run()
