import pytest
from django.core.management import call_command

from jiefen.core.management.commands.scheduler import periodic_tasks

pytestmark = pytest.mark.django_db


def test_the_clock_sweep_is_scheduled_every_five_minutes():
    assert ("jiefen.cases.tasks.clock_sweep_task", 300) in periodic_tasks()


def test_scheduler_once_enqueues_every_periodic_task(capsys):
    call_command("scheduler", "--once")
    assert f"enqueued {len(periodic_tasks())} periodic tasks" in capsys.readouterr().out
