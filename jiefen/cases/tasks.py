from django_tasks import task

from jiefen.cases.services.sweep import clock_due_soon_sweep, clock_sweep


@task()
def clock_sweep_task() -> int:
    """Background sweep of clocks (enqueued by the scheduler in `jiefen serve` or by cron): the
    due-soon warnings, then the overdue flags; returns how many clocks were flagged overdue."""
    clock_due_soon_sweep()
    from jiefen.cases.services.calendar import calendar_reminder_send

    calendar_reminder_send()
    return clock_sweep()


@task()
def caseevent_partitions_task() -> int:
    """Make next year's partition of the timeline ahead of time (PostgreSQL; daily)."""
    from jiefen.cases.partitions import caseevent_partitions_ensure

    return len(caseevent_partitions_ensure())
