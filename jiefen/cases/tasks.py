from django_tasks import task

from jiefen.cases.services.sweep import clock_sweep


@task()
def clock_sweep_task() -> int:
    """Background sweep of overdue clocks (enqueued by the scheduler in `jiefen serve` or by cron)."""
    return clock_sweep()
