import datetime as dt

import pytest
from django.utils import timezone

from jiefen.core.scheduler import periodic_tasks, scheduler_tick

pytestmark = pytest.mark.django_db
URL = "/admin/core/periodictaskstate/"


def test_the_page_lists_every_periodic_task_with_its_last_and_next_run(client, administrator):
    ran = timezone.now() - dt.timedelta(minutes=2)
    scheduler_tick(now=ran)
    client.force_login(administrator)

    html = client.get(URL).content.decode()

    for path, _seconds in periodic_tasks():
        assert path in html
    assert "jiefen.mediation.tasks.mediation_followup_daily" in html
    next_sweep = timezone.localtime(ran + dt.timedelta(minutes=5))
    assert f"{next_sweep:%H:%M}" in html


def test_the_page_is_for_staff_only(client, clerk):
    client.force_login(clerk)

    response = client.get(URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
