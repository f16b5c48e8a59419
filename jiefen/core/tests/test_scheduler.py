import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiefen.core.models import PeriodicTaskState
from jiefen.core.scheduler import periodic_tasks, scheduler_tick

pytestmark = pytest.mark.django_db


def test_the_clock_sweep_is_scheduled_every_five_minutes():
    assert ("jiefen.cases.tasks.clock_sweep_task", 300) in periodic_tasks()


def test_every_periodic_task_imports_as_a_task():
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    assert all(isinstance(import_string(path), Task) for path, _seconds in periodic_tasks())


def test_scheduler_once_enqueues_every_periodic_task_on_a_fresh_installation(capsys):
    call_command("scheduler", "--once")
    n = len(periodic_tasks())
    assert f"enqueued {n} of {n} periodic tasks" in capsys.readouterr().out


def test_a_task_run_by_one_tick_is_not_run_again_before_its_interval():
    start = timezone.now()
    first = scheduler_tick(now=start)
    again = scheduler_tick(now=start + dt.timedelta(seconds=299))
    later = scheduler_tick(now=start + dt.timedelta(seconds=300))

    assert "jiefen.cases.tasks.clock_sweep_task" in first
    assert "jiefen.cases.tasks.clock_sweep_task" not in again
    assert "jiefen.cases.tasks.clock_sweep_task" in later


def test_a_tick_records_when_each_task_ran_and_is_due_again():
    start = timezone.now()
    scheduler_tick(now=start)

    state = PeriodicTaskState.objects.get(task_path="jiefen.cases.tasks.clock_sweep_task")
    assert state.last_enqueued_at == start
    assert state.next_run_at == start + dt.timedelta(minutes=5)
    assert state.last_result_id


def test_a_changed_interval_moves_the_next_run_from_the_last_one():
    start = timezone.now()
    scheduler_tick(now=start)
    PeriodicTaskState.objects.filter(task_path="jiefen.cases.tasks.clock_sweep_task").update(
        interval_seconds=3600  # as an older release scheduled it
    )

    scheduler_tick(now=start + dt.timedelta(seconds=10))

    state = PeriodicTaskState.objects.get(task_path="jiefen.cases.tasks.clock_sweep_task")
    assert state.interval_seconds == 300
    assert state.next_run_at == start + dt.timedelta(seconds=300)
