import datetime as dt

import pytest

from jiefen.accounts.models import Notification
from jiefen.core.scheduler import Scheduler
from jiefen.mediation.choices import PaymentStatus
from jiefen.mediation.services import mediation_start
from jiefen.mediation.tests.test_services import _agree

pytestmark = pytest.mark.django_db


def test_one_tick_of_the_scheduler_runs_the_daily_follow_up_of_agreements(
    handling_case, clerk, mediator, time_machine
):
    time_machine.move_to(dt.datetime(2026, 9, 16, 10, tzinfo=dt.UTC), tick=False)
    mediation = mediation_start(case=handling_case, mediator=mediator, actor=clerk)
    item = _agree(mediation, mediator, due=dt.date(2026, 9, 30)).items.get()
    time_machine.move_to(dt.datetime(2026, 10, 1, 1, tzinfo=dt.UTC), tick=False)

    Scheduler(every=0.01).run(ticks=1)  # the loop `jiefen serve` runs, one tick

    item.refresh_from_db()
    assert item.status == PaymentStatus.UNPAID
    assert Notification.objects.filter(user=mediator, message__contains="请督促履行").exists()
